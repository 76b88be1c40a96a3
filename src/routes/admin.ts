/** Operator endpoints: metrics, the kill switch, retention, and erasing a user's data. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env';
import { assertCan } from '../auth/authenticate';
import { appendAudit } from '../db/audit';
import { computeMetrics } from '../db/metrics';
import { ValidationError } from '../errors';
import { eraseUserData } from '../ops/erasure';
import { killLevelSchema, setKillLevel } from '../ops/kill-switch';
import { runRetention } from '../ops/retention';

const killSchema = z.object({ level: killLevelSchema, reason: z.string().trim().max(500).optional() });

export const metrics = new Hono<AppEnv>().get('/', async (c) => {
  assertCan(c, 'metrics:read');
  const hours = z.coerce.number().min(1).max(24 * 90).catch(24).parse(c.req.query('hours'));
  return c.json(await computeMetrics(c.var.services.db, hours));
});

export const admin = new Hono<AppEnv>()
  .get('/kill-switch', (c) => {
    assertCan(c, 'admin:kill-switch');
    return c.json({ level: c.var.killLevel });
  })
  .post('/kill-switch', async (c) => {
    const me = assertCan(c, 'admin:kill-switch');
    const body = killSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) throw new ValidationError('Send { "level": "full" | "retrieval-only" | "read-only" | "off", "reason"? }.', z.flattenError(body.error));
    const { db } = c.var.services;
    await setKillLevel(db, body.data.level);
    await appendAudit(db, { actorId: me.id, event: 'kill-switch.set', subjectType: 'system', subjectId: 'kill-switch', details: { from: c.var.killLevel, to: body.data.level, reason: body.data.reason ?? null } });
    return c.json({ level: body.data.level, previous: c.var.killLevel });
  })
  .post('/retention/run', async (c) => {
    const me = assertCan(c, 'admin:retention');
    const result = await runRetention(c.var.services.db, c.var.services.config.RETENTION_DAYS);
    await appendAudit(c.var.services.db, { actorId: me.id, event: 'retention.run', subjectType: 'system', subjectId: 'retention', details: { ...result } });
    return c.json(result);
  });

export const users = new Hono<AppEnv>().delete('/:id/data', async (c) => {
  const me = assertCan(c, 'admin:retention');
  const { db, vectors } = c.var.services;
  const result = await eraseUserData({ db, vectors, env: c.env }, c.req.param('id'), me.id);
  return c.json(result);
});
