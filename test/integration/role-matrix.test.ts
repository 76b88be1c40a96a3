import { describe, expect, it } from 'vitest';
import openApi from '../../docs/openapi.json';
import { DEMO_USERS } from '../../src/auth/demo-users';
import { can, type Permission } from '../../src/auth/policy';
import { asUser } from './helpers';

/** Every protected endpoint with the permission the policy table requires for it. */
const ENDPOINTS: { method: string; path: string; permission: Permission; body?: unknown }[] = [
  { method: 'GET', path: '/api/traces', permission: 'traces:read-own' },
  { method: 'GET', path: '/api/traces/missing', permission: 'traces:read-own' },
  { method: 'POST', path: '/api/ask', permission: 'ask', body: { question: 'What is the refund window?' } },
  { method: 'GET', path: '/api/search?q=refund', permission: 'ask' },
  { method: 'GET', path: '/api/documents', permission: 'documents:read' },
  { method: 'GET', path: '/api/documents/missing', permission: 'documents:read' },
  { method: 'GET', path: '/api/documents/missing/text', permission: 'documents:read' },
  { method: 'POST', path: '/api/documents', permission: 'documents:write', body: { title: 'Matrix note', text: 'A note written by the role matrix test.' } },
  { method: 'DELETE', path: '/api/documents/missing', permission: 'documents:write' },
  { method: 'POST', path: '/api/documents/batch', permission: 'documents:write', body: { title: 'Matrix batch', text: 'A batch line from the role matrix.' } },
  { method: 'GET', path: '/api/documents/batches', permission: 'documents:write' },
  { method: 'GET', path: '/api/documents/batches/missing', permission: 'documents:write' },
  { method: 'POST', path: '/api/tasks', permission: 'tasks:create', body: { input: 'When are first replies to P2 tickets due?' } },
  { method: 'GET', path: '/api/tasks', permission: 'tasks:read-own' },
  { method: 'GET', path: '/api/tasks/missing', permission: 'tasks:read-own' },
  { method: 'GET', path: '/api/reviews?status=pending', permission: 'reviews:read' },
  { method: 'GET', path: '/api/reviews/missing', permission: 'reviews:read' },
  { method: 'POST', path: '/api/reviews/missing/decision', permission: 'reviews:decide', body: { decision: 'reject', comment: 'matrix' } },
  { method: 'POST', path: '/api/feedback', permission: 'feedback:give', body: { traceId: 'missing', rating: 'up' } },
  { method: 'GET', path: '/api/metrics', permission: 'metrics:read' },
  { method: 'GET', path: '/api/metrics/series?range=month', permission: 'metrics:read' },
  { method: 'GET', path: '/api/kpi', permission: 'metrics:read' },
  { method: 'PUT', path: '/api/kpi/contract', permission: 'kpi:write', body: { name: 'x' } },
  { method: 'POST', path: '/api/kpi/values', permission: 'kpi:write', body: { week: '2026-11-23', value: 1 } },
  { method: 'GET', path: '/api/inbox', permission: 'evals:read' },
  { method: 'POST', path: '/api/inbox/promote', permission: 'evals:curate', body: { source: 'answer:missing' } },
  { method: 'GET', path: '/api/golden/candidates', permission: 'evals:read' },
  { method: 'GET', path: '/api/golden/candidates/missing', permission: 'evals:read' },
  { method: 'PUT', path: '/api/golden/candidates/missing', permission: 'evals:curate', body: { status: 'draft', case: { tags: ['edge'], user: 'alice', kind: 'ask', input: 'q', expect: { route: 'refused' } } } },
  { method: 'GET', path: '/api/admin/kill-switch', permission: 'admin:kill-switch' },
  { method: 'POST', path: '/api/admin/kill-switch', permission: 'admin:kill-switch', body: { level: 'full', reason: 'role matrix' } },
  { method: 'POST', path: '/api/admin/retention/run', permission: 'admin:retention' },
  { method: 'DELETE', path: '/api/users/nobody/data', permission: 'admin:retention' },
];

/** Operations anyone may call: monitors, identity, the API contract itself. */
const PUBLIC = new Set(['get /api/health', 'get /api/me', 'get /api/openapi.json']);

describe('role × endpoint matrix', () => {
  it('should have a row for every operation in the API document, so a new route cannot skip the policy table', () => {
    const operations = Object.entries(openApi.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) => Object.keys(item).map((m) => ({ method: m, path })));
    const missing = operations.filter(({ method, path }) => {
      if (PUBLIC.has(`${method} ${path}`)) return false;
      const template = new RegExp(`^${path.replace(/\/$/, '').replace(/\{\w+\}/g, '[^/?]+')}/?(\\?.*)?$`);
      return !ENDPOINTS.some((e) => e.method.toLowerCase() === method && template.test(e.path));
    });
    expect(missing).toEqual([]);
  });

  for (const endpoint of ENDPOINTS) {
    const label = `${endpoint.method} ${endpoint.path}`;
    it(`should refuse anonymous callers of ${label} with 401`, async () => {
      const res = await asUser(null, endpoint.path, { method: endpoint.method });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    });
    for (const user of DEMO_USERS) {
      const allowed = can(user.role, endpoint.permission);
      it(`should ${allowed ? 'allow' : 'forbid'} ${user.role} ${user.id} on ${label}`, async () => {
        const init: RequestInit = { method: endpoint.method };
        if (endpoint.body !== undefined) {
          init.body = JSON.stringify(endpoint.body);
          init.headers = { 'Content-Type': 'application/json' };
        }
        const res = await asUser(user.id, endpoint.path, init);
        if (allowed) expect([401, 403]).not.toContain(res.status);
        else expect(res.status).toBe(403);
      });
    }
  }
});
