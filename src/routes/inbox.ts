/** /api/inbox: the operators' failure inbox and promoting an item to a candidate golden case (rules in src/usecases/inbox.ts). */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env';
import { ValidationError } from '../errors';
import { failureInbox, promoteToCandidate } from '../usecases/inbox';
import { requireCaller } from '../usecases/rules';
import { contextOf } from './use-case-context';

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });
export const promoteSchema = z.object({ source: z.string().regex(/^(answer|task):[\w.:-]{1,128}$/, 'answer:<traceId> or task:<taskId>') });

export const inbox = new Hono<AppEnv>()
  .get('/', async (c) => {
    const ctx = contextOf(c);
    requireCaller(ctx, 'evals:read');
    const q = listQuery.safeParse(c.req.query());
    if (!q.success) throw new ValidationError('limit is 1–500.');
    return c.json({ items: await failureInbox(ctx, q.data.limit) });
  })
  .post('/promote', async (c) => {
    const ctx = contextOf(c);
    requireCaller(ctx, 'evals:curate');
    const body = promoteSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) throw new ValidationError('Send { "source": "answer:<traceId>" | "task:<taskId>" }.', z.flattenError(body.error));
    const row = await promoteToCandidate(ctx, body.data.source);
    return c.json({ id: row.id, source: row.source, status: row.status }, 201);
  });
