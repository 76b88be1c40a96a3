/** CSRF defence: an unsafe request from a browser must come from our own origin. */
import type { MiddlewareHandler } from 'hono';
import { ForbiddenError } from '../errors';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Browsers send `Origin` (and `Sec-Fetch-Site`) on every cross-site POST, so a mismatch means another
 * site is riding the session cookie. API clients send neither and authenticate with a bearer token.
 */
export const csrfProtection: MiddlewareHandler = async (c, next) => {
  if (SAFE.has(c.req.method)) return next();
  const origin = c.req.header('Origin');
  const site = c.req.header('Sec-Fetch-Site');
  const crossOrigin = origin !== undefined && origin !== new URL(c.req.url).origin;
  const crossSite = site !== undefined && site !== 'same-origin' && site !== 'none';
  if (crossOrigin || crossSite) throw new ForbiddenError('Cross-site request refused (CSRF protection).');
  return next();
};
