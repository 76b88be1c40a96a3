/**
 * The propose/commit loop for one task: propose (validated) → route → answered | auto-commit | review.
 * A review waits for the reviewer's decision event (or times out and escalates); only an approval commits,
 * inside a step, with the task's idempotency key. While the kill switch is up the task is held: it waits
 * for the operator's "switch lowered" event, never polls, and expires after REVIEW_TIMEOUT. The steps are
 * use cases (src/usecases/task-steps.ts), so the rules are the same as at every other door.
 */
import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep, type WorkflowStepConfig } from 'cloudflare:workers';
import { NonRetryableError } from 'cloudflare:workflows';
import { parseAction, type TypedAction } from '../src/actions/registry';
import { REVIEW_EVENT, reviewEventSchema, type ReviewEvent } from '../src/actions/review-event';
import { SWITCH_LOWERED_EVENT } from '../src/actions/switch-event';
import { pushProgress } from '../src/agent/push-progress';
import { appendAudit, hasAudit } from '../src/db/audit';
import { decideReview, findReview, openReview } from '../src/db/reviews';
import { findTask, updateTask } from '../src/db/tasks';
import { actionDefinition } from '../src/actions/registry';
import { systemContext, type UseCaseContext } from '../src/usecases/context';
import { commitTask, holdTask, proposeTask, TaskStepFailure, type Gated } from '../src/usecases/task-steps';

export interface ProposeCommitParams {
  taskId: string;
}

const RETRYING: WorkflowStepConfig = { retries: { limit: 4, delay: '2 seconds', backoff: 'exponential' }, timeout: '5 minutes' };
/** How often one task may be held and woken before it expires anyway (each hold waits up to REVIEW_TIMEOUT). */
const MAX_HOLDS = 20;

type Audit = (event: string, details?: Record<string, unknown>) => Promise<void>;

export class ProposeCommitWorkflow extends WorkflowEntrypoint<Env, ProposeCommitParams> {
  override async run(event: Readonly<WorkflowEvent<ProposeCommitParams>>, step: WorkflowStep): Promise<{ status: string }> {
    const { taskId } = event.payload;
    // The step owns retries: inside it the gateway and the webhook try once. A fresh context per step, so
    // each step reads the kill switch anew (a context remembers the level it saw).
    const stepContext = () => systemContext(this.env, 'workflow', `task:${taskId}`, { singleAttempt: true });
    const { db, config } = stepContext().services;
    // Each workflow event is recorded once per task, so a step that retries after a partial failure
    // cannot write its audit row twice.
    const audit: Audit = async (eventName, details) => {
      if (!(await hasAudit(db, 'task', taskId, eventName))) {
        await appendAudit(db, { actorId: null, event: eventName, subjectType: 'task', subjectId: taskId, details });
      }
    };
    const notify = async () => {
      const task = await findTask(db, taskId);
      if (task) await pushProgress(this.env, task);
    };

    try {
      const proposal = await this.gated(step, stepContext, taskId, 'propose', audit, notify, async () => {
        const out = await proposeTask(stepContext(), taskId);
        if ('done' in out) await audit('task.proposed', { action: out.done.action?.type ?? null, params: out.done.action?.params ?? null, route: out.done.route });
        return out;
      });
      if (proposal === 'expired') return { status: 'expired' };

      if (proposal.route === 'needs_input') {
        await step.do('finish needs input', RETRYING, async () => {
          await updateTask(db, taskId, { status: 'needs_input', route: 'needs_input' });
          await audit('task.needs-input', { question: proposal.question });
          await notify();
        });
        return { status: 'needs_input' };
      }

      if (proposal.route === 'answered' || proposal.route === 'refused' || !proposal.action) {
        const route = proposal.route === 'refused' ? 'refused' : 'answered';
        await step.do('finish answered', RETRYING, async () => {
          await updateTask(db, taskId, { status: 'answered', route });
          await audit('task.routed', { route });
          await notify();
        });
        return { status: 'answered' };
      }

      const action = proposal.action;
      const definition = actionDefinition(action.type)!;
      if (proposal.route === 'auto') {
        await step.do('route auto', RETRYING, async () => {
          await updateTask(db, taskId, { route: 'auto' });
          await audit('task.routed', { route: 'auto', rule: 'registry auto-commit rule and system-of-record check' });
        });
        return await this.commit(step, stepContext, taskId, action, audit, notify);
      }

      await step.do('open review', RETRYING, async () => {
        await openReview(db, { taskId, action: definition.type, risk: definition.risk, proposedParams: action.params });
        await updateTask(db, taskId, { status: 'awaiting_review', route: 'review' });
        await audit('task.routed', { route: 'review', risk: definition.risk, approver: definition.approver });
        await notify();
      });

      try {
        const decision = await step.waitForEvent<ReviewEvent>('review decision', { type: REVIEW_EVENT, timeout: config.REVIEW_TIMEOUT as WorkflowSleepDuration });
        if (!reviewEventSchema.safeParse(decision.payload).success) throw new NonRetryableError('malformed review event');
      } catch (err) {
        if (err instanceof NonRetryableError) throw err;
        const expired = await step.do('expire', RETRYING, async () => {
          // A decision may have landed at the deadline; the pending guard lets exactly one of them win.
          await decideReview(db, taskId, { status: 'expired', finalParams: null, diff: null, decidedBy: null, comment: 'no decision before the timeout' });
          // Re-read rather than trust `won`: on a retry of this step our own earlier attempt may have expired it.
          if ((await findReview(db, taskId))?.status !== 'expired') return false;
          await updateTask(db, taskId, { status: 'expired' });
          await audit('task.expired', { timeout: config.REVIEW_TIMEOUT });
          await audit('task.escalated', { to: 'operator on call', reason: 'review timed out' });
          await notify();
          return true;
        });
        if (expired) return { status: 'expired' };
      }

      const approved = await step.do('read decision', RETRYING, async () => {
        const r = await findReview(db, taskId);
        if (r?.status !== 'approved' || !r.finalParams) return null;
        // Re-validated here: the Workflow trusts only what parses against the registry.
        const parsed = parseAction(action.type, r.finalParams);
        return parsed.ok ? parsed.action : null;
      });
      if (approved) return await this.commit(step, stepContext, taskId, approved, audit, notify);
      await step.do('finish rejected', RETRYING, async () => {
        await updateTask(db, taskId, { status: 'rejected' });
        await notify();
      });
      return { status: 'rejected' };
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      await step.do('record failure', RETRYING, async () => {
        await updateTask(db, taskId, { status: 'failed', error: reason.slice(0, 1000) });
        await audit('task.failed', { reason });
        await notify();
      });
      throw new NonRetryableError(`task ${taskId} failed: ${reason}`);
    }
  }

