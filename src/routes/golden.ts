/** /api/golden/candidates: candidate golden cases, read by `npm run golden:pull` and edited by operators (rules in src/usecases/golden-candidates.ts). */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { candidateEditSchema, candidateStatusSchema, editCandidate, goldenCandidate, goldenCandidates } from '../usecases/golden-candidates';
import { authorize, errors, jsonResponse, router } from './openapi';
import { contextOf } from './use-case-context';

const loose = z.record(z.string(), z.unknown());
const idParam = z.object({ id: z.string().min(1).max(200) });

const listRoute = createRoute({
  method: 'get',
  path: '/candidates',
  summary: 'Candidate golden cases, optionally by status',
  middleware: [authorize('evals:read')] as const,
  request: { query: z.object({ status: candidateStatusSchema.optional() }) },
  responses: { 200: jsonResponse(z.object({ candidates: z.array(loose) }), 'The candidates.'), ...errors(400, 401, 403, 503) },
});
const getRoute = createRoute({
  method: 'get',
  path: '/candidates/{id}',
  summary: 'One candidate golden case',
  middleware: [authorize('evals:read')] as const,
  request: { params: idParam },
  responses: { 200: jsonResponse(loose, 'The candidate.'), ...errors(401, 403, 404, 503) },
});
const editRoute = createRoute({
  method: 'put',
  path: '/candidates/{id}',
  summary: 'Edit, accept or reject a candidate (accepting refuses an incomplete case)',
  middleware: [authorize('evals:curate')] as const,
  request: { params: idParam, body: { required: true, content: { 'application/json': { schema: candidateEditSchema } } } },
  responses: { 200: jsonResponse(loose, 'Stored.'), ...errors(400, 401, 403, 404, 415, 503) },
});

export const golden = router()
  .openapi(listRoute, async (c) => c.json({ candidates: (await goldenCandidates(contextOf(c), c.req.valid('query').status)) as unknown as Record<string, unknown>[] }, 200))
  .openapi(getRoute, async (c) => c.json({ ...(await goldenCandidate(contextOf(c), c.req.valid('param').id)) }, 200))
  .openapi(editRoute, async (c) => c.json({ ...(await editCandidate(contextOf(c), c.req.valid('param').id, c.req.valid('json'))) }, 200));
