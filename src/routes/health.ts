/** GET /api/health: mode, version and one check per dependency. Public, so monitors need no token. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { PROPOSAL_PROMPT_VERSION } from '../actions/proposal-prompt';
import { embeddingDimensions, MODEL_CHAINS } from '../ai/model-catalogue';
import { pingDatabase } from '../db/health';
import { ANSWER_PROMPT_VERSION } from '../rag/answer-prompt';
import { dimensionMismatch } from '../vector/dimension-check';
import { jsonResponse, router } from './openapi';

interface Check {
  ok: boolean;
  detail: string;
  latencyMs?: number;
}

async function timed(detail: string, probe: () => Promise<unknown>): Promise<Check> {
  const started = performance.now();
  try {
    await probe();
    return { ok: true, detail, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    return { ok: false, detail: err instanceof Error ? err.message : String(err) };
  }
}

const checkSchema = z.object({ ok: z.boolean(), detail: z.string(), latencyMs: z.number().optional() });
const healthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    mode: z.enum(['local', 'production']),
    environment: z.string(),
    version: z.string(),
    models: z.record(z.string(), z.array(z.string())),
    prompts: z.object({ answer: z.string(), proposal: z.string() }),
    checks: z.record(z.string(), checkSchema),
  })
  .meta({ id: 'Health' });

const healthRoute = createRoute({
  method: 'get',
  path: '/',
  summary: 'Mode, version, models and one check per dependency (public, for monitors)',
  responses: { 200: jsonResponse(healthSchema, 'Every dependency answers.'), 503: jsonResponse(healthSchema, 'At least one dependency does not.') },
});

export const health = router().openapi(healthRoute, async (c) => {
  const { config, db, vectors } = c.var.services;
  const checks: Record<string, Check> = {
    database: await timed('D1', () => pingDatabase(db)),
    documents: await timed('R2', () => c.env.DOCUMENTS.head('health-probe')),
    models: {
      ok: config.AI_PROVIDER === 'local' || Boolean(c.env.AI),
      detail: config.AI_PROVIDER === 'local' ? 'embedded local provider' : `Workers AI via AI Gateway "${config.AI_GATEWAY_ID}"`,
    },
    vectors: await timed(config.VECTOR_INDEX === 'local' ? 'local index in D1' : 'Vectorize', async () => {
      const mismatch = await dimensionMismatch(vectors, embeddingDimensions(config.AI_PROVIDER));
      if (mismatch) throw new Error(mismatch);
    }),
  };
  const ok = Object.values(checks).every((x) => x.ok);
  const body: z.infer<typeof healthSchema> = {
    status: ok ? 'ok' : 'degraded',
    mode: config.AI_PROVIDER === 'local' ? 'local' : 'production',
    environment: config.ENVIRONMENT,
    version: config.APP_VERSION,
    models: Object.fromEntries(Object.entries(MODEL_CHAINS[config.AI_PROVIDER]).map(([task, chain]) => [task, [...chain]])),
    prompts: { answer: ANSWER_PROMPT_VERSION, proposal: PROPOSAL_PROMPT_VERSION },
    checks,
  };
  return ok ? c.json(body, 200) : c.json(body, 503);
});
