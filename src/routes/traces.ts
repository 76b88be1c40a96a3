/** GET /api/traces and /api/traces/:id: users see their own model calls, operators see all. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env';
import { assertCan } from '../auth/authenticate';
import { can } from '../auth/policy';
import { getTrace, listTraces } from '../db/traces';
import { NotFoundError, ValidationError } from '../errors';

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  requestId: z.string().max(128).optional(),
});

export const traces = new Hono<AppEnv>()
  .get('/', async (c) => {
    const me = assertCan(c, 'traces:read-own');
    const q = listQuery.safeParse(c.req.query());
    if (!q.success) throw new ValidationError('Invalid query.', z.treeifyError(q.error));
    const all = can(me.role, 'traces:read-all');
    const rows = await listTraces(c.var.services.db, { ...q.data, userId: all ? undefined : me.id });
    return c.json({ traces: rows });
  })
  .get('/:id', async (c) => {
    const me = assertCan(c, 'traces:read-own');
    const row = await getTrace(c.var.services.db, c.req.param('id'));
    if (!row || (row.userId !== me.id && !can(me.role, 'traces:read-all'))) throw new NotFoundError('Trace');
    return c.json({ trace: row });
  });
