/**
 * The propose/commit Workflow's steps as use cases (the Workflow door). Each step applies, for the task's
 * requester, the rules a person's request would meet: the kill switch (a task proceeds only at `full`;
 * otherwise it is held) and the daily token budget. Routing is decided by server rules, never by the model.
 */
import { CommitRefusedError, type CommitResult } from '../actions/connectors/connector';
import { InvalidProposalError, propose } from '../actions/propose';
import { mayAutoCommit, parseAction, type TypedAction } from '../actions/registry';
import { SWITCH_LOWERED_EVENT } from '../actions/switch-event';
import { appendAudit } from '../db/audit';
import { findTask, listTaskIdsWithStatus, updateTask } from '../db/tasks';
import { findUserById } from '../db/users';
import type { KillLevel } from '../ops/kill-switch';
import type { UseCaseContext } from './context';
import { assertWithinBudget, currentLevel, levelAllows } from './rules';

/** A step either ran, or found the kill switch up and did nothing (the Workflow then holds the task). */
export type Gated<T> = { held: KillLevel } | { done: T };

/** A failure that retrying cannot fix: the Workflow ends the task as failed with this reason. */
export class TaskStepFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TaskStepFailure';
  }
}

export type Route = 'answered' | 'refused' | 'auto' | 'review' | 'needs_input';

export interface ProposedTask {
  action: TypedAction | null;
  confidence: number;
  route: Route;
  /** For `needs_input`: what to ask the requester. */
  question: string | null;
}

/** Idempotency key of a task's commit: replays and retries reuse it, so the effect happens at most once. */
export function idempotencyKeyFor(taskId: string): string {
  return `task:${taskId}`;
}

async function heldBy(ctx: UseCaseContext, ...operations: ('generate' | 'write' | 'commit')[]): Promise<KillLevel | null> {
  const level = await currentLevel(ctx);
  return operations.every((op) => levelAllows(level, op)) ? null : level;
}

/** Retrieves, asks the model for a proposal, stores it, and decides the route by the registry's rules. */
export async function proposeTask(ctx: UseCaseContext, taskId: string): Promise<Gated<ProposedTask>> {
  const held = await heldBy(ctx, 'generate', 'write');
  if (held) return { held };
  const { db, vectors, spelling, gateway, injectionScreen, config, connector } = ctx.services;
  const task = await findTask(db, taskId);
  if (!task) throw new TaskStepFailure(`task ${taskId} does not exist`);
  const user = await findUserById(db, task.userId);
  if (!user) throw new TaskStepFailure(`the requester of ${taskId} no longer exists`);
  try {
    await assertWithinBudget(ctx, user.id);
  } catch (err) {
    throw new TaskStepFailure(err instanceof Error ? err.message : String(err));
  }
  let p;
  try {
    const models = gateway({ requestId: `task:${taskId}`, userId: user.id, taskId });
    p = await propose({ db, vectors, spelling, gateway: models, screen: injectionScreen(models) }, { ...user, via: 'bearer' }, task.input, config.RETRIEVAL_TOP_K, {
      entailment: config.CLAIM_ENTAILMENT === 'on',
    });
  } catch (err) {
    if (err instanceof InvalidProposalError) throw new TaskStepFailure(err.message);
    throw err;
  }
  const parsed = p.action ? parseAction(p.action.type, p.action.params) : null;
  const action = parsed?.ok ? parsed.action : null;
  let route: Route = action ? 'review' : p.needsInput ? 'needs_input' : p.answer.grounded ? 'answered' : 'refused';
  let autoCommit: { allowed: boolean; reason: string } | null = null;
  if (action) {
    const ruled = mayAutoCommit(action, p.confidence);
    const check = ruled ? await connector.check(action) : null;
    autoCommit = { allowed: ruled && check?.ok === true, reason: !ruled ? 'the action needs review by rule' : check?.ok ? 'allowed by rule and the system of record' : (check?.reason ?? '') };
    if (autoCommit.allowed) route = 'auto';
  }
  const stored = { action: action?.type ?? null, params: action?.params ?? null, confidence: p.confidence, risk: p.risk, rationale: p.rationale, autoCommit, needsInput: p.needsInput };
  // An action request with no question in it has no answer to show, rather than a "not found"; a request that
  // lacks a detail shows the question asking for it.
  const answer = p.needsInput ? p.needsInput.question : p.answer.grounded || !action ? p.answer.answer : null;
  await updateTask(db, taskId, { status: 'running', proposal: stored, answer, citations: p.answer.citations, sourceDocumentIds: p.sourceDocumentIds });
  return { done: { action, confidence: p.confidence, route, question: p.needsInput?.question ?? null } };
}

export type CommitOutcome = { committed: CommitResult & { connector: string } } | { refused: string };

/** Commits through the connector, unless the switch is up; a refusal by the system of record writes nothing. */
export async function commitTask(ctx: UseCaseContext, taskId: string, action: TypedAction): Promise<Gated<CommitOutcome>> {
  const held = await heldBy(ctx, 'commit');
  if (held) return { held };
  const { db, connector } = ctx.services;
  try {
    const result = await connector.commit(action, { taskId, idempotencyKey: idempotencyKeyFor(taskId) });
    await updateTask(db, taskId, { status: 'committed', result: { ...result, connector: connector.name } });
    return { done: { committed: { ...result, connector: connector.name } } };
  } catch (err) {
    if (!(err instanceof CommitRefusedError)) throw err;
    await updateTask(db, taskId, { status: 'failed', error: err.message });
    return { done: { refused: err.reason } };
  }
}

/** Marks the task held by the kill switch, so people see why it waits. */
export async function holdTask(ctx: UseCaseContext, taskId: string, phase: string, level: KillLevel): Promise<void> {
  await updateTask(ctx.services.db, taskId, { status: 'held' });
  await appendAudit(ctx.services.db, { actorId: null, event: 'task.held', subjectType: 'task', subjectId: taskId, details: { phase, level } });
}

/** Wakes every held task (each re-checks the switch itself); returns how many were woken. */
export async function releaseHeldTasks(ctx: UseCaseContext, limit = 500): Promise<number> {
  const ids = await listTaskIdsWithStatus(ctx.services.db, 'held', limit);
  for (const id of ids) {
    await (await ctx.env.PROPOSE_COMMIT_WORKFLOW.get(id)).sendEvent({ type: SWITCH_LOWERED_EVENT, payload: { taskId: id } });
  }
  return ids.length;
}
