/**
 * Right to erasure: a user's traces (D1 rows and R2 bodies), daily token counters, tasks (in D1 and archived), answers, feedback,
 * candidate golden cases drawn from them, cached answers, request records, uploads (and their vectors) and session state.
 */
import { getAgentByName } from 'agents';
import type { UserSessionAgent } from '../agent/user-session-agent';
import { deleteAnswersOf } from '../db/answer-cache';
import { deleteAnswerLogOf } from '../db/answer-log';
import { appendAudit } from '../db/audit';
import type { Db } from '../db/client';
import { deleteFeedbackOf } from '../db/feedback';
import { deleteArchivedTasksOf } from '../db/record-archive';
import { deleteCandidatesOf } from '../db/golden-candidates';
import { deleteRequestLogOf } from '../db/request-log';
import { documentsUploadedBy } from '../db/documents';
import { deleteTasksOf, unfinishedTaskIdsOf } from '../db/tasks';
import { deleteTokenUsageOf } from '../db/token-usage';
import { deleteTraceBodies } from '../db/trace-bodies';
import { deleteTracesOf } from '../db/traces';
import { deleteDocument } from '../rag/delete-document';
import type { VectorIndex } from '../vector/vector-index';

export async function eraseUserData(deps: { db: Db; vectors: VectorIndex; env: Env }, userId: string, actorId: string) {
  const { db, vectors, env } = deps;
  // Stop the person's unfinished tasks first, so no Workflow writes new traces after the erasure.
  for (const id of await unfinishedTaskIdsOf(db, userId)) {
    await env.PROPOSE_COMMIT_WORKFLOW.get(id)
      .then((instance) => instance.terminate())
      .catch(() => undefined);
  }
  const uploads = await documentsUploadedBy(db, userId);
  for (const doc of uploads) await deleteDocument({ db, vectors, bucket: env.DOCUMENTS, ingest: env.INGEST_WORKFLOW }, doc, actorId);
  // Candidates are found through the person's answers and tasks, so they go before those rows do.
  const candidates = await deleteCandidatesOf(db, userId);
  const traceIds = await deleteTracesOf(db, userId);
  await deleteTraceBodies(env.DOCUMENTS, traceIds);
  await deleteTokenUsageOf(db, userId);
  const result = {
    userId,
    candidates,
    traces: traceIds.length,
    tasks: await deleteTasksOf(db, userId),
    archivedTasks: await deleteArchivedTasksOf(env.DOCUMENTS, userId),
    cachedAnswers: await deleteAnswersOf(env.ANSWER_CACHE, userId),
    answers: await deleteAnswerLogOf(db, userId),
    feedback: await deleteFeedbackOf(db, userId),
    documents: uploads.length,
  };
  await deleteRequestLogOf(db, userId);
  const agent = await getAgentByName<Env, UserSessionAgent>(env.USER_SESSION_AGENT, userId);
  await agent.forget();
  await appendAudit(db, { actorId, event: 'user.erased', subjectType: 'user', subjectId: userId, details: result });
  return result;
}
