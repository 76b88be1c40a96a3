import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../src/db/client';
import { onlineEvalDay, upsertOnlineEvalDay } from '../../src/db/online-evals';
import { evaluateAlerts } from '../../src/ops/alerts';
import { setKillLevel } from '../../src/ops/kill-switch';
import { utcDay } from '../../src/ops/online-evals';
import { runScheduledMaintenance } from '../../src/usecases/admin';
import { systemContext } from '../../src/usecases/context';
import { asUser, ingest, jsonBody } from './helpers';

const db = getDb(env.DB);
const cron = (vars: Record<string, string> = {}) => systemContext({ ...env, ...vars } as Env, 'cron', `cron-test:${crypto.randomUUID()}`);

const day = (d: string, claimSupport: number) => ({
  day: d,
  answers: 10,
  sampled: 10,
  claimSupport,
  citationValidity: 1,
  refusalRate: 0.1,
  piiLeakRate: 0,
  latencyP95Ms: 120,
  costPerAnswerUsd: 0.0005,
  computedAt: new Date(`${d}T23:59:00Z`),
});

describe('online evals', () => {
  beforeAll(async () => {
    await ingest('lanterns.md', '# Lanterns\n\nThe Glow 300 lantern runs for 40 hours on one charge. It charges over USB-C in four hours.', { groups: 'support' });
    for (const question of ['How long does the Glow 300 lantern run on one charge?', 'How does the Glow 300 charge?', 'How long does charging the Glow 300 take?', 'Who won the 1998 world cup?']) {
      expect((await asUser('alice', '/api/ask', { ...jsonBody({ question }), headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache' } })).status).toBe(200);
    }
  });

  it("should score today's live answers on the cron and store the daily aggregate", async () => {
    const result = await runScheduledMaintenance(cron());
    const today = utcDay(new Date());
    expect(result.online?.map((r) => r.day)).toContain(today);
    const row = (await onlineEvalDay(db, today))!;
    expect(row).toMatchObject({ answers: 4, sampled: 4, refusalRate: 0.25, piiLeakRate: 0, citationValidity: 1 });
    expect(row.claimSupport).toBeGreaterThan(0.5);
    expect(row.latencyP95Ms).toBeGreaterThan(0);
    expect(row.costPerAnswerUsd).toBeGreaterThanOrEqual(0);
  });

  it('should score only the configured sample size', async () => {
    await runScheduledMaintenance(cron({ ONLINE_EVAL_SAMPLE: '2' }));
    expect(await onlineEvalDay(db, utcDay(new Date()))).toMatchObject({ answers: 4, sampled: 2 });
  });

  it('should not score while writes are switched off', async () => {
    await setKillLevel(db, 'read-only');
    try {
      expect((await runScheduledMaintenance(cron())).online).toBeNull();
    } finally {
      await setKillLevel(db, 'full');
    }
  });

  it('should fire the groundedness alert when claim support fell by more than the margin against the same day last week', async () => {
    await upsertOnlineEvalDay(db, day('2026-01-01', 0.92));
    await upsertOnlineEvalDay(db, day('2026-01-08', 0.7));
    const bodies: { alert: string; groundedness?: { drop: number } }[] = [];
    const send = (async (_url: string, init: RequestInit) => {
      bodies.push(JSON.parse(String(init.body)));
      return new Response(null, { status: 204 });
    }) as typeof fetch;
    const now = new Date('2026-01-08T12:00:00Z');
    const quiet = await evaluateAlerts(db, 'https://alerts.example/hook', send, { groundednessMargin: 0.25, now });
    expect(quiet.firing).not.toContain('groundedness-drop');
    expect(quiet.groundedness).toMatchObject({ claimSupport: 0.7, lastWeek: 0.92, drop: 0.22, firing: false });
    const loud = await evaluateAlerts(db, 'https://alerts.example/hook', send, { groundednessMargin: 0.1, now });
    expect(loud.sent).toContain('groundedness-drop');
    expect(bodies.find((b) => b.alert === 'groundedness-drop')?.groundedness?.drop).toBe(0.22);
    expect((await evaluateAlerts(db, 'https://alerts.example/hook', send, { groundednessMargin: 0.1, now: new Date('2026-01-09T12:00:00Z') })).firing).not.toContain('groundedness-drop');
  });
});
