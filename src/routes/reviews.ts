/** /api/reviews: the reviewer queue and decisions; every rule lives in src/usecases/reviews.ts. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env';
import { ValidationError } from '../errors';
import { decide, decisionSchema, reviewQueue, reviewStatusSchema, type ReviewItem } from '../usecases/reviews';
import { reviewWithEvidence } from '../usecases/review-evidence';
import { requireCaller } from '../usecases/rules';
import { contextOf } from './use-case-context';

const listQuery = z.object({ status: reviewStatusSchema.default('pending') });

function reviewJson({ task, review, own, canDecide, withheld }: ReviewItem, now: number) {
  return {
    taskId: task.id,
    status: review.status,
    action: review.action,
    risk: review.risk,
    proposedParams: withheld ? null : review.proposedParams,
    finalParams: review.finalParams,
    diff: review.diff ?? [],
    requestedBy: task.userId,
    input: task.input,
    answer: task.answer,
    citations: task.citations ?? [],
    createdAt: review.createdAt,
    ageSeconds: Math.round((now - review.createdAt.getTime()) / 1000),
    own,
    canDecide,
    withheld,
  };
}

export const reviews = new Hono<AppEnv>()
  .get('/', async (c) => {
    const ctx = contextOf(c);
    requireCaller(ctx, 'reviews:read');
    const q = listQuery.safeParse(c.req.query());
    if (!q.success) throw new ValidationError('status is pending, approved, rejected or expired.');
    const now = Date.now();
    return c.json({ reviews: (await reviewQueue(ctx, q.data.status)).map((r) => reviewJson(r, now)) });
  })
  .get('/:taskId', async (c) => {
    const { item, evidence } = await reviewWithEvidence(contextOf(c), c.req.param('taskId'));
    return c.json({ ...reviewJson(item, Date.now()), evidence });
  })
  .post('/:taskId/decision', async (c) => {
    const ctx = contextOf(c);
    requireCaller(ctx, 'reviews:decide');
    const body = decisionSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) throw new ValidationError('Send { "decision": "approve" | "reject", "params"?, "comment"? } (a comment is required to reject).', z.flattenError(body.error));
    return c.json(await decide(ctx, c.req.param('taskId'), body.data));
  });
