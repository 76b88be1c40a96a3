/**
 * The review queue and decisions: maker-checker (never your own task), the approver's role and group,
 * content only within the reviewer's groups, edits bounded by the proposal, a comment to reject, and one
 * decision per review. The decision itself goes to the waiting Workflow as an event carrying ids only.
 */
import { z } from 'zod';
import type { ActionParams } from '../actions/connectors/connector';
import { actionDefinition, canApprove, editViolations, type ActionDefinition } from '../actions/registry';
import { REVIEW_EVENT } from '../actions/review-event';
import type { Identity } from '../auth/identity';
import { appendAudit } from '../db/audit';
import { decideReview, findReview, listReviews, type ReviewRow } from '../db/reviews';
import { findTask, type TaskRow } from '../db/tasks';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { redactPii } from '../guard/pii';
import type { UseCaseContext } from './context';
import { assertLevelAllows, requireCaller } from './rules';
import { accessToTask, accessToTasks, type TaskAccess } from './task-visibility';

export const reviewStatusSchema = z.enum(['pending', 'approved', 'rejected', 'expired']);
export type ReviewStatus = z.infer<typeof reviewStatusSchema>;

export const decisionSchema = z
  .object({
    decision: z.enum(['approve', 'reject']),
    params: z.record(z.string(), z.unknown()).optional(),
    comment: z.string().trim().max(2000).optional(),
  })
  .refine((d) => d.decision !== 'reject' || (d.comment ?? '').length > 0, { path: ['comment'], message: 'say why you reject it' });
export type Decision = z.infer<typeof decisionSchema>;

export type ParamChange = { field: string; from: unknown; to: unknown };

/** The fields an edit changed, with old and new values. */
export function paramsDiff(from: Record<string, unknown>, to: Record<string, unknown>): ParamChange[] {
  const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])];
  return keys.filter((k) => JSON.stringify(from[k]) !== JSON.stringify(to[k])).map((field) => ({ field, from: from[field] ?? null, to: to[field] ?? null }));
}

export interface ReviewItem {
  task: TaskRow;
  review: ReviewRow;
  definition: ActionDefinition | undefined;
  own: boolean;
  canDecide: boolean;
  /** Why the content is withheld from this reviewer, or null. Withheld items carry no params, answer or citations. */
  withheld: string | null;
}

function item(me: Identity, task: TaskRow, review: ReviewRow, access: TaskAccess): ReviewItem {
  const definition = actionDefinition(review.action);
  const own = task.userId === me.id;
  const withheld = access.kind === 'full' ? null : access.kind === 'withheld' ? access.reason : 'Not visible to you.';
  const canDecide = review.status === 'pending' && !own && withheld === null && definition !== undefined && canApprove(me, definition);
  if (withheld === null) return { task, review, definition, own, canDecide, withheld };
  return {
    task: { ...task, answer: null, citations: [], proposal: null, result: null, error: null },
    review: { ...review, proposedParams: {}, finalParams: null, diff: null, comment: null },
    definition,
    own,
    canDecide,
    withheld,
  };
}

/** The queue, highest risk first; content outside the reviewer's groups is withheld with a notice. */
export async function reviewQueue(ctx: UseCaseContext, status: ReviewStatus, limit = 200): Promise<ReviewItem[]> {
  const me = requireCaller(ctx, 'reviews:read');
  await assertLevelAllows(ctx, 'read');
  const rows = await listReviews(ctx.services.db, status, limit);
  const access = await accessToTasks(ctx.services.db, me, rows.map((r) => r.task));
  return rows.map(({ task, review }) => item(me, task, review, access.get(task.id)!));
}

export async function getReview(ctx: UseCaseContext, taskId: string): Promise<ReviewItem> {
  const me = requireCaller(ctx, 'reviews:read');
  await assertLevelAllows(ctx, 'read');
  const { db } = ctx.services;
  const [task, review] = await Promise.all([findTask(db, taskId), findReview(db, taskId)]);
  if (!task || !review) throw new NotFoundError('Review');
  const access = await accessToTask(db, me, task);
  if (access.kind === 'none') throw new NotFoundError('Review');
  return item(me, task, review, access);
}

/** Records the decision once and wakes the Workflow; only an approval within bounds can lead to a commit. */
export async function decide(ctx: UseCaseContext, taskId: string, decision: Decision) {
  const me = requireCaller(ctx, 'reviews:decide');
  await assertLevelAllows(ctx, 'write');
  const { db } = ctx.services;
  const current = await getReview(ctx, taskId);
  const { task, review, definition } = current;
  if (task.userId === me.id) throw new ForbiddenError('You cannot decide a task you requested (maker-checker).');
  if (!definition || !canApprove(me, definition)) {
    const group = definition?.approver.group ? ` in the ${definition.approver.group} group` : '';
    throw new ForbiddenError(`Deciding ${review.action} needs a ${definition?.approver.role ?? 'reviewer'}${group}.`);
  }
  if (current.withheld) throw new ForbiddenError('This task draws on documents outside your groups; ask a reviewer who can read them.');
  if (review.status !== 'pending') throw new ConflictError(`This review was already decided (${review.status}).`);
  // A reviewer's note often quotes the customer; it is stored and shown redacted, like feedback comments.
  const comment = decision.comment?.trim() ? redactPii(decision.comment.trim()).text : null;
  if (decision.decision === 'reject' && !comment) throw new ValidationError('Say why you reject it.', { fieldErrors: { comment: ['say why you reject it'] } });

  let finalParams: ActionParams | null = null;
  let diff: ParamChange[] = [];
  if (decision.decision === 'approve') {
    const edited = definition.params.safeParse(decision.params ?? review.proposedParams);
    if (!edited.success) throw new ValidationError(`The edited params are not a valid ${review.action}.`, z.flattenError(edited.error));
    const problems = editViolations(definition, review.proposedParams, edited.data);
    if (problems.length) throw new ValidationError(`This edit goes beyond approving the proposal: ${problems.join('; ')}.`, { problems });
    finalParams = edited.data as ActionParams;
    diff = paramsDiff(review.proposedParams, finalParams);
  }
  const status: 'approved' | 'rejected' = decision.decision === 'approve' ? 'approved' : 'rejected';
  const won = await decideReview(db, taskId, { status, finalParams, diff, decidedBy: me.id, comment });
  if (!won) throw new ConflictError('This review was decided by someone else a moment ago.');
  await appendAudit(db, { actorId: me.id, event: `review.${status}`, subjectType: 'task', subjectId: taskId, details: { diff, comment } });
  const instance = await ctx.env.PROPOSE_COMMIT_WORKFLOW.get(taskId);
  await instance.sendEvent({ type: REVIEW_EVENT, payload: { taskId } });
  return { taskId, status, diff };
}
