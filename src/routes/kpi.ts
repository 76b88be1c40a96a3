/** /api/kpi: the business KPI contract, its weekly values and the go / extend / kill reading (rules in src/usecases/kpi.ts). */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { kpi, kpiContractSchema, kpiValueSchema, recordKpiValue, setKpiContract } from '../usecases/kpi';
import { authorize, errors, jsonResponse, router } from './openapi';
import { contextOf } from './use-case-context';

const loose = z.record(z.string(), z.unknown());

const readRoute = createRoute({
  method: 'get',
  path: '/',
  summary: 'The KPI contract, weekly values against the pre-AI baseline, and the go / extend / kill reading',
  middleware: [authorize('metrics:read')] as const,
  responses: { 200: jsonResponse(loose, 'The KPI view.'), ...errors(401, 403) },
});
const contractRoute = createRoute({
  method: 'put',
  path: '/contract',
  summary: 'Record the KPI contract: name, unit, how measured, baseline, go-live and kill thresholds',
  middleware: [authorize('kpi:write')] as const,
  request: { body: { required: true, content: { 'application/json': { schema: kpiContractSchema } } } },
  responses: { 200: jsonResponse(loose, 'Stored.'), ...errors(400, 401, 403, 415, 503) },
});
const valueRoute = createRoute({
  method: 'post',
  path: '/values',
  summary: "Enter a week's KPI value",
  middleware: [authorize('kpi:write')] as const,
  request: { body: { required: true, content: { 'application/json': { schema: kpiValueSchema } } } },
  responses: { 200: jsonResponse(loose, 'Stored.'), ...errors(400, 401, 403, 415, 503) },
});

export const kpiRoutes = router()
  .openapi(readRoute, async (c) => c.json({ ...(await kpi(contextOf(c))) }, 200))
  .openapi(contractRoute, async (c) => c.json({ ...(await setKpiContract(contextOf(c), c.req.valid('json'))) }, 200))
  .openapi(valueRoute, async (c) => c.json({ ...(await recordKpiValue(contextOf(c), c.req.valid('json'))) }, 200));
