/**
 * The answer cache lives in Workers KV, not D1: KV expires entries by itself, so the cache costs the database nothing
 * (it was a quarter of D1's growth per ask), and it is read at the edge. Each entry names its creator in its KV
 * metadata, which a list returns with the keys: erasure (rare) pages through the cache's keys, 1,000 a call, so an ask
 * (hot) stores one key, not an entry and a marker.
 *
 * The retired D1 table is still purged here until a later migration drops it: the version serving before this one
 * writes it during a gradual rollout.
 */
import { lt } from 'drizzle-orm';
import type { Db } from './client';
import { answerCache } from './schema';

/** KV refuses expirations under a minute. */
export const MIN_CACHE_TTL_SECONDS = 60;

const ENTRY_PREFIX = 'answer:';
const entryKey = (key: string) => `${ENTRY_PREFIX}${key}`;
/** Marker keys written beside each entry by the version before this one; they expire with their entries. */
const legacyCreatorPrefix = (userId: string) => `answers-of:${encodeURIComponent(userId)}:`;

interface EntryMetadata {
  creator: string;
}

export async function cachedAnswer(kv: KVNamespace, key: string): Promise<Record<string, unknown> | undefined> {
  return (await kv.get<Record<string, unknown>>(entryKey(key), 'json')) ?? undefined;
}

export async function storeAnswer(kv: KVNamespace, entry: { key: string; userId: string; payload: Record<string, unknown>; ttlSeconds: number }): Promise<void> {
  const metadata: EntryMetadata = { creator: entry.userId };
  await kv.put(entryKey(entry.key), JSON.stringify(entry.payload), { expirationTtl: Math.max(MIN_CACHE_TTL_SECONDS, entry.ttlSeconds), metadata });
}

/** Every key under `prefix` that `pick` selects, deleted page by page; returns how many were picked. */
async function deleteListed(kv: KVNamespace, prefix: string, pick: (key: KVNamespaceListKey<EntryMetadata>) => string[]): Promise<number> {
  let deleted = 0;
  let cursor: string | undefined;
  do {
    const page = await kv.list<EntryMetadata>({ prefix, ...(cursor ? { cursor } : {}) });
    const picked = page.keys.map(pick).filter((names) => names.length > 0);
    await Promise.all(picked.flat().map((name) => kv.delete(name)));
    deleted += picked.length;
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return deleted;
}

export async function deleteAnswersOf(kv: KVNamespace, userId: string): Promise<number> {
  const own = await deleteListed(kv, ENTRY_PREFIX, (k) => (k.metadata?.creator === userId ? [k.name] : []));
  const prefix = legacyCreatorPrefix(userId);
  const legacy = await deleteListed(kv, prefix, (k) => [k.name, entryKey(k.name.slice(prefix.length))]);
  return own + legacy;
}

/** Rows the previous version wrote to the retired D1 table, once they have expired. */
export async function purgeRetiredCacheRows(db: Db): Promise<number> {
  const gone = await db.delete(answerCache).where(lt(answerCache.expiresAt, new Date())).returning({ key: answerCache.key });
  return gone.length;
}
