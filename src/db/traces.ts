/** Writes and reads model-call traces. Callers pass already-redacted prompt and response text. */
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from './client';
import { traces } from './schema';

export type TraceRow = typeof traces.$inferSelect;
export type NewTrace = typeof traces.$inferInsert;

export async function insertTrace(db: Db, trace: NewTrace): Promise<void> {
  await db.insert(traces).values(trace);
}

export async function listTraces(db: Db, filter: { userId?: string; requestId?: string; limit: number }): Promise<TraceRow[]> {
  const conditions = [
    filter.userId ? eq(traces.userId, filter.userId) : undefined,
    filter.requestId ? eq(traces.requestId, filter.requestId) : undefined,
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
