/** /api/inbox: the operators' failure inbox and promoting an item to a candidate golden case (rules in src/usecases/inbox.ts). */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { failureInbox, promoteToCandidate } from '../usecases/inbox';
import { authorize, errors, jsonResponse, router } from './openapi';
import { contextOf } from './use-case-context';

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });
export const promoteSchema = z.object({ source: z.string().regex(/^(answer|task):[\w.:-]{1,128}$/, 'answer:<traceId> or task:<taskId>') });

const listRoute = createRoute({
  method: 'get',
  path: '/',
  summary: 'Down-voted answers, disputed refusals, rejected proposals and failed tasks, newest first, each with its trace',
  middleware: [authorize('evals:read')] as const,
  request: { query: listQuery },
  responses: { 200: jsonResponse(z.object({ items: z.array(z.record(z.string(), z.unknown())) }), 'The inbox.'), ...errors(400, 401, 403, 503) },
});
const promoteRoute = createRoute({
  method: 'post',
  path: '/promote',
  summary: 'Draft a candidate golden case from an inbox item (promoting again returns the same draft)',
  middleware: [authorize('evals:curate')] as const,
  request: { body: { required: true, content: { 'application/json': { schema: promoteSchema } } } },
  responses: { 201: jsonResponse(z.object({ id: z.string(), source: z.string(), status: z.string() }), 'The candidate.'), ...errors(400, 401, 403, 404, 415, 503) },
});

export const inbox = router()
  .openapi(listRoute, async (c) => c.json({ items: (await failureInbox(contextOf(c), c.req.valid('query').limit)) as unknown as Record<string, unknown>[] }, 200))
  .openapi(promoteRoute, async (c) => {
    const row = await promoteToCandidate(contextOf(c), c.req.valid('json').source);
    return c.json({ id: row.id, source: row.source, status: row.status }, 201);
  });
