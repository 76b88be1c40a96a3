/** /api/tasks: start a propose/commit task, list your own, and read one with its proposal and timeline. */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env';
import { assertCan } from '../auth/authenticate';
import type { Identity } from '../auth/identity';
import { auditFor } from '../db/audit';
import { findReview } from '../db/reviews';
import { findTask, listTasksOf, type TaskRow } from '../db/tasks';
import { NotFoundError, ValidationError } from '../errors';
import { startTask } from '../tasks/start-task';
import { canViewTask } from '../tasks/task-access';

const createSchema = z.object({ input: z.string().trim().min(1, 'Describe the request.').max(4000, 'Keep the request under 4000 characters.') });

function summary(t: TaskRow) {
  return { id: t.id, status: t.status, route: t.route, input: t.input, proposal: t.proposal, createdAt: t.createdAt, updatedAt: t.updatedAt };
}

/** The task, if the caller made it, reviews tasks or operates the system; otherwise a 404 that reveals nothing. */
async function visibleTask(c: Context<AppEnv>, me: Identity, id: string): Promise<TaskRow> {
  const task = await findTask(c.var.services.db, id);
  if (!task || !canViewTask(me, task)) throw new NotFoundError('Task');
  return task;
}

export const tasks = new Hono<AppEnv>()
  .post('/', async (c) => {
    const me = assertCan(c, 'tasks:create');
    const body = createSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) throw new ValidationError('Send { "input": "…" }.', z.flattenError(body.error));
    return c.json(await startTask({ db: c.var.services.db, workflow: c.env.PROPOSE_COMMIT_WORKFLOW }, me, body.data.input), 202);
  })
  .get('/', async (c) => {
    const me = assertCan(c, 'tasks:read-own');
    const rows = await listTasksOf(c.var.services.db, me.id, 100);
    return c.json({ tasks: rows.map(summary) });
  })
  .get('/:id', async (c) => {
    const me = assertCan(c, 'tasks:read-own');
    const task = await visibleTask(c, me, c.req.param('id'));
    const { db } = c.var.services;
    const [review, timeline] = await Promise.all([findReview(db, task.id), auditFor(db, 'task', task.id)]);
    return c.json({
      ...summary(task),
      requestedBy: task.userId,
      answer: task.answer,
      citations: task.citations ?? [],
      review: review ?? null,
      result: task.result,
      error: task.error,
      timeline: timeline.map((e) => ({ at: e.createdAt, event: e.event, actor: e.actorId, details: e.details })),
    });
  });
