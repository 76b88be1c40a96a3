/** The KPI contract on the dashboard: the reading, the weekly values against baseline and thresholds, and the forms (kpi.js). */
import type { KpiView } from '../usecases/kpi';
import { LineChart } from './line-chart';

const READING_TEXT = {
  go: 'Go: the KPI reached the go-live threshold.',
  extend: 'Extend: between the kill and go-live thresholds; keep the pilot running.',
  kill: 'Kill: the KPI is at or past the kill threshold.',
  'no-data': 'No reading yet: record the contract and a weekly value.',
} as const;

function ContractForm(props: { kpi: KpiView }) {
  const c = props.kpi.contract;
  const field = (name: string, label: string, value: string | number | undefined, type = 'text') => (
    <div class="field">
      <label for={`kpi-${name}`}>{label}</label>
      <input id={`kpi-${name}`} name={name} type={type} step={type === 'number' ? 'any' : undefined} value={value === undefined ? '' : String(value)} required />
    </div>
  );
  return (
    <form id="kpi-contract-form" class="card stack">
      {field('name', 'KPI name', c?.name)}
      {field('unit', 'Unit', c?.unit)}
      <div class="field">
        <label for="kpi-measurement">Measured</label>
        <select id="kpi-measurement" name="measurement">
          <option value="manual" selected={c?.measurement !== 'committed-tasks'}>
            entered weekly by an operator
          </option>
          <option value="committed-tasks" selected={c?.measurement === 'committed-tasks'}>
            counted: tasks committed per week
          </option>
        </select>
      </div>
      {field('howMeasured', 'How it is measured', c?.howMeasured)}
      <div class="field">
        <label for="kpi-direction">Direction</label>
        <select id="kpi-direction" name="direction">
          <option value="higher-is-better" selected={c?.direction !== 'lower-is-better'}>
            higher is better
          </option>
          <option value="lower-is-better" selected={c?.direction === 'lower-is-better'}>
            lower is better
          </option>
        </select>
      </div>
      {field('baseline', 'Pre-AI baseline', c?.baseline, 'number')}
      {field('goLive', 'Go-live threshold', c?.goLive, 'number')}
      {field('kill', 'Kill threshold', c?.kill, 'number')}
      <div class="row">
        <button type="submit">Save the contract</button>
      </div>
    </form>
  );
}

export function KpiSection(props: { kpi: KpiView }) {
  const { contract, weeks, latest, reading } = props.kpi;
  const fmt = (v: number) => `${Number.isInteger(v) ? v : v.toFixed(2)}${contract ? ` ${contract.unit}` : ''}`;
  return (
    <section aria-labelledby="kpi-h" id="kpi">
      <h2 id="kpi-h">Business KPI{contract ? `: ${contract.name}` : ''}</h2>
      <p>
        <span class={`reading reading-${reading}`} id="kpi-reading">
          {reading}
        </span>{' '}
        {READING_TEXT[reading]}
      </p>
      {contract ? (
        <>
          <p class="muted">
            {contract.howMeasured} · baseline {fmt(contract.baseline)} · go-live {fmt(contract.goLive)} · kill {fmt(contract.kill)} ({contract.direction.replace(/-/g, ' ')})
            {latest ? ` · week of ${latest.week}: ${fmt(latest.value)}` : ''}
          </p>
          <div class="kpi-chart">
            <LineChart
              id="kpi-weekly"
              title={`${contract.name} per week`}
              points={weeks.map((w) => ({ at: new Date(`${w.week}T00:00:00Z`), value: w.value }))}
              format={fmt}
              tick={(d) => d.toISOString().slice(5, 10)}
              references={[
                { value: contract.baseline, label: 'baseline', kind: 'neutral' },
                { value: contract.goLive, label: 'go-live', kind: 'good' },
                { value: contract.kill, label: 'kill', kind: 'bad' },
              ]}
            />
          </div>
        </>
      ) : null}
      {contract?.measurement === 'manual' ? (
        <form id="kpi-value-form" class="card row">
          <label for="kpi-week">Week (its Monday)</label>
          <input id="kpi-week" name="week" type="date" required value={weeks.at(-2)?.week} />
          <label for="kpi-value">Value</label>
          <input id="kpi-value" name="value" type="number" step="any" required />
          <button type="submit">Record the week</button>
        </form>
      ) : null}
      <details open={!contract}>
        <summary>{contract ? 'Change the KPI contract' : 'Record the KPI contract'}</summary>
        <ContractForm kpi={props.kpi} />
      </details>
      <div id="kpi-error" class="notice error" role="alert" hidden></div>
    </section>
  );
}
