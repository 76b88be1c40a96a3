/** /api/tasks: start a propose/commit task, list your own, and read one with its proposal and timeline. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env';
import { ValidationError } from '../errors';
import { requireCaller } from '../usecases/rules';
import { createTask, getTask, listOwnTasks, taskJson, taskSummary } from '../usecases/tasks';
import { contextOf } from './use-case-context';

export const createTaskSchema = z.object({ input: z.string().trim().min(1, 'Describe the request.').max(4000, 'Keep the request under 4000 characters.') });

export const tasks = new Hono<AppEnv>()
  .post('/', async (c) => {
    const ctx = contextOf(c);
    requireCaller(ctx, 'tasks:create');
    const body = createTaskSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) throw new ValidationError('Send { "input": "…" }.', z.flattenError(body.error));
    return c.json(await createTask(ctx, body.data.input), 202);
  })
  .get('/', async (c) => c.json({ tasks: (await listOwnTasks(contextOf(c))).map(taskSummary) }))
  .get('/:id', async (c) => c.json(taskJson(await getTask(contextOf(c), c.req.param('id')))));
