/** /api/golden/candidates: candidate golden cases, read by `npm run golden:pull` and edited by operators (rules in src/usecases/golden-candidates.ts). */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env';
import { ValidationError } from '../errors';
import { candidateEditSchema, editCandidate, goldenCandidate, goldenCandidates, parseCandidateStatus } from '../usecases/golden-candidates';
import { requireCaller } from '../usecases/rules';
import { contextOf } from './use-case-context';

export const golden = new Hono<AppEnv>()
  .get('/candidates', async (c) => {
    const ctx = contextOf(c);
    requireCaller(ctx, 'evals:read');
    return c.json({ candidates: await goldenCandidates(ctx, parseCandidateStatus(c.req.query('status'))) });
  })
  .get('/candidates/:id', async (c) => c.json(await goldenCandidate(contextOf(c), c.req.param('id'))))
  .put('/candidates/:id', async (c) => {
    const ctx = contextOf(c);
    requireCaller(ctx, 'evals:curate');
    const body = candidateEditSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) throw new ValidationError('Send { "status": "draft" | "accepted" | "rejected", "case": { tags, user, kind, input, expect, note? } }.', z.flattenError(body.error));
    return c.json(await editCandidate(ctx, c.req.param('id'), body.data));
  });
