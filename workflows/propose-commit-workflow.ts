/**
 * The propose/commit loop for one task: propose (validated) → route → answered | auto-commit | review.
 * A review waits for the reviewer's decision event (or times out and escalates); only an approval commits,
 * inside a step, with the task's idempotency key. The payload and the event carry ids only.
 */
import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep, type WorkflowStepConfig } from 'cloudflare:workers';
import { NonRetryableError } from 'cloudflare:workflows';
import type { ActionParams } from '../src/actions/connectors/connector';
import { InvalidProposalError, propose } from '../src/actions/propose';
import { actionDefinition } from '../src/actions/registry';
import { REVIEW_EVENT, reviewEventSchema, type ReviewEvent } from '../src/actions/review-event';
import { appendAudit, hasAudit } from '../src/db/audit';
import { decideReview, findReview, openReview } from '../src/db/reviews';
import { findTask, updateTask } from '../src/db/tasks';
import { findUserById } from '../src/db/users';
import { pushProgress } from '../src/agent/push-progress';
import { killLevel } from '../src/ops/kill-switch';
import { createServices } from '../src/services';

export interface ProposeCommitParams {
  taskId: string;
}


const RETRYING: WorkflowStepConfig = { retries: { limit: 4, delay: '2 seconds', backoff: 'exponential' }, timeout: '5 minutes' };

export function idempotencyKeyFor(taskId: string): string {
  return `task:${taskId}`;
}

export class ProposeCommitWorkflow extends WorkflowEntrypoint<Env, ProposeCommitParams> {
  override async run(event: Readonly<WorkflowEvent<ProposeCommitParams>>, step: WorkflowStep): Promise<{ status: string }> {
    const { taskId } = event.payload;
    const services = createServices(this.env);
    const { db, config } = services;
    // Each workflow event is recorded once per task, so a step that retries after a partial failure
    // cannot write its audit row twice.
    const audit = async (eventName: string, details?: Record<string, unknown>) => {
      if (!(await hasAudit(db, 'task', taskId, eventName))) {
        await appendAudit(db, { actorId: null, event: eventName, subjectType: 'task', subjectId: taskId, details });
      }
    };
    const notify = async () => {
      const task = await findTask(db, taskId);
      if (task) await pushProgress(this.env, task);
    };

    try {
      const proposal = await step.do('propose', RETRYING, async () => {
        const task = await findTask(db, taskId);
        if (!task) throw new NonRetryableError(`task ${taskId} does not exist`);
        const user = await findUserById(db, task.userId);
        if (!user) throw new NonRetryableError(`the requester of ${taskId} no longer exists`);
        const gateway = services.gateway({ requestId: `task:${taskId}`, userId: user.id, taskId });
        try {
          const p = await propose({ db, vectors: services.vectors, gateway }, { ...user, via: 'bearer' }, task.input, config.RETRIEVAL_TOP_K);
          const stored = { action: p.action?.type ?? null, params: p.action?.params ?? null, confidence: p.confidence, risk: p.risk, rationale: p.rationale };
          // An action request with no question in it has no answer to show, rather than a "not found".
          const answer = p.answer.grounded || !p.action ? p.answer.answer : null;
          await updateTask(db, taskId, { proposal: stored, answer, citations: p.answer.citations });
          await audit('task.proposed', stored);
          return { action: p.action, confidence: p.confidence, grounded: p.answer.grounded };
        } catch (err) {
          if (err instanceof InvalidProposalError) throw new NonRetryableError(err.message);
          throw err;
        }
      });

      if (!proposal.action) {
        const route = proposal.grounded ? 'answered' : 'refused';
        await step.do('finish answered', RETRYING, async () => {
          await updateTask(db, taskId, { status: 'answered', route });
          await audit('task.routed', { route });
          await notify();
        });
        return { status: 'answered' };
      }

      const definition = actionDefinition(proposal.action.type)!;
      const auto = definition.autoCommitAt !== null && proposal.confidence >= definition.autoCommitAt;
      if (auto) {
        await step.do('route auto', RETRYING, async () => {
          await updateTask(db, taskId, { route: 'auto' });
          await audit('task.routed', { route: 'auto', confidence: proposal.confidence, threshold: definition.autoCommitAt });
        });
        return await this.commit(step, taskId, proposal.action, audit, notify);
      }

      await step.do('open review', RETRYING, async () => {
        await openReview(db, { taskId, action: definition.type, risk: definition.risk, proposedParams: proposal.action!.params });
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

      const review = await step.do('read decision', RETRYING, async () => {
        const r = await findReview(db, taskId);
        return { status: r?.status ?? 'pending', params: (r?.finalParams ?? null) as ActionParams | null };
      });
      if (review.status === 'approved' && review.params) {
        return await this.commit(step, taskId, { type: proposal.action.type, params: review.params }, audit, notify);
      }
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

  private async commit(
    step: WorkflowStep,
    taskId: string,
    action: { type: string; params: ActionParams },
    audit: (event: string, details?: Record<string, unknown>) => Promise<void>,
    notify: () => Promise<void>,
  ): Promise<{ status: string }> {
    const { db, connector } = createServices(this.env);
    // Read-only (and off) hold commits: the approved action waits, bounded to a week, until the switch is lifted.
    for (let hold = 0; hold < 7 * 24 * 4; hold++) {
      const level = await step.do(`check kill switch ${hold}`, RETRYING, () => killLevel(db));
      if (level !== 'read-only' && level !== 'off') break;
      if (hold === 0) await step.do('note commit held', RETRYING, () => audit('task.commit-held', { level }));
      await step.sleep(`held by kill switch ${hold}`, '15 minutes');
    }
    await step.do('commit', RETRYING, async () => {
      // Replays and retries reuse the same key, so the connector applies the effect at most once.
      const result = await connector.commit(action, { taskId, idempotencyKey: idempotencyKeyFor(taskId) });
      await updateTask(db, taskId, { status: 'committed', result: { ...result, connector: connector.name } });
      await audit('task.committed', { ...result, connector: connector.name });
      await notify();
    });
    return { status: 'committed' };
  }
}
