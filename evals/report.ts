/** Writes the eval report: a Markdown table with the regression diff, and the same data as JSON. */
import { writeFileSync } from 'node:fs';
import type { Baseline, Regression } from './baseline';
import { formatMeasured, type Aggregate, type CaseScore } from './metrics';

export interface Report {
  target: string;
  goldenVersion: string;
  subset: string;
  modelSet: string;
  baselineFile: string;
  wallTimeSeconds: number;
  aggregate: Aggregate;
  baseline: Pick<Baseline, 'gitSha' | 'createdAt' | 'aggregate' | 'versionId'> | null;
  breaches: string[];
  regressions: Regression[];
  cases: CaseScore[];
}

export function writeReports(dir: string, report: Report): void {
  writeFileSync(`${dir}/report.json`, `${JSON.stringify(report, null, 2)}\n`);
  const rows = Object.entries(report.aggregate).map(([k, v]) => {
    const before = report.baseline?.aggregate[k as keyof Aggregate];
    return `| ${k} | ${formatMeasured(v)} | ${report.baseline ? formatMeasured(before) : '—'} |`;
  });
  const failing = report.cases.filter((c) => !c.pass);
  const md = [
    `# Eval report — golden set ${report.goldenVersion}, ${report.subset} subset, ${report.modelSet} models`,
    '',
    `Target: ${report.target} · wall time ${report.wallTimeSeconds.toFixed(1)} s · baseline ${report.baseline ? `${report.baselineFile} @ ${report.baseline.gitSha.slice(0, 10)}${report.baseline.versionId ? ` (version ${report.baseline.versionId})` : ''}` : 'none'}`,
    '',
    '| metric | this run | baseline |',
    '|---|---|---|',
    ...rows,
    '',
    `## Gate: ${report.breaches.length === 0 && report.regressions.length === 0 ? 'PASS' : 'FAIL'}`,
    ...report.breaches.map((b) => `- threshold breached: ${b}`),
    ...report.regressions.map((r) => `- regression ${r.id}: ${r.failures.join('; ')}`),
    '',
    `## Failing cases (${failing.length})`,
    '',
    '| case | tags | why |',
    '|---|---|---|',
    ...failing.map((c) => `| ${c.id} | ${c.tags.join(', ')} | ${c.failures.join('; ').replace(/\|/g, '\\|').slice(0, 300)} |`),
    '',
  ].join('\n');
  writeFileSync(`${dir}/report.md`, md);
}
