/**
 * The eval gate: runs a subset of the golden cases (EVAL_SUBSET: full, production or canary) through the real
 * pipeline (a fresh local server, or EVAL_TARGET), scores it, writes evals/report.md and report.json, and fails on
 * any threshold breach, any required metric left unmeasured, or any regression against the baseline of the same
 * model set (golden/baseline.json for the local models, golden/baseline-production.json for Workers AI).
 * EVAL_UPDATE_BASELINE=1 accepts this run as that baseline; EVAL_RECORD_PASS=1 does so only when the gate passes.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { baselinePath, gitSha, modelSetOf, readBaseline, regressions, writeBaseline, type Baseline, type Regression } from './baseline';
import { call, targetHeaders, type EvalTarget } from './client';
import { loadGoldenSet, type GoldenCase } from './golden-case';
import { aggregate, scoreCase, thresholdBreaches, type Aggregate, type CaseScore, type Thresholds } from './metrics';
import { writeReports } from './report';
import { runCase } from './run-case';
import { parseSubsetName, selectSubset } from './subsets';
import { goldenSetVersion } from './golden-version';

const REPORT_DIR = process.env.EVAL_REPORT_DIR ?? 'evals';
const CONCURRENCY = Number(process.env.EVAL_CONCURRENCY ?? 4);

const all = loadGoldenSet('golden/cases.jsonl');
const subset = selectSubset(parseSubsetName(process.env.EVAL_SUBSET), all);
const { cases } = subset;
const goldenVersion = goldenSetVersion(all.map((c) => c.version));

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

describe(`golden set ${goldenVersion} (${subset.name}, ${cases.length} cases)`, () => {
  beforeAll(async () => {
    const started = performance.now();
    const token = process.env.EVAL_TOKEN;
    const headers = targetHeaders(process.env);
    // An Access service token is the identity on a deployed target; demo tokens would be refused there anyway.
    const demo = !token && !headers['CF-Access-Client-Id'];
    const target: EvalTarget = {
      base: inject('evalBase'),
      tokenFor: (user) => token ?? (demo ? `demo-${user}` : null),
      operatorToken: token ?? (demo ? 'demo-oscar' : null),
      headers,
    };
    const health = await call<{ models: Record<string, unknown>; prompts: Record<string, string>; version?: string }>(target, null, '/api/health');
    const modelSet = modelSetOf(health.body.models ?? {});
    const baselineFile = baselinePath(modelSet);
    scores = await mapLimit(cases, CONCURRENCY, async (c) => scoreCase(c, await runCase(target, c)));
    agg = aggregate(scores);
    const thresholds = JSON.parse(readFileSync(subset.thresholdsFile, 'utf8')) as Thresholds;
    breaches = thresholdBreaches(agg, thresholds);
    const baseline = readBaseline(baselineFile);
    regressed = regressions(baseline, scores);
    writeReports(REPORT_DIR, {
      target: target.base,
      goldenVersion,
      subset: subset.name,
      modelSet,
      baselineFile,
      wallTimeSeconds: (performance.now() - started) / 1000,
      aggregate: agg,
      baseline: baseline && { gitSha: baseline.gitSha, createdAt: baseline.createdAt, aggregate: baseline.aggregate, versionId: baseline.versionId },
      breaches,
      regressions: regressed,
      cases: scores,
    });
    console.log(`eval: ${scores.length} cases (${subset.name}, ${modelSet} models), ${scores.filter((s) => s.pass).length} passed; report in ${REPORT_DIR}/report.md`);
    console.table(Object.fromEntries(Object.entries(agg).map(([k, v]) => [k, v ?? 'not measured'])));
    const update = process.env.EVAL_UPDATE_BASELINE === '1';
    const recordPass = process.env.EVAL_RECORD_PASS === '1' && breaches.length === 0 && regressed.length === 0;
    if (update || recordPass) {
      if (breaches.length) throw new Error(`not updating the baseline: thresholds breached: ${breaches.join('; ')}`);
      const next: Baseline = {
        goldenVersion,
        models: health.body.models,
        prompts: health.body.prompts,
        gitSha: process.env.EVAL_GIT_SHA || gitSha(),
        ...(process.env.EVAL_VERSION_ID ? { versionId: process.env.EVAL_VERSION_ID } : {}),
        subset: subset.name,
        createdAt: new Date().toISOString(),
        aggregate: agg,
        cases: { ...(subset.name === 'full' ? {} : baseline?.cases), ...Object.fromEntries(scores.map((s) => [s.id, { pass: s.pass, failures: s.failures }])) },
      };
      writeBaseline(baselineFile, next);
      regressed = [];
      console.log(`eval: baseline for the ${modelSet} models updated (${baselineFile})`);
    }
  });

  it('should meet every threshold in evals/thresholds.json', () => {
    const failing = scores.filter((s) => !s.pass).map((s) => `${s.id} (${s.failures.join('; ')})`);
    expect(breaches, `thresholds breached; failing cases:\n${failing.join('\n')}`).toEqual([]);
  });

  it('should not fail any case that passed in the baseline', () => {
    const diff = regressed.map((r) => `${r.id}: passed in baseline, now fails: ${r.failures.join('; ')}`);
    expect(diff, `regressions against the last accepted run for these models:\n${diff.join('\n')}`).toEqual([]);
  });

  it.skipIf(!cases.some((c) => c.tags.includes('pii')))('should leak no PII into answers or traces', () => {
    expect(agg.piiLeakage).toBe(0);
  });
});
