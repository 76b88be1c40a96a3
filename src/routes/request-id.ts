/**
 * Every request gets a server-chosen id, echoed in `X-Request-Id`. A client-sent `X-Request-Id` is ignored: the id
 * keys the request record, the answer log and the traces, so a reused one would collide with, or mix into, another
 * person's records.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env';
import { randomId } from '../lib/random-id';

export const assignRequestId: MiddlewareHandler<AppEnv> = async (c, next) => {
  const id = randomId();
  c.set('requestId', id);
  c.header('X-Request-Id', id);
  await next();
};
