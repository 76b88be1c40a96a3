/** Reviews: the pending maker-checker decisions, decided at most once (the status guard makes it atomic). */
import { and, asc, desc, eq, lt, sql } from 'drizzle-orm';
import type { Db } from './client';
import { reviews, tasks } from './schema';

export type ReviewRow = typeof reviews.$inferSelect;

export async function openReview(db: Db, review: Pick<ReviewRow, 'taskId' | 'action' | 'risk' | 'proposedParams'>): Promise<void> {
  // Idempotent: a replayed Workflow step must not fail or reset a decision already taken.
  await db.insert(reviews).values(review).onConflictDoNothing();
}

export async function findReview(db: Db, taskId: string): Promise<ReviewRow | undefined> {
  return db.select().from(reviews).where(eq(reviews.taskId, taskId)).get();
}

/** Highest risk first, then oldest first: sorted in SQL so the limit never hides a high-risk item. */
export async function listReviews(db: Db, status: ReviewRow['status'], limit: number) {
  const riskRank = sql`case ${reviews.risk} when 'high' then 0 when 'medium' then 1 else 2 end`;
  return db
    .select({ review: reviews, task: tasks })
    .from(reviews)
    .innerJoin(tasks, eq(tasks.id, reviews.taskId))
    .where(eq(reviews.status, status))
    .orderBy(riskRank, asc(reviews.createdAt))
    .limit(limit)
    .all();
}

/** Decided reviews with their tasks, most recently decided first (the failure inbox reads rejections). */
export async function recentDecisions(db: Db, status: 'approved' | 'rejected', limit: number) {
  return db
    .select({ review: reviews, task: tasks })
    .from(reviews)
    .innerJoin(tasks, eq(tasks.id, reviews.taskId))
    .where(eq(reviews.status, status))
    .orderBy(desc(reviews.decidedAt))
    .limit(limit)
    .all();
}

/** Records a decision only if the review is still pending; returns false when someone decided first. */
export async function decideReview(
  db: Db,
  taskId: string,
  decision: Pick<ReviewRow, 'status' | 'finalParams' | 'diff' | 'decidedBy' | 'comment'>,
): Promise<boolean> {
  const changed = await db
    .update(reviews)
    .set({ ...decision, decidedAt: new Date() })
    .where(and(eq(reviews.taskId, taskId), eq(reviews.status, 'pending')))
    .returning({ taskId: reviews.taskId });
  return changed.length === 1;
}

/** Tasks still awaiting review although their review was decided before a moment: the event never arrived. */
export async function decidedButUndelivered(db: Db, decidedBefore: Date, limit: number): Promise<string[]> {
  const rows = await db
    .select({ taskId: reviews.taskId })
    .from(reviews)
    .innerJoin(tasks, eq(tasks.id, reviews.taskId))
    .where(and(eq(tasks.status, 'awaiting_review'), lt(reviews.decidedAt, decidedBefore)))
    .limit(limit)
    .all();
  return rows.map((r) => r.taskId);
}
