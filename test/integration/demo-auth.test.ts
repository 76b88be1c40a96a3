import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { DemoIdentityProvider } from '../../src/auth/demo-auth';
import { getConfig } from '../../src/config';
import { getDb } from '../../src/db/client';
import { ConfigError } from '../../src/errors';
import { asUser, BASE } from './helpers';

async function signIn(user: string): Promise<string> {
  const res = await exports.default.fetch(
    new Request(`${BASE}/sign-in`, {
      method: 'POST',
      headers: { Origin: BASE, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ user }),
      redirect: 'manual',
    }),
  );
  expect(res.status).toBe(303);
  const cookie = res.headers.get('Set-Cookie') ?? '';
  expect(cookie).toMatch(/HttpOnly/i);
  expect(cookie).toMatch(/SameSite=Strict/i);
  expect(cookie).toMatch(/Secure/i);
  return cookie.split(';')[0]!;
}

describe('demo authentication', () => {
  it('should identify each demo user by bearer token with role and groups', async () => {
    const res = await asUser('rita', '/api/me');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: 'rita', role: 'reviewer', groups: ['support', 'finance'] });
  });

  it('should reject an unknown bearer token with 401', async () => {
    const res = await exports.default.fetch(`${BASE}/api/me`, { headers: { Authorization: 'Bearer demo-mallory' } });
    expect(res.status).toBe(401);
  });

  it('should sign in with a signed HttpOnly SameSite cookie and sign out again', async () => {
    const cookie = await signIn('alice');
    const me = await exports.default.fetch(`${BASE}/api/me`, { headers: { Cookie: cookie } });
    expect(await me.json()).toMatchObject({ id: 'alice', role: 'user' });
    const out = await exports.default.fetch(
      new Request(`${BASE}/sign-out`, { method: 'POST', headers: { Cookie: cookie, Origin: BASE }, redirect: 'manual' }),
    );
    expect(out.status).toBe(303);
    expect(out.headers.get('Set-Cookie')).toMatch(/session=;/);
  });

  it('should ignore a tampered session cookie', async () => {
    const cookie = await signIn('alice');
    const forged = cookie.replace(/alice/g, 'oscar');
    const res = await exports.default.fetch(`${BASE}/api/me`, { headers: { Cookie: forged } });
    expect(res.status).toBe(401);
  });

  it('should refuse a cross-site state-changing request riding the cookie (CSRF)', async () => {
    const cookie = await signIn('alice');
    const res = await exports.default.fetch(
      new Request(`${BASE}/sign-out`, { method: 'POST', headers: { Cookie: cookie, Origin: 'https://evil.example' } }),
    );
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('should refuse demo auth outright when ENVIRONMENT=production', async () => {
    const prodEnv = { ...env, ENVIRONMENT: 'production' };
    const res = await createApp().request('/api/me', { headers: { Authorization: 'Bearer demo-oscar' } }, prodEnv);
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ error: { code: 'config_invalid', message: expect.stringMatching(/demo auth/) } });
    const devConfig = getConfig(env);
    expect(() => new DemoIdentityProvider({ ...devConfig, ENVIRONMENT: 'production' }, getDb(env.DB))).toThrow(ConfigError);
  });
});
