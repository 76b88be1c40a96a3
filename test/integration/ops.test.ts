import { env } from 'cloudflare:workers';
import { eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { getDb } from '../../src/db/client';
import { taskArchiveKey } from '../../src/db/record-archive';
import { auditLog, requestLog, reviews, tasks, tokenUsage, traces } from '../../src/db/schema';
import { getTraceBody, putTraceBody, traceBodyKey } from '../../src/db/trace-bodies';
import { evaluateAlerts } from '../../src/ops/alerts';
import { runRetention } from '../../src/ops/retention';
import { asUser, ingest, jsonBody } from './helpers';

const db = getDb(env.DB);
const QUESTION = 'How many days does the Fjord jacket warranty last?';

function askAs(user: string, question: string, headers: Record<string, string> = {}) {
  return asUser(user, '/api/ask', { ...jsonBody({ question }), headers: { 'Content-Type': 'application/json', ...headers } });
}

function setKill(level: string, user = 'oscar') {
  return asUser(user, '/api/admin/kill-switch', jsonBody({ level, reason: 'test' }));
}

describe('production checklist', () => {
  beforeAll(async () => {
    await ingest('jackets.md', '# Jackets\n\nThe Fjord jacket warranty lasts 730 days from delivery.', { groups: 'support' });
  });

  it('should answer 429 with Retry-After when the per-user or per-IP limiter refuses', async () => {
    const refuse = { limit: async () => ({ success: false }) };
    const allow = { limit: async () => ({ success: true }) };
    for (const limiters of [{ USER_RATE_LIMITER: refuse, IP_RATE_LIMITER: allow }, { USER_RATE_LIMITER: allow, IP_RATE_LIMITER: refuse }]) {
      const res = await createApp().request('/api/ask', { ...jsonBody({ question: QUESTION }), headers: { 'Content-Type': 'application/json', Authorization: 'Bearer demo-alice' } }, { ...env, ...limiters });
      expect(res.status).toBe(429);
      expect(res.headers.get('Retry-After')).toBe('60');
      expect(await res.json()).toMatchObject({ error: { code: 'rate_limited' } });
    }
  });

  it('should serve a repeated question from the cache, bypass it on no-cache, and miss after the corpus changes', async () => {
    const first = (await (await askAs('ravi', QUESTION)).json()) as { answer: string; cached: boolean };
    expect(first).toMatchObject({ cached: false });
    expect(first.answer).toContain('730 days');
    expect(await (await askAs('ravi', `  ${QUESTION.toUpperCase()} `)).json()).toMatchObject({ cached: true, answer: first.answer });
    expect(await (await askAs('ravi', QUESTION, { 'Cache-Control': 'no-cache' })).json()).toMatchObject({ cached: false });
    await ingest('other.md', '# Other\n\nGloves ship in pairs.', { groups: 'support' });
    expect(await (await askAs('ravi', QUESTION)).json()).toMatchObject({ cached: false });
  });

  it('should refuse with budget_exhausted once the daily token budget is spent', async () => {
    await askAs('rita', QUESTION, { 'Cache-Control': 'no-cache' });
    const res = await createApp().request('/api/ask', { ...jsonBody({ question: QUESTION }), headers: { 'Content-Type': 'application/json', Authorization: 'Bearer demo-rita' } }, { ...env, DAILY_TOKEN_BUDGET: '10' });
    expect(res.status).toBe(429);
    expect(await res.json()).toMatchObject({ error: { code: 'budget_exhausted' } });
  });

  it('should apply each kill-switch level on the next request and audit every change', async () => {
    expect((await setKill('off', 'alice')).status).toBe(403);

    expect((await setKill('retrieval-only')).status).toBe(200);
    const passages = (await (await askAs('alice', QUESTION, { 'Cache-Control': 'no-cache' })).json()) as { mode: string; citations: unknown[] };
    expect(passages.mode).toBe('retrieval-only');
    expect(passages.citations.length).toBeGreaterThan(0);

    expect((await setKill('read-only')).status).toBe(200);
    expect((await asUser('alice', '/api/tasks', jsonBody({ input: 'Mark ticket TCK-2009 as closed.' }))).status).toBe(503);
    expect((await asUser('oscar', '/api/documents', jsonBody({ title: 'x', text: 'some words here', groups: ['support'] }))).status).toBe(503);
    expect((await askAs('alice', QUESTION)).status).toBe(200);

    expect((await setKill('off')).status).toBe(200);
    const off = await askAs('alice', QUESTION);
    expect(off.status).toBe(503);
    expect(await off.json()).toMatchObject({ error: { code: 'service_degraded' } });
    expect((await asUser(null, '/api/health')).status).toBe(200);

    expect((await setKill('full')).status).toBe(200);
    expect((await askAs('alice', QUESTION)).status).toBe(200);
    const audit = await db.select().from(auditLog).where(eq(auditLog.event, 'kill-switch.set')).all();
    expect(audit.map((a) => (a.details as { to: string }).to)).toEqual(['retrieval-only', 'read-only', 'off', 'full']);
  });

  it('should write an Analytics Engine data point for every served ask', async () => {
    const points: AnalyticsEngineDataPoint[] = [];
    const analytics = { writeDataPoint: (p: AnalyticsEngineDataPoint) => points.push(p) };
    const res = await createApp().request('/api/ask', { ...jsonBody({ question: QUESTION }), headers: { 'Content-Type': 'application/json', Authorization: 'Bearer demo-alice' } }, { ...env, ANALYTICS: analytics });
    expect(res.status).toBe(200);
    expect(points).toHaveLength(1);
    expect(points[0]).toMatchObject({ indexes: ['ask'], blobs: ['ask', '200', 'alice'] });
  });

  it('should report operational metrics to operators only', async () => {
    expect((await asUser('alice', '/api/metrics')).status).toBe(403);
    const m = (await (await asUser('oscar', '/api/metrics?hours=24')).json()) as Record<string, number>;
    expect(m.requests).toBeGreaterThan(0);
    for (const k of ['latencyP50Ms', 'latencyP95Ms', 'errorRate', 'costPerTaskUsd', 'cacheHitRate', 'escalationRate', 'approvalLatencyP50Seconds', 'adoption']) {
      expect(typeof m[k]).toBe('number');
    }
    expect(m.cacheHitRate).toBeGreaterThan(0);
  });

  it('should post a firing alert to the webhook once and deduplicate repeats', async () => {
    const now = new Date();
    for (let i = 0; i < 25; i++) await db.insert(requestLog).values({ id: `err-${i}`, userId: 'alice', kind: 'ask', status: 500, latencyMs: 10, createdAt: now });
    const posted: string[] = [];
    const send = (async (_url: string, init?: RequestInit) => {
      posted.push(String(init?.body));
      return new Response('ok');
    }) as typeof fetch;
    const first = await evaluateAlerts(db, 'https://alerts.example/hook', send);
    expect(first.sent).toContain('error-rate');
    const second = await evaluateAlerts(db, 'https://alerts.example/hook', send);
    expect(second.firing).toContain('error-rate');
    expect(second.sent).toEqual([]);
    expect(posted.filter((p) => p.includes('"error-rate"'))).toHaveLength(1);
  });

  it('should purge traces (rows and R2 bodies) and token counters older than the retention window and scrub old audit details', async () => {
    const old = new Date(Date.now() - 40 * 86_400_000);
    await db.insert(traces).values({ id: 'old-trace', requestId: 'old', operation: 'embed', model: 'm', provider: 'p', latencyMs: 1, createdAt: old });
    await putTraceBody(env.DOCUMENTS, 'old-trace', { prompt: 'x', response: null, gatewayMetadata: {} });
    await db.insert(traces).values({ id: 'new-trace', requestId: 'new', operation: 'embed', model: 'm', provider: 'p', latencyMs: 1 });
    await putTraceBody(env.DOCUMENTS, 'new-trace', { prompt: 'y', response: null, gatewayMetadata: {} });
    await db.insert(tokenUsage).values([
      { userId: 'alice', day: old.toISOString().slice(0, 10), tokens: 10 },
      { userId: 'alice', day: new Date().toISOString().slice(0, 10), tokens: 10 },
    ]).onConflictDoNothing();
    await db.insert(auditLog).values({ actorId: 'alice', event: 'old.event', subjectType: 't', subjectId: '1', details: { secret: 'x' }, createdAt: old });
    const result = await runRetention({ db, bucket: env.DOCUMENTS }, { days: 30, recordDays: 180 });
    expect(result.traces).toBeGreaterThanOrEqual(1);
    expect(result.tokenCounters).toBeGreaterThanOrEqual(1);
    expect(await db.select().from(traces).where(eq(traces.id, 'old-trace')).all()).toHaveLength(0);
    expect(await env.DOCUMENTS.head(traceBodyKey('old-trace'))).toBeNull();
    expect(await getTraceBody(env.DOCUMENTS, 'new-trace')).toMatchObject({ prompt: 'y' });
    const days = (await db.select().from(tokenUsage).where(eq(tokenUsage.userId, 'alice')).all()).map((r) => r.day);
    expect(days).toContain(new Date().toISOString().slice(0, 10));
    expect(days).not.toContain(old.toISOString().slice(0, 10));
    const scrubbed = await db.select().from(auditLog).where(eq(auditLog.event, 'old.event')).get();
    expect(scrubbed?.details).toBeNull();
  });

  it('should move finished tasks (with their review) and audit rows past RECORD_RETENTION_DAYS to the R2 archive, and erase a person’s archived tasks', async () => {
    const old = new Date(Date.now() - 200 * 86_400_000);
    await db.insert(tasks).values([
      { id: 'task_old_done', userId: 'rhea', input: 'refund ORD-1', status: 'committed', updatedAt: old, createdAt: old },
      { id: 'task_old_open', userId: 'ruth', input: 'refund ORD-2', status: 'awaiting_review', updatedAt: old, createdAt: old },
      { id: 'task_new_done', userId: 'rhea', input: 'refund ORD-3', status: 'committed' },
    ]);
    await db.insert(reviews).values({ taskId: 'task_old_done', status: 'approved', action: 'refund', risk: 'low', proposedParams: { orderId: 'ORD-1' } });
    await db.insert(auditLog).values([
      { actorId: 'rhea', event: 'ancient.event', subjectType: 'task', subjectId: 'task_old_done', createdAt: old },
      { actorId: 'rhea', event: 'recent.event', subjectType: 'task', subjectId: 'task_new_done' },
    ]);
    const result = await runRetention({ db, bucket: env.DOCUMENTS }, { days: 30, recordDays: 180 });
    expect(result).toMatchObject({ archivedTasks: 1 });
    expect(result.archivedAuditRows).toBeGreaterThanOrEqual(1);
    const left = (await db.select().from(tasks).where(inArray(tasks.userId, ['rhea', 'ruth'])).all()).map((t) => t.id).sort();
    expect(left).toEqual(['task_new_done', 'task_old_open']);
    expect(await db.select().from(reviews).where(eq(reviews.taskId, 'task_old_done')).all()).toHaveLength(0);
    const archived = (await (await env.DOCUMENTS.get(taskArchiveKey('rhea', 'task_old_done')))!.json()) as { task: { id: string; input: string }; review: { status: string } };
    expect(archived).toMatchObject({ task: { id: 'task_old_done', input: 'refund ORD-1' }, review: { status: 'approved' } });
    expect((await db.select().from(auditLog).where(eq(auditLog.actorId, 'rhea')).all()).map((r) => r.event)).toEqual(['recent.event']);
    const auditObjects = (await env.DOCUMENTS.list({ prefix: 'archive/audit/' })).objects;
    const archivedEvents = (await Promise.all(auditObjects.map(async (o) => (await env.DOCUMENTS.get(o.key))!.text()))).join('');
    expect(archivedEvents).toContain('"event":"ancient.event"');

    expect((await asUser('oscar', '/api/users/rhea/data', { method: 'DELETE' })).status).toBe(200);
    expect(await env.DOCUMENTS.head(taskArchiveKey('rhea', 'task_old_done'))).toBeNull();
  });

  it("should erase a user's traces (rows and R2 bodies), token counters, tasks and cached answers", async () => {
    await askAs('ravi', 'What does the Fjord jacket warranty cover?');
    const created = (await (await asUser('ravi', '/api/tasks', jsonBody({ input: 'What does the Fjord jacket warranty cover?' }))).json()) as { id: string };
    // Let the task finish: the test is about what erasure removes, not about racing a running Workflow.
    for (let i = 0; i < 200 && (await db.select().from(tasks).where(eq(tasks.id, created.id)).get())?.status === 'running'; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await asUser('ravi', '/api/users/ravi/data', { method: 'DELETE' })).status).toBe(403);
    const traceIds = (await db.select().from(traces).where(eq(traces.userId, 'ravi')).all()).map((r) => r.id);
    expect(traceIds.length).toBeGreaterThan(0);
    expect(await env.DOCUMENTS.head(traceBodyKey(traceIds[0]!))).not.toBeNull();
    expect(await db.select().from(tokenUsage).where(eq(tokenUsage.userId, 'ravi')).all()).not.toHaveLength(0);
    const cachedKeys = async () => (await env.ANSWER_CACHE.list()).keys.map((k) => k.name);
    const ravisEntries = (await env.ANSWER_CACHE.list<{ creator: string }>({ prefix: 'answer:' })).keys.filter((k) => k.metadata?.creator === 'ravi').map((k) => k.name);
    expect(ravisEntries.length).toBeGreaterThan(0);
    // An entry and its marker as the previous version wrote them, still in the cache during a rollout.
    await env.ANSWER_CACHE.put('answer:legacy-ravi', '{}', { expirationTtl: 600 });
    await env.ANSWER_CACHE.put('answers-of:ravi:legacy-ravi', '', { expirationTtl: 600 });
    ravisEntries.push('answer:legacy-ravi');
    expect(await cachedKeys()).toEqual(expect.arrayContaining(ravisEntries));
    const res = await asUser('oscar', '/api/users/ravi/data', { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(await db.select().from(traces).where(eq(traces.userId, 'ravi')).all()).toHaveLength(0);
    for (const id of traceIds) expect(await env.DOCUMENTS.head(traceBodyKey(id))).toBeNull();
    expect(await db.select().from(tokenUsage).where(eq(tokenUsage.userId, 'ravi')).all()).toHaveLength(0);
    expect(await db.select().from(tasks).where(eq(tasks.userId, 'ravi')).all()).toHaveLength(0);
    const left = await cachedKeys();
    expect(left.filter((k) => k.startsWith('answers-of:ravi:') || ravisEntries.includes(k))).toEqual([]);
    expect((await db.select().from(traces).where(eq(traces.userId, 'alice')).all()).length).toBeGreaterThan(0);
  });
});
