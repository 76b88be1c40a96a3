/** What the deploy canary reads from /api/metrics: refusals and each Workers version's own figures. */
import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '../../src/db/client';
import { computeMetrics } from '../../src/db/metrics';
import { requestLog } from '../../src/db/schema';
import { asUser, ingest, jsonBody } from './helpers';

const db = getDb(env.DB);

describe('canary metrics', () => {
  it('should record the serving version and whether an answered ask was refused', async () => {
    await ingest('refunds.md', '# Refunds\n\nCustomers may request a refund within 30 calendar days of the delivery date.', { groups: '*' });
    const res = await asUser('alice', '/api/ask', jsonBody({ question: 'How long do customers have to request a refund?' }));
    expect(res.status).toBe(200);
    const { grounded } = (await res.json()) as { grounded: boolean };
    const row = await db.select().from(requestLog).where(eq(requestLog.id, res.headers.get('X-Request-Id')!)).get();
    expect(grounded).toBe(true);
    expect(row?.refused).toBe(false);
    expect(row?.versionId).toMatch(/./);
    expect(row?.versionId).toBe(env.CF_VERSION_METADATA.id);
  });

  it('should report refusal rate and per-version figures, leaving refusals unmeasured without answers', async () => {
    const now = new Date();
    const rows = [
      ...Array.from({ length: 8 }, (_, i) => ({ id: `old-${i}`, versionId: 'v-old', status: 200, refused: i < 2, latencyMs: 100 })),
      ...Array.from({ length: 4 }, (_, i) => ({ id: `new-${i}`, versionId: 'v-new', status: i === 0 ? 500 : 200, refused: i === 0 ? null : i === 1, latencyMs: 400 })),
      { id: 'unversioned', versionId: null, status: 200, refused: null, latencyMs: 50 },
    ];
    await db.delete(requestLog);
    for (const r of rows) await db.insert(requestLog).values({ ...r, userId: 'alice', kind: 'ask', createdAt: now });
    const m = await computeMetrics(db, 1);
    expect(m.requests).toBe(13);
    expect(m.refusalRate).toBeCloseTo(3 / 11, 3);
    expect(m.versions).toEqual({
      'v-old': { requests: 8, latencyP95Ms: 100, errorRate: 0, refusalRate: 0.25 },
      'v-new': { requests: 4, latencyP95Ms: 400, errorRate: 0.25, refusalRate: 0.3333 },
    });
    await db.delete(requestLog);
    await db.insert(requestLog).values({ id: 'task-only', userId: 'alice', kind: 'task', status: 202, latencyMs: 5, createdAt: now });
    expect((await computeMetrics(db, 1)).refusalRate).toBeNull();
  });
});
