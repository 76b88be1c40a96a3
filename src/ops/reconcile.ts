/**
 * Repairs work a crash left between two systems (run by the cron): a task or document whose Workflow was never
 * created, and a review decided in D1 whose event never reached the waiting Workflow.
 */
import { and, eq, lt } from 'drizzle-orm';
import { REVIEW_EVENT } from '../actions/review-event';
import type { Db } from '../db/client';
import { documents, reviews, tasks } from '../db/schema';

/** Work younger than this may still be in flight in a live request. */
const GRACE_MS = 2 * 60_000;

async function instanceExists(workflow: Workflow, id: string): Promise<boolean> {
  try {
    await (await workflow.get(id)).status();
    return true;
  } catch {
    return false;
  }
}

export async function reconcile(db: Db, env: Pick<Env, 'PROPOSE_COMMIT_WORKFLOW' | 'INGEST_WORKFLOW'>, now = Date.now()) {
  const cutoff = new Date(now - GRACE_MS);
  const result = { tasksRestarted: 0, documentsRestarted: 0, decisionsResent: 0 };

  const running = await db.select({ id: tasks.id }).from(tasks).where(and(eq(tasks.status, 'running'), lt(tasks.updatedAt, cutoff))).limit(100).all();
  for (const t of running) {
    if (await instanceExists(env.PROPOSE_COMMIT_WORKFLOW, t.id)) continue;
    await env.PROPOSE_COMMIT_WORKFLOW.create({ id: t.id, params: { taskId: t.id } });
    result.tasksRestarted++;
  }

  const queued = await db.select({ id: documents.id }).from(documents).where(and(eq(documents.status, 'queued'), lt(documents.updatedAt, cutoff))).limit(100).all();
  for (const d of queued) {
    if (await instanceExists(env.INGEST_WORKFLOW, d.id)) continue;
    await env.INGEST_WORKFLOW.create({ id: d.id, params: { documentId: d.id } });
    result.documentsRestarted++;
  }

  const undelivered = await db
    .select({ taskId: reviews.taskId })
    .from(reviews)
    .innerJoin(tasks, eq(tasks.id, reviews.taskId))
    .where(and(eq(tasks.status, 'awaiting_review'), lt(reviews.decidedAt, cutoff)))
    .limit(100)
    .all();
  for (const r of undelivered) {
    // The Workflow reads the decision from D1, so a duplicate event is harmless.
    await (await env.PROPOSE_COMMIT_WORKFLOW.get(r.taskId)).sendEvent({ type: REVIEW_EVENT, payload: { taskId: r.taskId } });
    result.decisionsResent++;
  }
  return result;
}
