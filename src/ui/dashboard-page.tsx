/**
 * Dashboard (/dashboard, operators): the business KPI and its go / extend / kill reading, behavioural
 * metrics, operational and quality trends as server-rendered SVG line charts (per hour for a day, per day
 * for 30 days), the offline eval baseline, and the kill switch.
 */
import type { Identity } from '../auth/identity';
import type { Metrics } from '../db/metrics';
import type { KillLevel } from '../ops/kill-switch';
import type { KpiView } from '../usecases/kpi';
import type { Trends } from '../usecases/trends';
import { KpiSection } from './kpi-section';
import { Layout } from './layout';
import { LineChart, type ChartPoint } from './line-chart';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

const LEVELS: { level: KillLevel; help: string }[] = [
  { level: 'full', help: 'Everything on: answers, tasks and commits.' },
  { level: 'retrieval-only', help: 'Search results only, no generated answers or actions.' },
  { level: 'read-only', help: 'Answers, but no new tasks or commits.' },
  { level: 'off', help: 'The assistant is switched off.' },
];

const usd = (x: number) => `$${x < 0.01 ? x.toFixed(5) : x.toFixed(2)}`;

function TrendCharts(props: { trends: Trends }) {
  const { series, range } = props.trends;
  const tick = range === 'day' ? (d: Date) => `${d.toISOString().slice(11, 13)}:00` : (d: Date) => d.toISOString().slice(5, 10);
  const pts = (pick: (p: Trends['series'][number]) => number | null): ChartPoint[] => series.map((p) => ({ at: p.at, value: pick(p) }));
  return (
    <div class="trend-grid" id="trend-charts">
      <LineChart id="requests" title="Requests" points={pts((p) => p.requests)} format={(v) => String(Math.round(v))} tick={tick} />
      <LineChart id="latency-p95" title="p95 latency" points={pts((p) => p.latencyP95Ms)} format={(v) => `${Math.round(v)} ms`} tick={tick} />
      <LineChart id="error-rate" title="Error rate" points={pts((p) => p.errorRate)} format={pct} tick={tick} max={1} />
      <LineChart id="cache-hit-rate" title="Cache hit rate" points={pts((p) => p.cacheHitRate)} format={pct} tick={tick} max={1} />
      <LineChart id="cost-per-task" title="Cost per task" points={pts((p) => p.costPerTaskUsd)} format={usd} tick={tick} />
      <LineChart id="approval-latency" title="Approval latency (median)" points={pts((p) => p.approvalLatencyP50Seconds)} format={(v) => `${Math.round(v)} s`} tick={tick} />
    </div>
  );
}

function QualityCharts(props: { trends: Trends }) {
  const days = props.trends.onlineEvals;
  const today = days.at(-1);
  const weekAgo = today ? days.find((d) => d.day === new Date(new Date(`${today.day}T00:00:00Z`).getTime() - 7 * 86_400_000).toISOString().slice(0, 10)) : undefined;
  const change = today?.claimSupport != null && weekAgo?.claimSupport != null ? today.claimSupport - weekAgo.claimSupport : null;
  const tick = (d: Date) => d.toISOString().slice(5, 10);
  const pts = (pick: (d: (typeof days)[number]) => number | null): ChartPoint[] => days.map((d) => ({ at: new Date(`${d.day}T00:00:00Z`), value: pick(d) }));
  return (
    <section aria-labelledby="quality-h">
      <h2 id="quality-h">Quality on live traffic (online evals, per day)</h2>
      <p class="muted" id="groundedness-change">
        {today
          ? `${today.day}: ${today.sampled} of ${today.answers} answers scored. Groundedness ${change === null ? 'has no value for the same day last week yet' : `${change >= 0 ? '+' : ''}${(change * 100).toFixed(1)} points against the same day last week`}.`
          : 'No day scored yet: the cron scores a sample of each day\'s answers.'}
      </p>
      <div class="trend-grid">
        <LineChart id="claim-support" title="Groundedness (claim support)" points={pts((d) => d.claimSupport)} format={pct} tick={tick} max={1} />
        <LineChart id="citation-validity" title="Citation validity" points={pts((d) => d.citationValidity)} format={pct} tick={tick} max={1} />
        <LineChart id="refusal-rate" title="Refusal rate" points={pts((d) => d.refusalRate)} format={pct} tick={tick} max={1} />
        <LineChart id="pii-leak-rate" title="PII leak rate" points={pts((d) => d.piiLeakRate)} format={pct} tick={tick} max={1} />
      </div>
    </section>
  );
}

