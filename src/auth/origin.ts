/**
 * Cross-site WebSocket hijacking defence: browsers attach cookies to a WebSocket upgrade from any site, and
 * CORS does not apply to it, so the upgrade must come from our own origin (or one the operator allows).
 */
import type { Context } from 'hono';
import { ForbiddenError } from '../errors';
import type { Identity } from './identity';

/** Parses ALLOWED_ORIGINS ("https://a.example, https://b.example") into normalised origins. */
export function parseAllowedOrigins(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean)
    .map((o) => new URL(o).origin);
}

export function assertSameOrigin(c: Context, identity: Identity, allowed: readonly string[]): void {
  const origin = c.req.header('Origin');
  if (origin === undefined) {
    // Non-browser clients send no Origin; they authenticate with a token, which a foreign page cannot attach.
    if (identity.via === 'cookie') throw new ForbiddenError('A browser session must send its Origin.');
    return;
  }
  if (origin === new URL(c.req.url).origin || allowed.includes(origin)) return;
  throw new ForbiddenError(`Connections from ${origin} are not allowed.`);
}
