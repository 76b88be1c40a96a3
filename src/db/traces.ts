/** Writes and reads model-call traces. Callers pass already-redacted prompt and response text. */
import { and, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db } from './client';
import { traces } from './schema';

export type TraceRow = typeof traces.$inferSelect;
export type NewTrace = typeof traces.$inferInsert;

export async function insertTrace(db: Db, trace: NewTrace): Promise<void> {
  await db.insert(traces).values(trace);
}

export async function listTraces(db: Db, filter: { userId?: string; requestId?: string; taskId?: string; limit: number }): Promise<TraceRow[]> {
  const conditions = [
    filter.userId ? eq(traces.userId, filter.userId) : undefined,
    filter.requestId ? eq(traces.requestId, filter.requestId) : undefined,
    filter.taskId ? eq(traces.taskId, filter.taskId) : undefined,
  ].filter((c) => c !== undefined);
  return db
    .select()
    .from(traces)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(traces.createdAt))
    .limit(filter.limit)
    .all();
}

export async function getTrace(db: Db, id: string): Promise<TraceRow | undefined> {
  return db.select().from(traces).where(eq(traces.id, id)).get();
}

/** Tokens (in + out) a user's model calls used since a moment; the daily budget reads this. */
export async function tokensUsedSince(db: Db, userId: string, since: Date): Promise<number> {
  const row = await db
    .select({ n: sql<number>`coalesce(sum(${traces.tokensIn} + ${traces.tokensOut}), 0)` })
    .from(traces)
    .where(and(eq(traces.userId, userId), gte(traces.createdAt, since)))
    .get();
  return Number(row?.n ?? 0);
}

export async function purgeTraces(db: Db, before: Date): Promise<number> {
  return (await db.delete(traces).where(lt(traces.createdAt, before)).returning({ id: traces.id })).length;
}

export async function deleteTracesOf(db: Db, userId: string): Promise<number> {
  return (await db.delete(traces).where(eq(traces.userId, userId)).returning({ id: traces.id })).length;
}
