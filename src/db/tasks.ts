/** Tasks: the product-level state of each propose/commit run (the Workflow's own status is not relied on). */
import { and, desc, eq, inArray, lt } from 'drizzle-orm';
import type { Db } from './client';
import { tasks, type TaskStatus } from './schema';

export type TaskRow = typeof tasks.$inferSelect;

export async function insertTask(db: Db, task: { id: string; userId: string; input: string }): Promise<void> {
  await db.insert(tasks).values(task);
}

export async function findTask(db: Db, id: string): Promise<TaskRow | undefined> {
  return db.select().from(tasks).where(eq(tasks.id, id)).get();
}

export async function listTasksOf(db: Db, userId: string, limit: number): Promise<TaskRow[]> {
  return db.select().from(tasks).where(eq(tasks.userId, userId)).orderBy(desc(tasks.createdAt)).limit(limit).all();
}

export async function updateTask(
  db: Db,
  id: string,
  patch: Partial<Pick<TaskRow, 'route' | 'answer' | 'citations' | 'sourceDocumentIds' | 'proposal' | 'result' | 'error'>> & { status?: TaskStatus },
): Promise<void> {
  await db
    .update(tasks)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(tasks.id, id));
}

/** Tasks in a status, most recently changed first. */
export async function recentTasksWithStatus(db: Db, status: TaskStatus, limit: number): Promise<TaskRow[]> {
  return db.select().from(tasks).where(eq(tasks.status, status)).orderBy(desc(tasks.updatedAt)).limit(limit).all();
}

export async function tasksByIds(db: Db, ids: readonly string[]): Promise<TaskRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(tasks).where(inArray(tasks.id, [...ids])).all();
}

/** Ids of tasks in a status, optionally only those unchanged since a moment (oldest first). */
export async function listTaskIdsWithStatus(db: Db, status: TaskStatus, limit: number, unchangedSince?: Date): Promise<string[]> {
  const rows = await db
    .select({ id: tasks.id })
    .from(tasks)
    .where(and(eq(tasks.status, status), unchangedSince ? lt(tasks.updatedAt, unchangedSince) : undefined))
    .orderBy(tasks.updatedAt)
    .limit(limit)
    .all();
  return rows.map((r) => r.id);
}

export async function deleteTasksOf(db: Db, userId: string): Promise<number> {
  return (await db.delete(tasks).where(eq(tasks.userId, userId)).returning({ id: tasks.id })).length;
}

/** A task in one of these may still change; any other status is final. */
export const UNFINISHED_STATUSES = ['running', 'held', 'awaiting_review'] as const;

export async function unfinishedTaskIdsOf(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .select({ id: tasks.id })
    .from(tasks)
    .where(and(eq(tasks.userId, userId), inArray(tasks.status, [...UNFINISHED_STATUSES])))
    .all();
  return rows.map((r) => r.id);
}
