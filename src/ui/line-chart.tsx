/**
 * A server-rendered SVG line chart for one time series: scales to its container (viewBox, width 100%), so it
 * stays readable at phone width; gaps where a bucket has no data; the latest value and the range as text.
 */

export interface ChartPoint {
  at: Date;
  value: number | null;
}

export interface LineChartProps {
  id: string;
  title: string;
  points: ChartPoint[];
  format: (v: number) => string;
  /** Label for the time axis ends, e.g. hours or dates. */
  tick: (d: Date) => string;
  /** Fixed upper bound (1 for rates); otherwise the largest value. */
  max?: number;
  /** Horizontal reference lines, e.g. the KPI's thresholds. */
  references?: { value: number; label: string; kind: 'good' | 'bad' | 'neutral' }[];
}

const W = 320;
const H = 150;
const PAD = { left: 8, right: 8, top: 14, bottom: 22 };

/** Polyline segments between gaps (buckets with no data break the line). */
function segments(points: { x: number; y: number | null }[]): string[] {
  const out: string[] = [];
  let current: string[] = [];
  for (const p of points) {
    if (p.y === null) {
      if (current.length) out.push(current.join(' '));
      current = [];
    } else current.push(`${p.x.toFixed(1)},${p.y.toFixed(1)}`);
  }
  if (current.length) out.push(current.join(' '));
  return out;
}

export function LineChart(props: LineChartProps) {
  const values = props.points.flatMap((p) => (p.value === null ? [] : [p.value]));
  const refs = props.references ?? [];
  const top = props.max ?? Math.max(0, ...values, ...refs.map((r) => r.value));
  const scale = top > 0 ? top * (props.max === undefined ? 1.1 : 1) : 1;
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (props.points.length > 1 ? (i / (props.points.length - 1)) * innerW : innerW / 2);
  const y = (v: number) => PAD.top + innerH - (v / scale) * innerH;
  const plotted = props.points.map((p, i) => ({ x: x(i), y: p.value === null ? null : y(p.value) }));
  const latest = [...props.points].reverse().find((p) => p.value !== null);
  const first = props.points[0];
  const last = props.points.at(-1);
  return (
    <figure class="chart card" id={`chart-${props.id}`} data-points={values.length}>
      <figcaption id={`cap-${props.id}`}>
        {props.title} <span class="chart-latest">{latest ? props.format(latest.value!) : 'no data'}</span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-labelledby={`cap-${props.id}`} class="svg-chart line-chart">
        <line x1={PAD.left} y1={PAD.top + innerH} x2={W - PAD.right} y2={PAD.top + innerH} class="chart-axis" />
        <text x={PAD.left} y={PAD.top - 3} class="chart-label">
          {props.format(top > 0 ? scale : 0)}
        </text>
        {refs.map((r) => (
          <g>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(r.value)} y2={y(r.value)} class={`chart-ref ref-${r.kind}`} />
            <text x={W - PAD.right} y={y(r.value) - 3} text-anchor="end" class="chart-label">
              {r.label}
            </text>
          </g>
        ))}
        {segments(plotted).map((pts) => (
          <polyline points={pts} class="chart-line" />
        ))}
        {plotted.map((p) => (p.y === null ? null : <circle cx={p.x} cy={p.y} r={2} class="chart-dot" />))}
        {first ? (
          <text x={PAD.left} y={H - 6} class="chart-label">
            {props.tick(first.at)}
          </text>
        ) : null}
        {last ? (
          <text x={W - PAD.right} y={H - 6} text-anchor="end" class="chart-label">
            {props.tick(last.at)}
          </text>
        ) : null}
      </svg>
    </figure>
  );
}
