/**
 * Alert rules evaluated by the cron trigger; a firing rule posts to the webhook at most once an hour. The
 * operational rules read the last 15 minutes of metrics; `groundedness-drop` reads the online evals.
 */
import type { Db } from '../db/client';
import { computeMetrics, type Metrics } from '../db/metrics';
import { getSetting, setSetting } from '../db/settings';
import { groundednessDrop, type GroundednessCheck } from './online-evals';

export interface AlertRule {
  name: string;
  /** What the on-call person should do; mirrored in runbook.md. */
  runbook: string;
  firing(m: Metrics): boolean;
}

export const ALERT_RULES: readonly AlertRule[] = [
  { name: 'error-rate', runbook: 'runbook.md#alert-error-rate', firing: (m) => m.requests >= 20 && m.errorRate > 0.05 },
  { name: 'latency-p95', runbook: 'runbook.md#alert-latency-p95', firing: (m) => m.requests >= 20 && m.latencyP95Ms > 5000 },
  { name: 'model-errors', runbook: 'runbook.md#alert-model-errors', firing: (m) => m.modelCalls >= 20 && m.modelErrorRate > 0.2 },
];

/** Online claim support fell by more than the margin against the same weekday last week. */
export const GROUNDEDNESS_RULE = { name: 'groundedness-drop', runbook: 'runbook.md#alert-groundedness-drop' } as const;

const DEDUPE_MS = 3600_000;

export interface AlertOptions {
  /** Enables the groundedness rule with this margin (a share, e.g. 0.1 for ten points). */
  groundednessMargin?: number;
  now?: Date;
}

export async function evaluateAlerts(
  db: Db,
  webhookUrl: string | undefined,
  send: typeof fetch = fetch,
  options: AlertOptions = {},
): Promise<{ firing: string[]; sent: string[]; groundedness?: GroundednessCheck }> {
  const metrics = await computeMetrics(db, 0.25);
  const groundedness = options.groundednessMargin === undefined ? undefined : await groundednessDrop(db, options.groundednessMargin, options.now);
  const firing: { name: string; runbook: string }[] = ALERT_RULES.filter((r) => r.firing(metrics));
  if (groundedness?.firing) firing.push(GROUNDEDNESS_RULE);
  const sent: string[] = [];
  for (const rule of firing) {
    const key = `alert_last_sent:${rule.name}`;
    const last = Number((await getSetting(db, key)) ?? 0);
    if (!webhookUrl || Date.now() - last < DEDUPE_MS) continue;
    const res = await send(webhookUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ alert: rule.name, runbook: rule.runbook, metrics, ...(groundedness ? { groundedness } : {}), at: new Date().toISOString() }),
    });
    if (res.ok) {
      await setSetting(db, key, String(Date.now()));
      sent.push(rule.name);
    }
  }
  return { firing: firing.map((r) => r.name), sent, ...(groundedness ? { groundedness } : {}) };
}
