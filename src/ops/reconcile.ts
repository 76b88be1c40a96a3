/**
 * Repairs work a crash left between two systems (run by the cron): a task or document whose Workflow was
 * never created, a review decided in D1 whose event never reached the waiting Workflow, and a task held by
 * the kill switch whose wake-up event was lost after the switch came down.
 */
import { REVIEW_EVENT } from '../actions/review-event';
import { SWITCH_LOWERED_EVENT } from '../actions/switch-event';
import type { Db } from '../db/client';
import { queuedDocuments } from '../db/documents';
import { decidedButUndelivered } from '../db/reviews';
import { listTaskIdsWithStatus } from '../db/tasks';

/** Work younger than this may still be in flight in a live request. */
const GRACE_MS = 2 * 60_000;
const BATCH = 100;

async function instanceExists(workflow: Workflow, id: string): Promise<boolean> {
  try {
    await (await workflow.get(id)).status();
    return true;
  } catch {
    return false;
  }
}

export interface ReconcileOptions {
  /** Wake held tasks only when the switch is down (at `full`); otherwise they would just hold again. */
  wakeHeld: boolean;
  now?: number;
}

export async function reconcile(db: Db, env: Pick<Env, 'PROPOSE_COMMIT_WORKFLOW' | 'INGEST_WORKFLOW'>, options: ReconcileOptions = { wakeHeld: true }) {
  const cutoff = new Date((options.now ?? Date.now()) - GRACE_MS);
  const result = { tasksRestarted: 0, documentsRestarted: 0, decisionsResent: 0, heldWoken: 0 };

  for (const id of await listTaskIdsWithStatus(db, 'running', BATCH, cutoff)) {
    if (await instanceExists(env.PROPOSE_COMMIT_WORKFLOW, id)) continue;
    await env.PROPOSE_COMMIT_WORKFLOW.create({ id, params: { taskId: id } });
    result.tasksRestarted++;
  }

  // A document of a bulk upload is ingested by its batch's instance (named after the batch), never on its own.
  const queued = new Map((await queuedDocuments(db, cutoff, BATCH)).map((d) => [d.batchId ?? d.id, d.batchId ? { batchId: d.batchId } : { documentId: d.id }]));
  for (const [id, params] of queued) {
    if (await instanceExists(env.INGEST_WORKFLOW, id)) continue;
    await env.INGEST_WORKFLOW.create({ id, params });
    result.documentsRestarted++;
  }

  for (const taskId of await decidedButUndelivered(db, cutoff, BATCH)) {
    // The Workflow reads the decision from D1, so a duplicate event is harmless.
    await (await env.PROPOSE_COMMIT_WORKFLOW.get(taskId)).sendEvent({ type: REVIEW_EVENT, payload: { taskId } });
    result.decisionsResent++;
  }

  if (options.wakeHeld) {
    for (const taskId of await listTaskIdsWithStatus(db, 'held', BATCH, cutoff)) {
      // A woken task re-checks the switch itself, so an extra event costs one step at most.
      await (await env.PROPOSE_COMMIT_WORKFLOW.get(taskId)).sendEvent({ type: SWITCH_LOWERED_EVENT, payload: { taskId } });
      result.heldWoken++;
    }
  }
  return result;
}
