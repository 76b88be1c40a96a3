/** Operator endpoints: metrics, the kill switch, retention, and erasing a user's data. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env';
import { ValidationError } from '../errors';
import { killLevelSchema } from '../ops/kill-switch';
import { eraseUser, killSwitch, metrics as computeMetrics, runRetention, setKillSwitch } from '../usecases/admin';
import { requireCaller } from '../usecases/rules';
import { rangeSchema, trends } from '../usecases/trends';
import { contextOf } from './use-case-context';

export const killSwitchSchema = z.object({ level: killLevelSchema, reason: z.string().trim().max(500).optional() });

export const metrics = new Hono<AppEnv>()
  .get('/', async (c) => {
    const hours = z.coerce.number().min(1).max(24 * 90).catch(24).parse(c.req.query('hours'));
    return c.json(await computeMetrics(contextOf(c), hours));
  })
  .get('/series', async (c) => c.json(await trends(contextOf(c), rangeSchema.parse(c.req.query('range')))));

export const admin = new Hono<AppEnv>()
  .get('/kill-switch', async (c) => c.json({ level: await killSwitch(contextOf(c)) }))
  .post('/kill-switch', async (c) => {
    const ctx = contextOf(c);
    requireCaller(ctx, 'admin:kill-switch');
    const body = killSwitchSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) throw new ValidationError('Send { "level": "full" | "retrieval-only" | "read-only" | "off", "reason"? }.', z.flattenError(body.error));
    return c.json(await setKillSwitch(ctx, body.data.level, body.data.reason));
  })
  .post('/retention/run', async (c) => c.json(await runRetention(contextOf(c))));

export const users = new Hono<AppEnv>().delete('/:id/data', async (c) => c.json(await eraseUser(contextOf(c), c.req.param('id'))));
