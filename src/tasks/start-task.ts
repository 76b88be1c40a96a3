/** Starts a propose/commit task: store the redacted request, audit it, and launch its Workflow instance. */
import type { Identity } from '../auth/identity';
import { appendAudit } from '../db/audit';
import type { Db } from '../db/client';
import { insertTask, updateTask } from '../db/tasks';
import { AppError } from '../errors';
import { redactPii } from '../guard/pii';

export async function startTask(deps: { db: Db; workflow: Workflow }, requester: Pick<Identity, 'id'>, input: string): Promise<{ id: string; status: 'running' }> {
  const id = `task_${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const { text, findings } = redactPii(input);
  await insertTask(deps.db, { id, userId: requester.id, input: text });
  await appendAudit(deps.db, { actorId: requester.id, event: 'task.created', subjectType: 'task', subjectId: id, details: { redacted: findings.map((f) => f.kind) } });
  try {
    await deps.workflow.create({ id, params: { taskId: id } });
  } catch (err) {
    await updateTask(deps.db, id, { status: 'failed', error: 'the workflow could not be started' });
    throw new AppError(503, 'workflow_unavailable', 'The task could not be started; try again shortly.', { taskId: id, cause: String(err) });
  }
  return { id, status: 'running' };
}
