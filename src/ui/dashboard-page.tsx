/** Dashboard (/dashboard, operators): 24-hour metrics as server-rendered SVG charts, and the kill switch. */
import type { Identity } from '../auth/identity';
import type { Metrics } from '../db/metrics';
import type { KillLevel } from '../ops/kill-switch';
import { Layout } from './layout';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Horizontal bars for values in [0, 1], each with its label and percentage as text. */
function RateChart(props: { title: string; rows: { label: string; value: number }[] }) {
  const rowH = 30;
  const labelW = 150;
  const barW = 220;
  const height = props.rows.length * rowH + 10;
  const id = props.title.replace(/\W+/g, '-').toLowerCase();
  return (
    <figure class="chart card">
      <figcaption id={`cap-${id}`}>{props.title}</figcaption>
      <svg viewBox={`0 0 ${labelW + barW + 70} ${height}`} width={labelW + barW + 70} height={height} role="img" aria-labelledby={`cap-${id}`} class="svg-chart">
        {props.rows.map((r, i) => {
          const y = 5 + i * rowH;
          const w = Math.max(0, Math.min(1, r.value)) * barW;
          return (
            <g>
              <text x={0} y={y + 18} class="chart-label">
                {r.label}
              </text>
              <rect x={labelW} y={y + 4} width={barW} height={18} class="chart-track" rx={3} />
              <rect x={labelW} y={y + 4} width={w} height={18} class="chart-bar" rx={3} />
              <text x={labelW + barW + 6} y={y + 18} class="chart-value">
                {pct(r.value)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** Two vertical bars (p50 and p95 latency), scaled to the larger one, with values as text. */
function LatencyChart(props: { p50: number; p95: number }) {
  const max = Math.max(props.p50, props.p95, 1);
  const h = 140;
  const bars = [
    { label: 'p50', value: props.p50 },
    { label: 'p95', value: props.p95 },
  ];
  return (
    <figure class="chart card">
      <figcaption id="cap-latency">Request latency (ms)</figcaption>
      <svg viewBox="0 0 240 200" width={240} height={200} role="img" aria-labelledby="cap-latency" class="svg-chart">
        <line x1={20} y1={170} x2={230} y2={170} class="chart-axis" />
        {bars.map((b, i) => {
          const bh = (b.value / max) * h;
          const x = 40 + i * 100;
          return (
            <g>
              <rect x={x} y={170 - bh} width={60} height={bh} class={i === 0 ? 'chart-bar' : 'chart-bar alt'} rx={3} />
              <text x={x + 30} y={165 - bh} text-anchor="middle" class="chart-value">
                {Math.round(b.value)} ms
              </text>
              <text x={x + 30} y={190} text-anchor="middle" class="chart-label">
                {b.label}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

const LEVELS: { level: KillLevel; help: string }[] = [
  { level: 'full', help: 'Everything on: answers, tasks and commits.' },
  { level: 'retrieval-only', help: 'Search results only, no generated answers or actions.' },
  { level: 'read-only', help: 'Answers, but no new tasks or commits.' },
  { level: 'off', help: 'The assistant is switched off.' },
];

export function DashboardPage(props: { identity: Identity; metrics: Metrics; killLevel: KillLevel; evalAggregate?: Record<string, unknown> }) {
  const m = props.metrics;
  const ev = props.evalAggregate;
  return (
    <Layout title="Dashboard" identity={props.identity} current="/dashboard" scripts={['common.js', 'dashboard.js']}>
      <h1>Dashboard</h1>
      <p class="muted">Last {m.windowHours} hours.</p>
      <dl class="stats">
        <div>
          <dt>Requests</dt>
          <dd>{m.requests}</dd>
        </div>
        <div>
          <dt>Tasks</dt>
          <dd>{m.tasks}</dd>
        </div>
        <div>
          <dt>Model calls</dt>
          <dd>{m.modelCalls}</dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd>${m.costUsd.toFixed(4)}</dd>
        </div>
        <div>
          <dt>Cost per task</dt>
          <dd>${m.costPerTaskUsd.toFixed(4)}</dd>
        </div>
        <div>
          <dt>Approval latency p50</dt>
          <dd>{m.approvalLatencyP50Seconds} s</dd>
        </div>
        <div>
          <dt>Active users</dt>
          <dd>{m.activeUsers}</dd>
        </div>
      </dl>
      <div class="charts">
        <RateChart
          title="Rates"
          rows={[
            { label: 'Cache hits', value: m.cacheHitRate },
            { label: 'Errors', value: m.errorRate },
            { label: 'Model errors', value: m.modelErrorRate },
            { label: 'Task completion', value: m.completionRate },
            { label: 'Escalated to review', value: m.escalationRate },
            { label: 'Adoption', value: m.adoption },
          ]}
        />
        <LatencyChart p50={m.latencyP50Ms} p95={m.latencyP95Ms} />
        {ev ? (
          <RateChart
            title="Evaluation baseline"
            rows={Object.entries(ev)
              .filter(([, v]) => typeof v === 'number' && v >= 0 && v <= 1)
              .map(([k, v]) => ({ label: k, value: v as number }))}
          />
        ) : null}
      </div>
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