  /**
   * Runs a gated step; while it reports the kill switch up, holds the task until the operator's event, then
   * tries again. A hold that outlasts REVIEW_TIMEOUT expires the task.
   */
  private async gated<T>(
    step: WorkflowStep,
    stepContext: () => UseCaseContext,
    taskId: string,
    phase: 'propose' | 'commit',
    audit: Audit,
    notify: () => Promise<void>,
    run: () => Promise<Gated<T>>,
  ): Promise<T | 'expired'> {
    const timeout = stepContext().services.config.REVIEW_TIMEOUT as WorkflowSleepDuration;
    for (let round = 0; round <= MAX_HOLDS; round++) {
      const name = round === 0 ? phase : `${phase} after hold ${round}`;
      const outcome = await step.do(name, RETRYING, async () => {
        try {
          return (await run()) as Gated<T> & Rpc.Serializable<Gated<T>>;
        } catch (err) {
          if (err instanceof TaskStepFailure) throw new NonRetryableError(err.message);
          throw err;
        }
      });
      if ('done' in outcome) return outcome.done as T;
      if (round === MAX_HOLDS) break;
      await step.do(`hold ${phase} ${round + 1}`, RETRYING, async () => {
        await holdTask(stepContext(), taskId, phase, outcome.held);
        await notify();
      });
      try {
        await step.waitForEvent(`kill switch lowered ${phase} ${round + 1}`, { type: SWITCH_LOWERED_EVENT, timeout });
      } catch {
        break;
      }
    }
    await step.do(`expire held ${phase}`, RETRYING, async () => {
      await updateTask(stepContext().services.db, taskId, { status: 'expired', error: `held by the kill switch for longer than ${timeout}` });
      await audit('task.expired', { phase, reason: 'held by the kill switch', timeout });
      await notify();
    });
    return 'expired';
  }

  private async commit(step: WorkflowStep, stepContext: () => UseCaseContext, taskId: string, action: TypedAction, audit: Audit, notify: () => Promise<void>): Promise<{ status: string }> {
    const outcome = await this.gated(step, stepContext, taskId, 'commit', audit, notify, async () => {
      const out = await commitTask(stepContext(), taskId, action);
      if ('done' in out) {
        if ('committed' in out.done) await audit('task.committed', { ...out.done.committed });
        else await audit('task.commit-refused', { reason: out.done.refused, action: action.type, params: action.params });
        await notify();
      }
      return out;
    });
    if (outcome === 'expired') return { status: 'expired' };
    return { status: 'committed' in outcome ? 'committed' : 'failed' };
  }
}
