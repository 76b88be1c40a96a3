/** Per-user and per-IP rate limits (Workers Rate Limiting binding) on the expensive endpoints. */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env';
import { AppError } from '../errors';

/** The binding's window; it is what a client should wait before trying again. */
const PERIOD_SECONDS = 60;

class RateLimitedError extends AppError {
  constructor(scope: string) {
    super(429, 'rate_limited', `Too many requests for this ${scope}; try again in a minute.`, { retryAfterSeconds: PERIOD_SECONDS });
  }
}

export const rateLimit: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.method !== 'POST') return next();
  const me = c.var.identity;
  const ip = c.req.header('CF-Connecting-IP') ?? 'unknown';
  const checks: [string, RateLimit, string][] = [
    ['IP address', c.env.IP_RATE_LIMITER, `ip:${ip}`],
    ...(me ? ([['user', c.env.USER_RATE_LIMITER, `user:${me.id}`]] as [string, RateLimit, string][]) : []),
  ];
  for (const [scope, limiter, key] of checks) {
    const { success } = await limiter.limit({ key });
    if (!success) {
      c.header('Retry-After', String(PERIOD_SECONDS));
      throw new RateLimitedError(scope);
    }
  }
  return next();
};
