/**
 * The answer cache lives in Workers KV, not D1: KV expires entries by itself, so the cache costs the database nothing
 * (it was a quarter of D1's growth per ask), and it is read at the edge. Each entry has a marker key under its
 * creator's prefix, so erasure can find a person's entries without scanning the cache.
 *
 * The retired D1 table is still purged here until a later migration drops it: the version serving before this one
 * writes it during a gradual rollout.
 */
import { lt } from 'drizzle-orm';
import type { Db } from './client';
import { answerCache } from './schema';

/** KV refuses expirations under a minute. */
export const MIN_CACHE_TTL_SECONDS = 60;

const entryKey = (key: string) => `answer:${key}`;
const creatorPrefix = (userId: string) => `answers-of:${encodeURIComponent(userId)}:`;

export async function cachedAnswer(kv: KVNamespace, key: string): Promise<Record<string, unknown> | undefined> {
  return (await kv.get<Record<string, unknown>>(entryKey(key), 'json')) ?? undefined;
}

export async function storeAnswer(kv: KVNamespace, entry: { key: string; userId: string; payload: Record<string, unknown>; ttlSeconds: number }): Promise<void> {
  const expirationTtl = Math.max(MIN_CACHE_TTL_SECONDS, entry.ttlSeconds);
  await Promise.all([
    kv.put(entryKey(entry.key), JSON.stringify(entry.payload), { expirationTtl }),
    kv.put(creatorPrefix(entry.userId) + entry.key, '', { expirationTtl }),
  ]);
}

export async function deleteAnswersOf(kv: KVNamespace, userId: string): Promise<number> {
  const prefix = creatorPrefix(userId);
  let deleted = 0;
  let cursor: string | undefined;
  do {
    const page = await kv.list({ prefix, ...(cursor ? { cursor } : {}) });
    await Promise.all(page.keys.map(({ name }) => Promise.all([kv.delete(name), kv.delete(entryKey(name.slice(prefix.length)))])));
    deleted += page.keys.length;
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return deleted;
}

/** Rows the previous version wrote to the retired D1 table, once they have expired. */
export async function purgeRetiredCacheRows(db: Db): Promise<number> {
  const gone = await db.delete(answerCache).where(lt(answerCache.expiresAt, new Date())).returning({ key: answerCache.key });
  return gone.length;
}
