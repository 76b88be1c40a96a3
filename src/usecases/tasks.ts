/** Tasks as people see them: start one (over HTTP or the session socket), list your own, read one. */
import { auditFor, type AuditEntry } from '../db/audit';
import { findReview, type ReviewRow } from '../db/reviews';
import { findTask, listTasksOf, type TaskRow } from '../db/tasks';
import { NotFoundError } from '../errors';
import { startTask } from '../tasks/start-task';
import type { UseCaseContext } from './context';
import { assertLevelAllows, assertMaySpendOn, requireCaller } from './rules';
import { accessToTask, type TaskAccess } from './task-visibility';

export function taskSummary(t: TaskRow) {
  return { id: t.id, status: t.status, route: t.route, input: t.input, proposal: t.proposal, createdAt: t.createdAt, updatedAt: t.updatedAt };
}

export interface TaskDetail {
  task: TaskRow;
  review: ReviewRow | null;
  timeline: AuditEntry[];
  /** Null when the caller may see everything; otherwise why the content is withheld. */
  withheld: string | null;
}

/**
 * Starts a task. A task generates a proposal and may commit, so it needs the kill switch at `full`, and it
 * spends model tokens, so rate limits and the budget apply at whichever door it comes through.
 */
export async function createTask(ctx: UseCaseContext, input: string): Promise<{ id: string; status: 'running' }> {
  const me = requireCaller(ctx, 'tasks:create');
  await assertLevelAllows(ctx, 'write');
  await assertMaySpendOn(ctx, me, 'generate');
  return startTask({ db: ctx.services.db, workflow: ctx.env.PROPOSE_COMMIT_WORKFLOW }, me, input);
}

export async function listOwnTasks(ctx: UseCaseContext, limit = 100): Promise<TaskRow[]> {
  const me = requireCaller(ctx, 'tasks:read-own');
  await assertLevelAllows(ctx, 'read');
  return listTasksOf(ctx.services.db, me.id, limit);
}

/** One task with its review and timeline; content the caller may not read is removed, not just hidden. */
export async function getTask(ctx: UseCaseContext, id: string): Promise<TaskDetail> {
  const me = requireCaller(ctx, 'tasks:read-own');
  await assertLevelAllows(ctx, 'read');
  const { db } = ctx.services;
  const task = await findTask(db, id);
  const access: TaskAccess = task ? await accessToTask(db, me, task) : { kind: 'none' };
  if (!task || access.kind === 'none') throw new NotFoundError('Task');
  const [review, timeline] = await Promise.all([findReview(db, task.id), auditFor(db, 'task', task.id)]);
  if (access.kind === 'full') return { task, review: review ?? null, timeline, withheld: null };
  return {
    task: { ...task, answer: null, citations: [], proposal: null, result: null, error: null },
    review: review ? { ...review, proposedParams: {}, finalParams: null, diff: null, comment: null } : null,
    timeline: timeline.map((e) => ({ ...e, details: null })),
    withheld: access.reason,
  };
}

/** The JSON shape of a task for the API. */
export function taskJson({ task, review, timeline, withheld }: TaskDetail) {
  return {
    ...taskSummary(task),
    requestedBy: task.userId,
    answer: task.answer,
    citations: task.citations ?? [],
    review,
    result: task.result,
    error: task.error,
    timeline: timeline.map((e) => ({ at: e.createdAt, event: e.event, actor: e.actorId, details: e.details })),
    withheld,
  };
}
