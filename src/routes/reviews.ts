/** /api/reviews: the reviewer queue and decisions; every rule lives in src/usecases/reviews.ts. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { reviewWithEvidence } from '../usecases/review-evidence';
import { decide, decisionSchema, reviewQueue, reviewStatusSchema, type ReviewItem } from '../usecases/reviews';
import { authorize, errors, jsonResponse, router } from './openapi';
import { contextOf } from './use-case-context';

export const reviewListQuery = z.object({ status: reviewStatusSchema.default('pending') });
export { decisionSchema };

const reviewItemSchema = z
  .object({
    taskId: z.string(),
    status: reviewStatusSchema,
    action: z.string(),
    risk: z.enum(['low', 'medium', 'high']),
    proposedParams: z.record(z.string(), z.unknown()).nullable(),
    finalParams: z.record(z.string(), z.unknown()).nullable(),
    diff: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })).describe('For an approval with edits: what changed against the proposal.'),
    requestedBy: z.string(),
    input: z.string(),
    answer: z.string().nullable(),
    citations: z.array(z.unknown()),
    createdAt: z.date(),
    ageSeconds: z.number(),
    own: z.boolean(),
    canDecide: z.boolean(),
    withheld: z.string().nullable(),
  })
  .meta({ id: 'ReviewItem' });

function reviewJson({ task, review, own, canDecide, withheld }: ReviewItem, now: number): z.infer<typeof reviewItemSchema> {
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

const listRoute = createRoute({
  method: 'get',
  path: '/',
  summary: 'The review queue, highest risk first, then oldest',
  middleware: [authorize('reviews:read')] as const,
  request: { query: reviewListQuery },
  responses: { 200: jsonResponse(z.object({ reviews: z.array(reviewItemSchema) }), 'Items outside your groups come with their content withheld.'), ...errors(400, 401, 403, 503) },
});
const evidenceRoute = createRoute({
  method: 'get',
  path: '/{taskId}',
  summary: 'One review with its evidence: the system-of-record facts the action touches and the policy passages that apply',
  middleware: [authorize('reviews:read')] as const,
  request: { params: z.object({ taskId: z.string().min(1).max(200) }) },
  responses: {
    200: jsonResponse(reviewItemSchema.extend({ evidence: z.record(z.string(), z.unknown()).nullable() }), 'Evidence is null when the content is withheld from you.'),
    ...errors(401, 403, 404, 503),
  },
});
const decideRoute = createRoute({
  method: 'post',
  path: '/{taskId}/decision',
  summary: 'Approve (optionally with bounded edits) or reject (with a comment)',
  description: 'Edits are validated against the action schema; they may not change the target (order, ticket) nor raise an amount. A second decision is refused.',
  middleware: [authorize('reviews:decide')] as const,
  request: { params: z.object({ taskId: z.string().min(1).max(200) }), body: { required: true, content: { 'application/json': { schema: decisionSchema } } } },
  responses: {
    200: jsonResponse(z.object({ taskId: z.string(), status: z.enum(['approved', 'rejected']), diff: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })) }), 'Recorded; the Workflow continues.'),
    ...errors(400, 401, 403, 404, 409, 415, 503),
  },
});

export const reviews = router()
  .openapi(listRoute, async (c) => {
    const now = Date.now();
    return c.json({ reviews: (await reviewQueue(contextOf(c), c.req.valid('query').status)).map((r) => reviewJson(r, now)) }, 200);
  })
  .openapi(evidenceRoute, async (c) => {
    const { item, evidence } = await reviewWithEvidence(contextOf(c), c.req.valid('param').taskId);
    return c.json({ ...reviewJson(item, Date.now()), evidence: evidence ? { ...evidence } : null }, 200);
  })
  .openapi(decideRoute, async (c) => c.json(await decide(contextOf(c), c.req.valid('param').taskId, c.req.valid('json')), 200));
