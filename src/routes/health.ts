/** GET /api/health: mode, version and one check per dependency. Public, so monitors need no token. */
import { Hono } from 'hono';
import { PROPOSAL_PROMPT_VERSION } from '../actions/proposal-prompt';
import { embeddingDimensions, MODEL_CHAINS } from '../ai/model-catalogue';
import type { AppEnv } from '../app-env';
import { pingDatabase } from '../db/health';
import { ANSWER_PROMPT_VERSION } from '../rag/answer-prompt';
import { dimensionMismatch } from '../vector/dimension-check';

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

export const health = new Hono<AppEnv>().get('/', async (c) => {
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
  return c.json(
    {
      status: ok ? 'ok' : 'degraded',
      mode: config.AI_PROVIDER === 'local' ? 'local' : 'production',
      environment: config.ENVIRONMENT,
      version: config.APP_VERSION,
      models: MODEL_CHAINS[config.AI_PROVIDER],
      prompts: { answer: ANSWER_PROMPT_VERSION, proposal: PROPOSAL_PROMPT_VERSION },
      checks,
    },
    ok ? 200 : 503,
  );
});
