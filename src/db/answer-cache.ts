/** The answer cache table: lookups count hits; rows expire and can be erased per user. */
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Db } from './client';
import { answerCache } from './schema';

export async function cachedAnswer(db: Db, key: string): Promise<Record<string, unknown> | undefined> {
  const row = await db
    .update(answerCache)
    .set({ hits: sql`${answerCache.hits} + 1` })
    .where(and(eq(answerCache.key, key), gt(answerCache.expiresAt, new Date())))
    .returning({ payload: answerCache.payload })
    .get();
  return row?.payload;
}

export async function storeAnswer(db: Db, entry: { key: string; userId: string; payload: Record<string, unknown>; ttlSeconds: number }): Promise<void> {
  const expiresAt = new Date(Date.now() + entry.ttlSeconds * 1000);
  await db
    .insert(answerCache)
    .values({ key: entry.key, userId: entry.userId, payload: entry.payload, expiresAt })
    .onConflictDoUpdate({ target: answerCache.key, set: { payload: entry.payload, expiresAt, userId: entry.userId } });
}

export async function purgeExpiredAnswers(db: Db): Promise<number> {
  const gone = await db.delete(answerCache).where(lt(answerCache.expiresAt, new Date())).returning({ key: answerCache.key });
  return gone.length;
}

export async function deleteAnswersOf(db: Db, userId: string): Promise<number> {
  const gone = await db.delete(answerCache).where(eq(answerCache.userId, userId)).returning({ key: answerCache.key });
  return gone.length;
}
