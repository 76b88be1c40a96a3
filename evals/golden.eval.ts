/**
 * The eval gate: runs every golden case through the real pipeline (a fresh local server, or EVAL_TARGET),
 * scores it, writes evals/report.md and report.json, and fails on any threshold breach or any regression
 * against golden/baseline.json. EVAL_UPDATE_BASELINE=1 accepts this run as the new baseline.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { gitSha, readBaseline, regressions, writeBaseline, type Baseline, type Regression } from './baseline';
import { call, type EvalTarget } from './client';
import { loadGoldenSet, type GoldenCase } from './golden-case';
import { aggregate, scoreCase, thresholdBreaches, type Aggregate, type CaseScore, type Thresholds } from './metrics';
import { writeReports } from './report';
import { runCase } from './run-case';

const BASELINE = 'golden/baseline.json';
const REPORT_DIR = process.env.EVAL_REPORT_DIR ?? 'evals';
const CONCURRENCY = Number(process.env.EVAL_CONCURRENCY ?? 4);
const canary = process.env.EVAL_CANARY === '1';

/** A small, side-effect-free subset for checking a fresh deployment: no action tasks, no per-user access cases. */
export function canarySubset(all: GoldenCase[]): GoldenCase[] {
  const pick = (tag: GoldenCase['tags'][number], n: number) => all.filter((c) => c.tags.includes(tag) && c.kind === 'ask' && !c.tags.includes('access')).slice(0, n);
  return [...new Set([...pick('happy', 10), ...pick('out-of-scope', 3), ...pick('injection', 2)])];
}

const all = loadGoldenSet('golden/cases.jsonl');
const cases = canary ? canarySubset(all) : all;
const goldenVersion = [...new Set(all.map((c) => c.version))].join(',');

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

let scores: CaseScore[] = [];
let agg: Aggregate;
let breaches: string[] = [];
let regressed: Regression[] = [];

describe(`golden set ${goldenVersion}${canary ? ' (canary)' : ''}`, () => {
  beforeAll(async () => {
    const started = performance.now();
    const token = process.env.EVAL_TOKEN;
    const target: EvalTarget = {
      base: inject('evalBase'),
      tokenFor: (user) => token ?? `demo-${user}`,
      operatorToken: token ?? 'demo-oscar',
    };
    const health = await call<{ models: Record<string, unknown>; prompts: Record<string, string> }>(target, null, '/api/health');
    scores = await mapLimit(cases, CONCURRENCY, async (c) => scoreCase(c, await runCase(target, c)));
    agg = aggregate(scores);
    const thresholds = JSON.parse(readFileSync('evals/thresholds.json', 'utf8')) as Thresholds;
    breaches = thresholdBreaches(agg, thresholds);
    const baseline = canary ? null : readBaseline(BASELINE);
    regressed = regressions(baseline, scores);
    writeReports(REPORT_DIR, {
      target: target.base,
      goldenVersion,
      wallTimeSeconds: (performance.now() - started) / 1000,
      aggregate: agg,
      baseline: baseline && { gitSha: baseline.gitSha, createdAt: baseline.createdAt, aggregate: baseline.aggregate },
      breaches,
      regressions: regressed,
      cases: scores,
    });
    console.log(`eval: ${scores.length} cases, ${scores.filter((s) => s.pass).length} passed; report in ${REPORT_DIR}/report.md`);
    console.table(agg);
    if (process.env.EVAL_UPDATE_BASELINE === '1' && !canary) {
      if (breaches.length) throw new Error(`not updating the baseline: thresholds breached: ${breaches.join('; ')}`);
      const next: Baseline = {
        goldenVersion,
        models: health.body.models,
        prompts: health.body.prompts,
        gitSha: gitSha(),
        createdAt: new Date().toISOString(),
        aggregate: agg,
        cases: Object.fromEntries(scores.map((s) => [s.id, { pass: s.pass, failures: s.failures }])),
      };
      writeBaseline(BASELINE, next);
      regressed = [];
      console.log(`eval: baseline updated (${BASELINE})`);
    }
  });

  it('should meet every threshold in evals/thresholds.json', () => {
    const failing = scores.filter((s) => !s.pass).map((s) => `${s.id} (${s.failures.join('; ')})`);
    expect(breaches, `thresholds breached; failing cases:\n${failing.join('\n')}`).toEqual([]);
  });

  it('should not fail any case that passed in the baseline', () => {
    const diff = regressed.map((r) => `${r.id}: passed in baseline, now fails: ${r.failures.join('; ')}`);
    expect(diff, `regressions against ${BASELINE}:\n${diff.join('\n')}`).toEqual([]);
  });

  it('should leak no PII into answers or traces', () => {
    expect(agg.piiLeakage).toBe(0);
  });
});
