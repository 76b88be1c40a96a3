/** Writes and reads model-call trace metadata in D1; the bodies are in R2 (trace-bodies.ts). */
import { and, desc, eq, getTableColumns, lt } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from './client';
import { traces } from './schema';
import { addTokens } from './token-usage';

export type TraceRow = Omit<typeof traces.$inferSelect, 'prompt' | 'response' | 'gatewayMetadata'>;

/** Every column but the legacy body columns (the bodies are in R2). */
const { prompt: _prompt, response: _response, gatewayMetadata: _gatewayMetadata, ...metadataColumns } = getTableColumns(traces);
export type NewTrace = typeof traces.$inferInsert;

/** The row's insert and, when it spent tokens, the addition to the person's daily counter: one batch. */
export function traceStatements(db: Db, trace: NewTrace): [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]] {
  const tokens = (trace.tokensIn ?? 0) + (trace.tokensOut ?? 0);
  const insert = db.insert(traces).values(trace);
  return trace.userId && tokens > 0 ? [insert, addTokens(db, trace.userId, tokens, trace.createdAt ?? new Date())] : [insert];
}

/** Inserts the row and, in the same batch, adds its tokens to the person's daily counter. */
export async function insertTrace(db: Db, trace: NewTrace): Promise<void> {
  await db.batch(traceStatements(db, trace));
}

export async function listTraces(db: Db, filter: { userId?: string; requestId?: string; taskId?: string; limit: number }): Promise<TraceRow[]> {
  const conditions = [
    filter.userId ? eq(traces.userId, filter.userId) : undefined,
    filter.requestId ? eq(traces.requestId, filter.requestId) : undefined,
    filter.taskId ? eq(traces.taskId, filter.taskId) : undefined,
  ].filter((c) => c !== undefined);
  return db
    .select(metadataColumns)
    .from(traces)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(traces.createdAt))
    .limit(filter.limit)
    .all();
}

export async function getTrace(db: Db, id: string): Promise<TraceRow | undefined> {
  return db.select(metadataColumns).from(traces).where(eq(traces.id, id)).get();
}

/** Deletes traces older than a moment; returns their ids so their R2 bodies can go too. */
export async function purgeTraces(db: Db, before: Date): Promise<string[]> {
  return (await db.delete(traces).where(lt(traces.createdAt, before)).returning({ id: traces.id })).map((r) => r.id);
}

export async function deleteTracesOf(db: Db, userId: string): Promise<string[]> {
  return (await db.delete(traces).where(eq(traces.userId, userId)).returning({ id: traces.id })).map((r) => r.id);
}
