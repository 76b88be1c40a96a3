/** /api/reviews: the reviewer queue and decisions (maker-checker, approver role, decided at most once). */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env';
import { actionDefinition, canApprove, RISK_ORDER } from '../actions/registry';
import { REVIEW_EVENT } from '../actions/review-event';
import { assertCan } from '../auth/authenticate';
import { appendAudit } from '../db/audit';
import { decideReview, findReview, listReviews } from '../db/reviews';
import { findTask } from '../db/tasks';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';

const listQuery = z.object({ status: z.enum(['pending', 'approved', 'rejected', 'expired']).default('pending') });
const decisionSchema = z.object({
  decision: z.enum(['approve', 'reject']),
  params: z.record(z.string(), z.unknown()).optional(),
  comment: z.string().trim().max(2000).optional(),
});

/** The fields an edit changed, with old and new values. */
export function paramsDiff(from: Record<string, unknown>, to: Record<string, unknown>) {
  const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])];
  return keys.filter((k) => JSON.stringify(from[k]) !== JSON.stringify(to[k])).map((field) => ({ field, from: from[field] ?? null, to: to[field] ?? null }));
}

export const reviews = new Hono<AppEnv>()
  .get('/', async (c) => {
    const me = assertCan(c, 'reviews:read');
    const q = listQuery.safeParse(c.req.query());
    if (!q.success) throw new ValidationError('status is pending, approved, rejected or expired.');
    const rows = await listReviews(c.var.services.db, q.data.status, 200);
    const now = Date.now();
    const items = rows.map(({ review, task }) => {
      const definition = actionDefinition(review.action);
      const own = task.userId === me.id;
      return {
        taskId: task.id,
        status: review.status,
        action: review.action,
        risk: review.risk,
        proposedParams: review.proposedParams,
        finalParams: review.finalParams,
        requestedBy: task.userId,
        input: task.input,
        answer: task.answer,
        citations: task.citations ?? [],
        createdAt: review.createdAt,
        ageSeconds: Math.round((now - review.createdAt.getTime()) / 1000),
        own,
        canDecide: review.status === 'pending' && !own && definition !== undefined && canApprove(me, definition),
      };
    });
    items.sort((a, b) => RISK_ORDER[a.risk] - RISK_ORDER[b.risk] || a.createdAt.getTime() - b.createdAt.getTime());
    return c.json({ reviews: items });
  })
  .post('/:taskId/decision', async (c) => {
    const me = assertCan(c, 'reviews:decide');
    const body = decisionSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) throw new ValidationError('Send { "decision": "approve" | "reject", "params"?, "comment"? }.', z.flattenError(body.error));
    const { db } = c.var.services;
    const taskId = c.req.param('taskId');
    const [task, review] = await Promise.all([findTask(db, taskId), findReview(db, taskId)]);
    if (!task || !review) throw new NotFoundError('Review');
    if (task.userId === me.id) throw new ForbiddenError('You cannot decide a task you requested (maker-checker).');
    const definition = actionDefinition(review.action);
    if (!definition || !canApprove(me, definition)) {
      const group = definition?.approver.group ? ` in the ${definition.approver.group} group` : '';
      throw new ForbiddenError(`Deciding ${review.action} needs a ${definition?.approver.role ?? 'reviewer'}${group}.`);
    }
    if (review.status !== 'pending') throw new ConflictError(`This review was already decided (${review.status}).`);

    let finalParams: Record<string, unknown> | null = null;
    let diff: { field: string; from: unknown; to: unknown }[] = [];
    if (body.data.decision === 'approve') {
      const edited = definition.params.safeParse(body.data.params ?? review.proposedParams);
      if (!edited.success) throw new ValidationError(`The edited params are not a valid ${review.action}.`, z.flattenError(edited.error));
      finalParams = edited.data;
      diff = paramsDiff(review.proposedParams, finalParams);
    }
    const status = body.data.decision === 'approve' ? 'approved' : 'rejected';
    const won = await decideReview(db, taskId, { status, finalParams, diff, decidedBy: me.id, comment: body.data.comment ?? null });
    if (!won) throw new ConflictError('This review was decided by someone else a moment ago.');
    await appendAudit(db, { actorId: me.id, event: `review.${status}`, subjectType: 'task', subjectId: taskId, details: { diff, comment: body.data.comment ?? null } });
    const instance = await c.env.PROPOSE_COMMIT_WORKFLOW.get(taskId);
    await instance.sendEvent({ type: REVIEW_EVENT, payload: { taskId } });
    return c.json({ taskId, status, diff });
  });
