/** Tasks: the product-level state of each propose/commit run (the Workflow's own status is not relied on). */
import { desc, eq } from 'drizzle-orm';
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
  patch: Partial<Pick<TaskRow, 'route' | 'answer' | 'citations' | 'proposal' | 'result' | 'error'>> & { status?: TaskStatus },
): Promise<void> {
  await db
    .update(tasks)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(tasks.id, id));
}
