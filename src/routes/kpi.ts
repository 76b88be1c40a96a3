/** /api/kpi: the business KPI contract, its weekly values and the go / extend / kill reading (rules in src/usecases/kpi.ts). */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env';
import { ValidationError } from '../errors';
import { kpi, kpiContractSchema, kpiValueSchema, recordKpiValue, setKpiContract } from '../usecases/kpi';
import { requireCaller } from '../usecases/rules';
import { contextOf } from './use-case-context';

export const kpiRoutes = new Hono<AppEnv>()
  .get('/', async (c) => c.json(await kpi(contextOf(c))))
  .put('/contract', async (c) => {
    const ctx = contextOf(c);
    requireCaller(ctx, 'kpi:write');
    const body = kpiContractSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) {
      throw new ValidationError('Send { name, unit, measurement: manual | committed-tasks, howMeasured, direction, baseline, goLive, kill }.', z.flattenError(body.error));
    }
    return c.json(await setKpiContract(ctx, body.data));
  })
  .post('/values', async (c) => {
    const ctx = contextOf(c);
    requireCaller(ctx, 'kpi:write');
    const body = kpiValueSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) throw new ValidationError('Send { "week": "YYYY-MM-DD", "value": number }.', z.flattenError(body.error));
    return c.json(await recordKpiValue(ctx, body.data));
  });
