/** Builds the use-case context for an HTTP request (API route or page) from what the middleware resolved. */
import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import type { UseCaseContext } from '../usecases/context';

export function contextOf(c: Context<AppEnv>, door: 'http' | 'page' = 'http'): UseCaseContext {
  // Cloudflare always sets CF-Connecting-IP; clients that reach the Worker without it share one bucket.
  const ip = c.req.header('CF-Connecting-IP') ?? 'unknown';
  return { env: c.env, services: c.var.services, caller: c.var.identity, door, requestId: c.var.requestId, ip };
}
