/** Feedback rows: one per person and subject, upserted so a person can change their mind. */
import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from './client';
import { feedback } from './schema';

export type FeedbackRow = typeof feedback.$inferSelect;
export type FeedbackSubject = FeedbackRow['subjectType'];

export async function upsertFeedback(db: Db, row: Pick<FeedbackRow, 'userId' | 'subjectType' | 'subjectId' | 'rating' | 'reason' | 'comment'>): Promise<FeedbackRow> {
  const now = new Date();
  return db
    .insert(feedback)
    .values({ ...row, id: `fb_${crypto.randomUUID()}`, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: [feedback.subjectType, feedback.subjectId, feedback.userId],
      set: { rating: row.rating, reason: row.reason, comment: row.comment, updatedAt: now },
    })
    .returning()
    .get();
}

export async function findFeedback(db: Db, userId: string, subjectType: FeedbackSubject, subjectId: string): Promise<FeedbackRow | undefined> {
  return db
    .select()
    .from(feedback)
    .where(and(eq(feedback.userId, userId), eq(feedback.subjectType, subjectType), eq(feedback.subjectId, subjectId)))
    .get();
}

/** Down-votes, newest first. */
export async function listDownVotes(db: Db, limit: number): Promise<FeedbackRow[]> {
  return db.select().from(feedback).where(eq(feedback.rating, 'down')).orderBy(desc(feedback.updatedAt)).limit(limit).all();
}

export async function purgeFeedback(db: Db, before: Date): Promise<number> {
  return (await db.delete(feedback).where(lt(feedback.updatedAt, before)).returning({ id: feedback.id })).length;
}

export async function deleteFeedbackOf(db: Db, userId: string): Promise<number> {
  return (await db.delete(feedback).where(eq(feedback.userId, userId)).returning({ id: feedback.id })).length;
}
