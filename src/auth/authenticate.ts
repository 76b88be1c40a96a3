/** Middleware: resolves the caller (or null) once per request, and the guard that enforces the policy table. */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env';
import { ForbiddenError, UnauthenticatedError } from '../errors';
import type { Identity } from './identity';
import { can, type Permission } from './policy';

export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set('identity', await c.var.services.identity.identify(c));
  return next();
};

/** Route guard: 401 without an identity, 403 when the policy table denies the permission. */
export function requirePermission(permission: Permission): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    assertCan(c, permission);
    return next();
  };
}

/** The caller's identity, asserting it holds the permission. */
export function assertCan(c: Context<AppEnv>, permission: Permission): Identity {
  const identity = c.var.identity;
  if (!identity) throw new UnauthenticatedError();
  if (!can(identity.role, permission)) throw new ForbiddenError(`Your role (${identity.role}) may not ${permission}.`);
  return identity;
}
