/** Verifies a Cloudflare Access JWT (header or CF_Authorization cookie) against the team's JWKS. */
import { getCookie } from 'hono/cookie';
import type { Context } from 'hono';
import { decode, verifyWithJwks } from 'hono/jwt';
import type { HonoJsonWebKey } from 'hono/utils/jwt/jws';
import { z } from 'zod';
import { UnauthenticatedError } from '../errors';
import { isolateJwksCache, type JwksCache } from './jwks-cache';

export interface AccessVerifierOptions {
  /** e.g. https://your-team.cloudflareaccess.com — the token's issuer and the JWKS host. */
  teamDomain: string;
  /** The Access application's audience tag. */
  audience: string;
  /** Pinned keys; when absent they are fetched from `${teamDomain}/cdn-cgi/access/certs` through the cache. */
  keys?: HonoJsonWebKey[];
  /** Where fetched keys are cached; defaults to the isolate's cache. */
  jwksCache?: JwksCache;
}

const personClaims = z.object({ email: z.email(), sub: z.string().min(1) });
/** A service token (a machine, e.g. the deploy's eval client): Access names it by client id and sends no email. */
const serviceClaims = z.object({ common_name: z.string().min(1) });
const claimsSchema = z
  .union([personClaims, serviceClaims])
  .transform((c) => ('email' in c ? { principal: c.email, service: false } : { principal: c.common_name, service: true }));
export type AccessClaims = z.infer<typeof claimsSchema>;

/** Returns the Access token a request carries, if any. */
export function accessTokenFrom(c: Context): string | undefined {
  return c.req.header('Cf-Access-Jwt-Assertion') ?? getCookie(c, 'CF_Authorization');
}

/** Verifies signature, expiry, issuer and audience; throws UnauthenticatedError on any failure. */
export async function verifyAccessJwt(token: string, options: AccessVerifierOptions): Promise<AccessClaims> {
  const issuer = options.teamDomain.replace(/\/+$/, '');
  try {
    const kid = (decode(token).header as { kid?: string }).kid;
    const keys = options.keys ?? (await (options.jwksCache ?? isolateJwksCache).keys(`${issuer}/cdn-cgi/access/certs`, kid));
    const payload = await verifyWithJwks(token, {
      keys,
      allowedAlgorithms: ['RS256', 'ES256'],
      verification: { iss: issuer, aud: options.audience },
    });
    return claimsSchema.parse(payload);
  } catch {
    throw new UnauthenticatedError('The Cloudflare Access token is invalid or expired.');
  }
}
