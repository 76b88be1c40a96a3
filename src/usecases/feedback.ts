/**
 * Feedback on answers and tasks: thumbs up or down, a reason and an optional comment, from the person who
 * asked (nobody rates someone else's answer). One row per person and subject; giving it again changes it.
 */
import { z } from 'zod';
import { findAnswer } from '../db/answer-log';
import { findFeedback, upsertFeedback, type FeedbackRow, type FeedbackSubject } from '../db/feedback';
import { feedbackReasons } from '../db/schema';
import { findTask } from '../db/tasks';
import { NotFoundError } from '../errors';
import { redactPii } from '../guard/pii';
import type { UseCaseContext } from './context';
import { assertLevelAllows, requireCaller } from './rules';

export const feedbackSchema = z
  .object({
    traceId: z.string().trim().min(1).max(128).optional(),
    taskId: z.string().trim().min(1).max(128).optional(),
    rating: z.enum(['up', 'down']),
    reason: z.enum(feedbackReasons).optional(),
    comment: z.string().trim().max(2000).optional(),
  })
  .refine((f) => (f.traceId === undefined) !== (f.taskId === undefined), { path: ['traceId'], message: 'name either the answer (traceId) or the task (taskId)' })
  .refine((f) => f.rating === 'down' || f.reason === undefined, { path: ['reason'], message: 'a reason goes with a thumbs down' });
export type FeedbackInput = z.infer<typeof feedbackSchema>;

export function feedbackJson(row: FeedbackRow) {
  return { subjectType: row.subjectType, subjectId: row.subjectId, rating: row.rating, reason: row.reason, comment: row.comment, updatedAt: row.updatedAt };
}

/** The subject must be the caller's own answer or task; anything else is "not found", as it would be to read. */
async function assertOwnSubject(ctx: UseCaseContext, userId: string, type: FeedbackSubject, id: string): Promise<void> {
  const { db } = ctx.services;
  if (type === 'answer') {
    const answer = await findAnswer(db, id);
    if (!answer || answer.userId !== userId) throw new NotFoundError('Answer');
    return;
  }
  const task = await findTask(db, id);
  if (!task || task.userId !== userId) throw new NotFoundError('Task');
}

export async function giveFeedback(ctx: UseCaseContext, input: FeedbackInput) {
  const me = requireCaller(ctx, 'feedback:give');
  await assertLevelAllows(ctx, 'write');
  const subjectType: FeedbackSubject = input.traceId ? 'answer' : 'task';
  const subjectId = (input.traceId ?? input.taskId)!;
  await assertOwnSubject(ctx, me.id, subjectType, subjectId);
  const comment = input.comment ? redactPii(input.comment).text : null;
  const row = await upsertFeedback(ctx.services.db, { userId: me.id, subjectType, subjectId, rating: input.rating, reason: input.reason ?? null, comment });
  return feedbackJson(row);
}

/** The caller's own feedback on a subject, or null (the task page shows it beside the thumbs). */
export async function myFeedback(ctx: UseCaseContext, subjectType: FeedbackSubject, subjectId: string) {
  const me = requireCaller(ctx, 'feedback:give');
  await assertLevelAllows(ctx, 'read');
  const row = await findFeedback(ctx.services.db, me.id, subjectType, subjectId);
  return row ? feedbackJson(row) : null;
}
