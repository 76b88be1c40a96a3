import { env } from 'cloudflare:workers';
import { sign } from 'hono/jwt';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { verifyAccessJwt } from '../../src/auth/access-jwt';
import { JwksCache } from '../../src/auth/jwks-cache';
import { getDb } from '../../src/db/client';
import { ensureUser } from '../../src/db/users';

const TEAM = 'https://acme.cloudflareaccess.com';
const AUD = 'aud-tag-123';

async function keyPair(kid: string) {
  const pair = (await crypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair;
  const publicJwk = { ...((await crypto.subtle.exportKey('jwk', pair.publicKey)) as JsonWebKey), kid, alg: 'RS256' };
  const privateJwk = { ...((await crypto.subtle.exportKey('jwk', pair.privateKey)) as JsonWebKey), kid, alg: 'RS256' };
  return { publicJwk, privateJwk };
}

let trusted: Awaited<ReturnType<typeof keyPair>>;
let stranger: Awaited<ReturnType<typeof keyPair>>;

function accessEnv() {
  return {
    ...env,
    AUTH_MODE: 'access',
    ACCESS_TEAM_DOMAIN: TEAM,
    ACCESS_AUD: AUD,
    ACCESS_JWKS: JSON.stringify({ keys: [trusted.publicJwk] }),
    BOOTSTRAP_OPERATOR_EMAIL: 'boss@acme.test',
  };
}

async function token(claims: Record<string, unknown>, key = trusted.privateJwk) {
  const now = Math.floor(Date.now() / 1000);
  return sign({ iss: TEAM, aud: AUD, sub: 'sub-1', iat: now, exp: now + 600, ...claims }, key, 'RS256');
}

function me(headers: Record<string, string>) {
  return createApp().request('/api/me', { headers }, accessEnv());
}

describe('Cloudflare Access authentication', () => {
  beforeAll(async () => {
    trusted = await keyPair('k1');
    stranger = await keyPair('k1');
  });

  it('should accept a valid token from the Cf-Access-Jwt-Assertion header and provision a plain user', async () => {
    const res = await me({ 'Cf-Access-Jwt-Assertion': await token({ email: 'pat@acme.test' }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ email: 'pat@acme.test', role: 'user', groups: [] });
  });

  it('should accept a registered Access service token by its client id and refuse an unregistered one', async () => {
    await ensureUser(getDb(env.DB), { id: 'deploy-eval', email: 'abc123.access', name: 'deploy eval', role: 'reviewer', groups: ['golden-eval'] });
    const registered = await me({ 'Cf-Access-Jwt-Assertion': await token({ common_name: 'abc123.access', sub: '' }) });
    expect(registered.status).toBe(200);
    expect(await registered.json()).toMatchObject({ id: 'deploy-eval', role: 'reviewer', groups: ['golden-eval'] });
    const unknown = await me({ 'Cf-Access-Jwt-Assertion': await token({ common_name: 'nobody.access', sub: '' }) });
    expect(unknown.status).toBe(401);
  });

  it('should accept the CF_Authorization cookie and make the bootstrap email the first operator', async () => {
    const jwt = await token({ email: 'boss@acme.test' });
    const res = await me({ Cookie: `CF_Authorization=${jwt}` });
    expect(await res.json()).toMatchObject({ email: 'boss@acme.test', role: 'operator' });
  });

  it.each([
    ['a wrong audience', { email: 'x@acme.test', aud: 'other-app' }],
    ['a wrong issuer', { email: 'x@acme.test', iss: 'https://evil.cloudflareaccess.com' }],
    ['an expired token', { email: 'x@acme.test', exp: Math.floor(Date.now() / 1000) - 60 }],
  ])('should refuse %s with 401', async (_label, claims) => {
    const res = await me({ 'Cf-Access-Jwt-Assertion': await token(claims) });
    expect(res.status).toBe(401);
  });

  it('should refuse a token signed by a key outside the team JWKS', async () => {
    const res = await me({ 'Cf-Access-Jwt-Assertion': await token({ email: 'x@acme.test' }, stranger.privateJwk) });
    expect(res.status).toBe(401);
  });

  it('should not accept demo bearer tokens in access mode', async () => {
    const res = await me({ Authorization: 'Bearer demo-oscar' });
    expect(res.status).toBe(401);
  });

  describe('the JWKS cache', () => {
    function certsEndpoint(script: (call: number) => Response) {
      let calls = 0;
      const fetch = (async () => script(++calls)) as typeof globalThis.fetch;
      return { fetch, calls: () => calls };
    }

    it('should fetch the keys once, serve them while fresh, and keep serving them when the endpoint fails', async () => {
      let now = 1_000_000;
      const endpoint = certsEndpoint((call) =>
        call === 1 ? Response.json({ keys: [trusted.publicJwk] }, { headers: { 'Cache-Control': 'max-age=60, stale-if-error=3600' } }) : new Response('down', { status: 503 }),
      );
      const jwksCache = new JwksCache({ fetch: endpoint.fetch, now: () => now });
      const verify = async () => verifyAccessJwt(await token({ email: 'pat@acme.test' }), { teamDomain: TEAM, audience: AUD, jwksCache });

      for (let i = 0; i < 5; i++) await expect(verify()).resolves.toMatchObject({ principal: 'pat@acme.test' });
      expect(endpoint.calls()).toBe(1);

      now += 120_000; // past max-age: a refresh is tried, fails, and the stale keys still serve
      await expect(verify()).resolves.toMatchObject({ principal: 'pat@acme.test' });
      expect(endpoint.calls()).toBe(2);

      now += 3_600_000; // past stale-if-error too: nothing trustworthy is left
      await expect(verify()).rejects.toMatchObject({ status: 401 });
    });

    it('should refresh early for an unknown key id, which is how a rotated key is picked up', async () => {
      let now = 5_000_000;
      const rotated = await keyPair('k2');
      const endpoint = certsEndpoint((call) => Response.json({ keys: call === 1 ? [trusted.publicJwk] : [trusted.publicJwk, rotated.publicJwk] }, { headers: { 'Cache-Control': 'max-age=3600' } }));
      const jwksCache = new JwksCache({ fetch: endpoint.fetch, now: () => now });
      const options = { teamDomain: TEAM, audience: AUD, jwksCache };
      await verifyAccessJwt(await token({ email: 'pat@acme.test' }), options);
      now += 60_000;
      await expect(verifyAccessJwt(await token({ email: 'pat@acme.test' }, rotated.privateJwk), options)).resolves.toMatchObject({ principal: 'pat@acme.test' });
      expect(endpoint.calls()).toBe(2);
    });
  });
});
