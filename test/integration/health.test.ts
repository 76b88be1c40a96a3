import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

describe('GET /api/health', () => {
  it('should report local mode, the version and a passing check per dependency', async () => {
    const res = await exports.default.fetch('https://app.test/api/health');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { mode: string; version: string; checks: Record<string, { ok: boolean }> };
    expect(body.mode).toBe('local');
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(Object.keys(body.checks).sort()).toEqual(['database', 'documents', 'models', 'vectors']);
    expect(Object.values(body.checks).every((c) => c.ok)).toBe(true);
  });

  it('should send a strict CSP with no external origins and a request id', async () => {
    const res = await exports.default.fetch('https://app.test/api/health');
    const csp = res.headers.get('Content-Security-Policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/https?:\/\//);
    expect(res.headers.get('X-Request-Id')).toBeTruthy();
  });

  it('should answer unknown routes with the JSON error shape', async () => {
    const res = await exports.default.fetch('https://app.test/api/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found', message: expect.any(String) } });
  });
});

describe('GET /api/health with Vectorize', () => {
  it('should fail the vectors check with a clear message when the index dimension does not match the model', async () => {
    const { env } = await import('cloudflare:workers');
    const { createApp } = await import('../../src/app');
    const vectorize = { describe: async () => ({ dimensions: 1024, vectorCount: 0 }) };
    const res = await createApp().request('/api/health', {}, { ...env, VECTOR_INDEX: 'vectorize', VECTORIZE: vectorize });
    expect(res.status).toBe(503);
    const body = (await res.json()) as { checks: { vectors: { ok: boolean; detail: string } } };
    expect(body.checks.vectors.ok).toBe(false);
    expect(body.checks.vectors.detail).toMatch(/1024 dimensions but the embedding model produces 512/);
  });
});
