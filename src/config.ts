/** Validates the Worker's vars once per isolate and exposes them as a typed, immutable config. */
import { z } from 'zod';
import { ConfigError } from './errors';

const demoTokensSchema = z.record(z.string(), z.string().min(8));

export const configSchema = z
  .object({
    ENVIRONMENT: z.enum(['development', 'test', 'production']),
    APP_VERSION: z.string().min(1),
    AUTH_MODE: z.enum(['demo', 'access']),
    AI_PROVIDER: z.enum(['local', 'workers-ai']),
    VECTOR_INDEX: z.enum(['local', 'vectorize']),
    AI_GATEWAY_ID: z.string().min(1),
    /** Who screens text for prompt injection: the trained offline classifier, or a model through the gateway with it as fallback. */
    INJECTION_SCREEN: z.enum(['offline', 'model']).default('offline'),
    SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters'),
    ACCESS_TEAM_DOMAIN: z.url().optional(),
    ACCESS_AUD: z.string().min(1).optional(),
    ACCESS_JWKS: z.string().optional(),
    BOOTSTRAP_OPERATOR_EMAIL: z.email().optional(),
    MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(10 * 1024 * 1024),
    RETRIEVAL_TOP_K: z.coerce.number().int().min(0).max(20).default(5),
    REVIEW_TIMEOUT: z
      .string()
      .regex(/^\d+ (second|minute|hour|day|week)s?$/, 'REVIEW_TIMEOUT looks like "72 hours"')
      .default('72 hours'),
    ACTION_CONNECTOR: z.enum(['d1', 'webhook']).default('d1'),
    DAILY_TOKEN_BUDGET: z.coerce.number().int().positive().default(500_000),
    /** The entailment second pass over verified claims (src/rag/claim-entailment.ts); needs a real model. */
    CLAIM_ENTAILMENT: z.enum(['off', 'on']).default('off'),
    ANSWER_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).default(3600).refine((s) => s === 0 || s >= 60, "ANSWER_CACHE_TTL_SECONDS is 0 (off) or at least 60: KV refuses shorter expirations"),
    RETENTION_DAYS: z.coerce.number().int().min(1).default(30),
    /** Finished tasks and audit rows stay in D1 this long, then move to the R2 archive (they are never deleted). */
    RECORD_RETENTION_DAYS: z.coerce.number().int().min(1).default(180),
    ALERT_WEBHOOK_URL: z.url().optional(),
    /** How many of a day's live answers the cron scores (a uniform sample: ordered by random request id). */
    ONLINE_EVAL_SAMPLE: z.coerce.number().int().min(1).max(2000).default(200),
    /** The groundedness alert fires when claim support falls by more than this against the same day last week. */
    GROUNDEDNESS_ALERT_MARGIN: z.coerce.number().min(0).max(1).default(0.1),
    /** Other origins (besides the service's own) whose pages may open the session WebSocket, comma-separated. */
    ALLOWED_ORIGINS: z
      .string()
      .optional()
      .refine((raw) => (raw ?? '').split(',').every((o) => !o.trim() || URL.canParse(o.trim())), 'ALLOWED_ORIGINS is a comma-separated list of origins'),
    ACTION_WEBHOOK_URL: z.url().optional(),
    ACTION_WEBHOOK_SECRET: z.string().min(16).optional(),
    DEMO_TOKENS: z
      .string()
      .optional()
      .transform((raw, ctx) => {
        if (!raw) return undefined;
        const parsed = demoTokensSchema.safeParse(JSON.parse(raw));
        if (!parsed.success) {
          ctx.addIssue({ code: 'custom', message: 'DEMO_TOKENS must be a JSON object of name → token' });
          return z.NEVER;
        }
        return parsed.data;
      }),
  })
  .superRefine((c, ctx) => {
    if (c.ENVIRONMENT === 'production' && c.AUTH_MODE === 'demo') {
      ctx.addIssue({ code: 'custom', path: ['AUTH_MODE'], message: 'demo auth is refused when ENVIRONMENT=production' });
    }
    if (c.ACTION_CONNECTOR === 'webhook' && (!c.ACTION_WEBHOOK_URL || !c.ACTION_WEBHOOK_SECRET)) {
      ctx.addIssue({ code: 'custom', path: ['ACTION_CONNECTOR'], message: 'the webhook connector needs ACTION_WEBHOOK_URL and ACTION_WEBHOOK_SECRET' });
    }
    if (c.CLAIM_ENTAILMENT === 'on' && c.AI_PROVIDER === 'local') {
      ctx.addIssue({ code: 'custom', path: ['CLAIM_ENTAILMENT'], message: 'the entailment pass needs AI_PROVIDER=workers-ai' });
    }
    if (c.AUTH_MODE === 'access' && (!c.ACCESS_TEAM_DOMAIN || !c.ACCESS_AUD)) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_MODE'], message: 'access auth needs ACCESS_TEAM_DOMAIN and ACCESS_AUD' });
    }
  });

export type AppConfig = z.infer<typeof configSchema>;

const cache = new WeakMap<object, AppConfig>();

/** Parses the env's vars; the result is cached per env object, so this runs once per isolate. */
export function getConfig(env: Env): AppConfig {
  const hit = cache.get(env);
  if (hit) return hit;
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(z.prettifyError(parsed.error));
  }
  cache.set(env, parsed.data);
  return parsed.data;
}
