/** GET /api/traces and /api/traces/:id: users see their own model calls, operators see all. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env';
import { ValidationError } from '../errors';
import { getTrace, listTraces } from '../usecases/admin';
import { requireCaller } from '../usecases/rules';
import { contextOf } from './use-case-context';

export const traceListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  requestId: z.string().max(128).optional(),
  taskId: z.string().max(128).optional(),
});

export const traces = new Hono<AppEnv>()
  .get('/', async (c) => {
    const ctx = contextOf(c);
    requireCaller(ctx, 'traces:read-own');
    const q = traceListQuery.safeParse(c.req.query());
    if (!q.success) throw new ValidationError('Invalid query.', z.treeifyError(q.error));
    return c.json({ traces: await listTraces(ctx, q.data) });
  })
  .get('/:id', async (c) => c.json({ trace: await getTrace(contextOf(c), c.req.param('id')) }));
