/** Per-request records of served asks and tasks, for metrics and alerts. */
import { eq, lt } from 'drizzle-orm';
import type { Db } from './client';
import { requestLog } from './schema';

export async function logRequest(db: Db, entry: typeof requestLog.$inferInsert): Promise<void> {
  await logRequestStatement(db, entry);
}

export function logRequestStatement(db: Db, entry: typeof requestLog.$inferInsert) {
  return db.insert(requestLog).values(entry);
}

export async function purgeRequestLog(db: Db, before: Date): Promise<number> {
  return (await db.delete(requestLog).where(lt(requestLog.createdAt, before)).returning({ id: requestLog.id })).length;
}

export async function deleteRequestLogOf(db: Db, userId: string): Promise<void> {
  await db.delete(requestLog).where(eq(requestLog.userId, userId));
}
