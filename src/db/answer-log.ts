/** The answer log: one row per served answer, read by feedback (who owns it), the failure inbox and online evals. */
import { eq, inArray, lt } from 'drizzle-orm';
import type { Db } from './client';
import { answerLog } from './schema';

export type AnswerLogRow = typeof answerLog.$inferSelect;

/** The insert, for the request's write-behind batch (an ask sends its writes in one round trip). */
export function logAnswerStatement(db: Db, row: typeof answerLog.$inferInsert) {
  return db.insert(answerLog).values(row).onConflictDoNothing();
}

export async function findAnswer(db: Db, id: string): Promise<AnswerLogRow | undefined> {
  return db.select().from(answerLog).where(eq(answerLog.id, id)).get();
}

export async function answersByIds(db: Db, ids: readonly string[]): Promise<Map<string, AnswerLogRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select().from(answerLog).where(inArray(answerLog.id, [...ids])).all();
  return new Map(rows.map((r) => [r.id, r]));
}

export async function purgeAnswerLog(db: Db, before: Date): Promise<number> {
  return (await db.delete(answerLog).where(lt(answerLog.createdAt, before)).returning({ id: answerLog.id })).length;
}

export async function deleteAnswerLogOf(db: Db, userId: string): Promise<number> {
  return (await db.delete(answerLog).where(eq(answerLog.userId, userId)).returning({ id: answerLog.id })).length;
}
