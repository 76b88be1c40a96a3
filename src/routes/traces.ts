/** GET /api/traces and /api/traces/:id: users see their own model calls, operators see all. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { getTrace, listTraces } from '../usecases/admin';
import { authorize, errors, jsonResponse, router } from './openapi';
import { contextOf } from './use-case-context';

export const traceListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  requestId: z.string().max(128).optional(),
  taskId: z.string().max(128).optional(),
});
const traceSchema = z.record(z.string(), z.unknown()).meta({ id: 'Trace', description: 'One model call: model, tokens, latency, cost, redacted prompt and response, attempt, error.' });

const listRoute = createRoute({
  method: 'get',
  path: '/',
  summary: 'Model-call traces: your own, or all for operators',
  middleware: [authorize('traces:read-own')] as const,
  request: { query: traceListQuery },
  responses: { 200: jsonResponse(z.object({ traces: z.array(traceSchema) }), 'Newest first.'), ...errors(400, 401, 403, 503) },
});
const getRoute = createRoute({
  method: 'get',
  path: '/{id}',
  summary: 'One trace',
  middleware: [authorize('traces:read-own')] as const,
  request: { params: z.object({ id: z.string().min(1).max(200) }) },
  responses: { 200: jsonResponse(z.object({ trace: traceSchema }), 'The trace.'), ...errors(401, 403, 404, 503) },
});

export const traces = router()
  .openapi(listRoute, async (c) => c.json({ traces: await listTraces(contextOf(c), c.req.valid('query')) }, 200))
  .openapi(getRoute, async (c) => c.json({ trace: await getTrace(contextOf(c), c.req.valid('param').id) }, 200));
