/** The machine-readable API: generated from the routes' own zod schemas, covering every /api route, committed in docs/. */
import { describe, expect, it } from 'vitest';
import committed from '../../docs/openapi.json';
import { createApp } from '../../src/app';
import { asUser } from './helpers';

const SELF = new Set(['/api/openapi.json', '/api/docs']);
const toOpenApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

async function liveDocument() {
  const res = await asUser(null, '/api/openapi.json');
  expect(res.status).toBe(200);
  return (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
}

describe('GET /api/openapi.json', () => {
  it('should be OpenAPI 3.1 and document every /api route with its method', async () => {
    const doc = await liveDocument();
    expect(doc.openapi).toBe('3.1.0');
    const routes = createApp()
      .routes.filter((r) => r.path.startsWith('/api') && !SELF.has(r.path) && r.method !== 'ALL')
      .map((r) => `${r.method.toLowerCase()} ${toOpenApiPath(r.path.replace(/\/$/, '') || '/')}`);
    const documented = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m} ${path.replace(/\/$/, '')}`));
    expect(routes.filter((r) => !documented.includes(r))).toEqual([]);
    expect(documented.filter((d) => !routes.includes(d))).toEqual([]);
  });

  it('should match the committed docs/openapi.json (run `npm run openapi` after changing a route)', async () => {
    expect(await liveDocument()).toEqual(committed);
  });

  it('should serve a readable API reference from the same document, without third-party scripts', async () => {
    const res = await asUser(null, '/api/docs');
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const path of Object.keys(committed.paths)) expect(html).toContain(path);
    expect(html).not.toMatch(/<script[^>]+src="https?:/);
  });
});
