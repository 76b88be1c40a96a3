/** Right to erasure: a user's traces, tasks, cached answers, request records, uploads (and their vectors) and session state. */
import { getAgentByName } from 'agents';
import { eq } from 'drizzle-orm';
import type { UserSessionAgent } from '../agent/user-session-agent';
import { deleteAnswersOf } from '../db/answer-cache';
import { appendAudit } from '../db/audit';
import type { Db } from '../db/client';
import { deleteRequestLogOf } from '../db/request-log';
import { documents, tasks } from '../db/schema';
import { deleteTracesOf } from '../db/traces';
import { deleteDocument } from '../rag/delete-document';
import type { VectorIndex } from '../vector/vector-index';

export async function eraseUserData(deps: { db: Db; vectors: VectorIndex; env: Env }, userId: string, actorId: string) {
  const { db, vectors, env } = deps;
  const uploads = await db.select().from(documents).where(eq(documents.createdBy, userId)).all();
  for (const doc of uploads) await deleteDocument({ db, vectors, bucket: env.DOCUMENTS, ingest: env.INGEST_WORKFLOW }, doc, actorId);
  const removedTasks = await db.delete(tasks).where(eq(tasks.userId, userId)).returning({ id: tasks.id });
  const result = {
    userId,
    traces: await deleteTracesOf(db, userId),
    tasks: removedTasks.length,
    cachedAnswers: await deleteAnswersOf(db, userId),
    documents: uploads.length,
  };
  await deleteRequestLogOf(db, userId);
  const agent = await getAgentByName<Env, UserSessionAgent>(env.USER_SESSION_AGENT, userId);
  await agent.forget();
  await appendAudit(db, { actorId, event: 'user.erased', subjectType: 'user', subjectId: userId, details: result });
  return result;
}
