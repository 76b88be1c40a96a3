/** Operator endpoints: metrics, the kill switch, retention, and erasing a user's data. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { killLevelSchema } from '../ops/kill-switch';
import { eraseUser, killSwitch, metrics as computeMetrics, runRetention, setKillSwitch } from '../usecases/admin';
import { rangeSchema, trends } from '../usecases/trends';
import { authorize, errors, jsonResponse, router } from './openapi';
import { contextOf } from './use-case-context';

export const killSwitchSchema = z.object({ level: killLevelSchema, reason: z.string().trim().max(500).optional() });
export const metricsQuery = z.object({ hours: z.coerce.number().min(1).max(24 * 90).default(24) });
const loose = z.record(z.string(), z.unknown());

const metricsRoute = createRoute({
  method: 'get',
  path: '/',
  summary: 'Operational metrics over the last hours',
  middleware: [authorize('metrics:read')] as const,
  request: { query: metricsQuery },
  responses: { 200: jsonResponse(loose, 'Requests, latency percentiles, error and cache rates, cost, approvals, adoption.'), ...errors(401, 403) },
});
const seriesRoute = createRoute({
  method: 'get',
  path: '/series',
  summary: 'Time series for the dashboard: per hour for a day, or per day for 30 days',
  middleware: [authorize('metrics:read')] as const,
  request: { query: z.object({ range: rangeSchema }) },
  responses: { 200: jsonResponse(loose, 'Buckets of requests, p95 latency, error rate, cache hit rate, cost per task, approval latency and online-eval scores.'), ...errors(400, 401, 403) },
});
const getKillRoute = createRoute({
  method: 'get',
  path: '/kill-switch',
  summary: 'The kill-switch level',
  middleware: [authorize('admin:kill-switch')] as const,
  responses: { 200: jsonResponse(z.object({ level: killLevelSchema }), 'The current level.'), ...errors(401, 403) },
});
const setKillRoute = createRoute({
  method: 'post',
  path: '/kill-switch',
  summary: 'Set the kill-switch level (audited)',
  description: 'full · retrieval-only (no generation, no commits) · read-only (no writes, no commits) · off (only health, identity and operator tools). Lowering to full wakes the tasks it held.',
  middleware: [authorize('admin:kill-switch')] as const,
  request: { body: { required: true, content: { 'application/json': { schema: killSwitchSchema } } } },
  responses: { 200: jsonResponse(z.object({ level: killLevelSchema, previous: killLevelSchema, released: z.number().int() }), 'Set.'), ...errors(400, 401, 403, 415) },
});
const retentionRoute = createRoute({
  method: 'post',
  path: '/retention/run',
  summary: 'Purge data older than RETENTION_DAYS now',
  middleware: [authorize('admin:retention')] as const,
  responses: { 200: jsonResponse(loose, 'What was purged.'), ...errors(401, 403, 503) },
});
const eraseRoute = createRoute({
  method: 'delete',
  path: '/{id}/data',
  summary: "Erase a person's traces, tasks, cached answers, uploads and session",
  middleware: [authorize('admin:retention')] as const,
  request: { params: z.object({ id: z.string().min(1).max(200) }) },
  responses: { 200: jsonResponse(loose, 'What was erased.'), ...errors(401, 403, 503) },
});

export const metrics = router()
  .openapi(metricsRoute, async (c) => c.json({ ...(await computeMetrics(contextOf(c), c.req.valid('query').hours)) }, 200))
  .openapi(seriesRoute, async (c) => c.json({ ...(await trends(contextOf(c), c.req.valid('query').range)) }, 200));

export const admin = router()
  .openapi(getKillRoute, async (c) => c.json({ level: await killSwitch(contextOf(c)) }, 200))
  .openapi(setKillRoute, async (c) => {
    const body = c.req.valid('json');
    return c.json(await setKillSwitch(contextOf(c), body.level, body.reason), 200);
  })
  .openapi(retentionRoute, async (c) => c.json({ ...(await runRetention(contextOf(c))) }, 200));

export const users = router().openapi(eraseRoute, async (c) => c.json({ ...(await eraseUser(contextOf(c), c.req.valid('param').id)) }, 200));