export function DashboardPage(props: { identity: Identity; metrics: Metrics; killLevel: KillLevel; trends: Trends; kpi: KpiView; evalAggregate?: Record<string, unknown> }) {
  const m = props.metrics;
  const b = props.trends.behaviour;
  const ev = props.evalAggregate;
  const day = props.trends.range === 'day';
  return (
    <Layout title="Dashboard" identity={props.identity} current="/dashboard" scripts={['common.js', 'dashboard.js', 'kpi.js']}>
      <h1>Dashboard</h1>
      <KpiSection kpi={props.kpi} />
      <section aria-labelledby="behaviour-h">
        <h2 id="behaviour-h">Use (last {b.windowDays === 1 ? '24 hours' : `${b.windowDays} days`})</h2>
        <dl class="stats" id="behaviour">
          <div>
            <dt>Adoption</dt>
            <dd>{pct(b.adoption)}</dd>
          </div>
          <div>
            <dt>Active users</dt>
            <dd>{b.activeUsers}</dd>
          </div>
          <div>
            <dt>Sessions per user</dt>
            <dd>{b.sessionsPerUser}</dd>
          </div>
          <div>
            <dt>Task completion</dt>
            <dd>{pct(b.completionRate)}</dd>
          </div>
          <div>
            <dt>Escalated to review</dt>
            <dd>{pct(b.escalationRate)}</dd>
          </div>
          <div>
            <dt>Cost (24 h)</dt>
            <dd>{usd(m.costUsd)}</dd>
          </div>
        </dl>
      </section>
      <section aria-labelledby="ops-h">
        <h2 id="ops-h">Operations ({day ? 'per hour, last 24 hours' : 'per day, last 30 days'})</h2>
        <p class="range-toggle">
          <a href="/dashboard?range=day" aria-current={day ? 'page' : undefined}>
            Day
          </a>{' '}
          ·{' '}
          <a href="/dashboard?range=month" aria-current={day ? undefined : 'page'}>
            30 days
          </a>
        </p>
        <TrendCharts trends={props.trends} />
      </section>
      <QualityCharts trends={props.trends} />
      {ev ? (
        <section aria-labelledby="baseline-h">
          <h2 id="baseline-h">Golden-set baseline (offline)</h2>
          <dl class="stats">
            {Object.entries(ev)
              .filter(([, v]) => typeof v === 'number')
              .map(([k, v]) => (
                <div>
                  <dt>{k}</dt>
                  <dd>{pct(v as number)}</dd>
                </div>
              ))}
          </dl>
        </section>
      ) : null}
      <section>
        <h2>Kill switch</h2>
        <form id="kill-form" class="card stack">
          <fieldset>
            <legend>
              Current level: <strong id="kill-current">{props.killLevel}</strong>
            </legend>
            {LEVELS.map((l) => (
              <label class="choice">
                <input type="radio" name="level" value={l.level} checked={l.level === props.killLevel} /> <strong>{l.level}</strong> — {l.help}
              </label>
            ))}
          </fieldset>
          <label for="kill-reason">Reason (optional)</label>
          <input id="kill-reason" name="reason" type="text" maxlength={500} />
          <div class="row">
            <button type="submit">Set level</button>
          </div>
          <div id="kill-error" class="notice error" role="alert" hidden></div>
          <div id="kill-result" class="notice success" role="status" hidden></div>
        </form>
      </section>
    </Layout>
  );
}
