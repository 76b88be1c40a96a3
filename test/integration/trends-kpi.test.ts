import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { getDb } from '../../src/db/client';
import { requestLog } from '../../src/db/schema';
import { insertTask, updateTask } from '../../src/db/tasks';
import { sessionsPerUser } from '../../src/db/timeseries';
import { weekOf } from '../../src/ops/kpi-reading';
import { asUser, ingest, jsonBody } from './helpers';

const db = getDb(env.DB);
const put = (user: string, path: string, body: unknown) => asUser(user, path, { ...jsonBody(body), method: 'PUT' });
const contract = { name: 'Tickets resolved per agent-hour', unit: 'tickets', measurement: 'manual', howMeasured: 'helpdesk export, Mondays', direction: 'higher-is-better', baseline: 40, goLive: 60, kill: 30 };
const lastWeek = weekOf(new Date(Date.now() - 7 * 86_400_000));

async function reading(): Promise<{ reading: string; latest: { week: string; value: number } | null; weeks: { week: string; value: number | null }[] }> {
  return (await (await asUser('oscar', '/api/kpi')).json()) as never;
}

describe('KPI contract', () => {
  it('should read go, extend or kill from the latest weekly value against the thresholds', async () => {
    expect((await put('oscar', '/api/kpi/contract', contract)).status).toBe(200);
    expect(await reading()).toMatchObject({ reading: 'no-data', latest: null });
    for (const [value, expected] of [[65, 'go'], [45, 'extend'], [25, 'kill']] as const) {
      expect((await asUser('oscar', '/api/kpi/values', jsonBody({ week: lastWeek, value }))).status).toBe(200);
      expect(await reading()).toMatchObject({ reading: expected, latest: { week: lastWeek, value } });
    }
    const html = await (await asUser('oscar', '/dashboard')).text();
    expect(html).toContain('id="kpi-reading"');
    expect(html).toContain('>kill<');
  });

  it('should refuse thresholds the wrong way round, non-operators, and entered values for a counted KPI', async () => {
    expect((await put('oscar', '/api/kpi/contract', { ...contract, kill: 70 })).status).toBe(400);
    expect((await put('rita', '/api/kpi/contract', contract)).status).toBe(403);
    expect((await asUser('rita', '/api/kpi')).status).toBe(403);
    expect((await put('oscar', '/api/kpi/contract', { ...contract, measurement: 'committed-tasks', baseline: 0, goLive: 2, kill: 0 })).status).toBe(200);
    expect((await asUser('oscar', '/api/kpi/values', jsonBody({ week: lastWeek, value: 3 }))).status).toBe(400);
  });

  it('should count committed tasks per week for a counted KPI', async () => {
    await put('oscar', '/api/kpi/contract', { ...contract, measurement: 'committed-tasks', baseline: 0, goLive: 2, kill: 0 });
    for (let i = 0; i < 2; i++) {
      const id = `task_kpi_${crypto.randomUUID().slice(0, 8)}`;
      await insertTask(db, { id, userId: 'alice', input: 'Escalate TCK-2001 to L2.' });
      await updateTask(db, id, { status: 'committed' });
    }
    const k = await reading();
    expect(k.weeks.at(-1)).toEqual({ week: weekOf(new Date()), value: 2 });
    expect(k.reading).toBe('go');
  });
});

describe('trends', () => {
  it('should chart requests, p95 latency and rates per hour for a day and per day for 30 days', async () => {
    await ingest('tarps.md', '# Tarps\n\nThe Ridge tarp weighs 540 grams and packs to the size of a water bottle.', { groups: 'support' });
    for (const question of ['How much does the Ridge tarp weigh?', 'How small does the Ridge tarp pack?', 'How much does the Ridge tarp weigh?']) {
      await asUser('alice', '/api/ask', jsonBody({ question }));
    }
    const day = (await (await asUser('oscar', '/api/metrics/series?range=day')).json()) as { series: { requests: number; latencyP95Ms: number | null; cacheHitRate: number | null }[] };
    expect(day.series).toHaveLength(24);
    const now = day.series.at(-1)!;
    expect(now.requests).toBeGreaterThanOrEqual(3);
    expect(now.latencyP95Ms).toBeGreaterThan(0);
    expect(now.cacheHitRate).toBeGreaterThan(0);
    const month = (await (await asUser('oscar', '/api/metrics/series?range=month')).json()) as { series: { requests: number }[] };
    expect(month.series).toHaveLength(30);
    expect(month.series.at(-1)!.requests).toBeGreaterThanOrEqual(now.requests);
    expect(month.series.reduce((a, p) => a + p.requests, 0)).toBeGreaterThanOrEqual(day.series.reduce((a, p) => a + p.requests, 0));

    const html = await (await asUser('oscar', '/dashboard?range=day')).text();
    const points = Number(html.match(/id="chart-requests" data-points="(\d+)"/)?.[1]);
    expect(points).toBeGreaterThan(0);
    expect(html).toMatch(/<polyline points="[\d.,\s]+" class="chart-line"/);
    expect((await asUser('rita', '/api/metrics/series')).status).toBe(403);
  });

  it('should count sessions as bursts of requests no more than 30 minutes apart', async () => {
    const t = Date.now() - 3 * 3600_000;
    const at = (min: number) => new Date(t + min * 60_000);
    const before = await sessionsPerUser(db, new Date(t - 1));
    await db.insert(requestLog).values([
      { id: `s-${crypto.randomUUID()}`, userId: 'sess-a', kind: 'ask', status: 200, latencyMs: 5, createdAt: at(0) },
      { id: `s-${crypto.randomUUID()}`, userId: 'sess-a', kind: 'ask', status: 200, latencyMs: 5, createdAt: at(20) },
      { id: `s-${crypto.randomUUID()}`, userId: 'sess-a', kind: 'ask', status: 200, latencyMs: 5, createdAt: at(120) },
      { id: `s-${crypto.randomUUID()}`, userId: 'sess-b', kind: 'ask', status: 200, latencyMs: 5, createdAt: at(5) },
    ]);
    const after = await sessionsPerUser(db, new Date(t - 1));
    expect(after.users - before.users).toBe(2);
    expect(after.sessions - before.sessions).toBe(3);
  });
});
