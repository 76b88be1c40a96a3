/** Middleware: resolves the caller (or null) once per request. What the caller may do is decided in the use cases. */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env';
import { timed } from '../ops/stage-timing';

export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set('identity', await timed('auth', () => c.var.services.identity.identify(c)));
  return next();
};
