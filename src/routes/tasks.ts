/** /api/tasks: start a propose/commit task, list your own, and read one with its proposal and timeline. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { taskStatuses } from '../db/schema';
import { createTask, getTask, listOwnTasks, taskJson, taskSummary } from '../usecases/tasks';
import { authorize, errors, jsonResponse, router } from './openapi';
import { contextOf } from './use-case-context';

export const createTaskSchema = z.object({ input: z.string().trim().min(1, 'Describe the request.').max(4000, 'Keep the request under 4000 characters.') });

const taskStatus = z.enum(taskStatuses);
const summarySchema = z
  .object({
    id: z.string(),
    status: taskStatus,
    route: z.enum(['answered', 'review', 'auto', 'refused', 'needs_input']).nullable(),
    input: z.string(),
    proposal: z.record(z.string(), z.unknown()).nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'TaskSummary' });
const detailSchema = summarySchema
  .extend({
    requestedBy: z.string(),
    answer: z.string().nullable(),
    citations: z.array(z.unknown()),
    review: z.record(z.string(), z.unknown()).nullable(),
    result: z.record(z.string(), z.unknown()).nullable(),
    error: z.string().nullable(),
    timeline: z.array(z.object({ at: z.date(), event: z.string(), actor: z.string().nullable(), details: z.unknown() })),
    withheld: z.string().nullable().describe('Why the content is withheld from you (it draws on documents outside your groups), or null.'),
  })
  .meta({ id: 'Task' });
const idParam = z.object({ id: z.string().min(1).max(200) });

const createRouteDef = createRoute({
  method: 'post',
  path: '/',
  summary: 'Start a propose/commit task',
  middleware: [authorize('tasks:create')] as const,
  request: { body: { required: true, content: { 'application/json': { schema: createTaskSchema } } } },
  responses: { 202: jsonResponse(z.object({ id: z.string(), status: z.literal('running') }), 'Started; follow it with GET /api/tasks/{id} or the session socket.'), ...errors(400, 401, 403, 415, 429, 503) },
});
const listRoute = createRoute({
  method: 'get',
  path: '/',
  summary: 'Your tasks, newest first',
  middleware: [authorize('tasks:read-own')] as const,
  responses: { 200: jsonResponse(z.object({ tasks: z.array(summarySchema) }), 'Up to 100 tasks.'), ...errors(401, 403, 503) },
});
const getRoute = createRoute({
  method: 'get',
  path: '/{id}',
  summary: 'One task with its proposal, review, result and timeline',
  middleware: [authorize('tasks:read-own')] as const,
  request: { params: idParam },
  responses: { 200: jsonResponse(detailSchema, 'The task; content is withheld where it draws on documents outside your groups.'), ...errors(401, 403, 404, 503) },
});

export const tasks = router()
  .openapi(createRouteDef, async (c) => c.json(await createTask(contextOf(c), c.req.valid('json').input), 202))
  .openapi(listRoute, async (c) => c.json({ tasks: (await listOwnTasks(contextOf(c))).map(taskSummary) }, 200))
  .openapi(getRoute, async (c) => c.json(taskJson(await getTask(contextOf(c), c.req.valid('param').id)), 200));
