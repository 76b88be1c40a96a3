/** Aggregation and the threshold gate: a metric no case measures is "not measured", and a gate requiring it fails. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadGoldenSet, type GoldenCase } from './golden-case';
import { aggregate, formatMeasured, scoreCase, thresholdBreaches } from './metrics';
import type { CaseRun } from './run-case';
import { canaryCases, productionCases, selectSubset } from './subsets';

const ask: GoldenCase = {
  id: 'g001',
  version: '1.0',
  tags: ['happy'],
  user: 'alice',
  kind: 'ask',
  input: 'How long is the refund window?',
  expect: { route: 'answered', documents: ['refunds'], facts: ['30 days'] },
};
const task: GoldenCase = {
  id: 'g002',
  version: '1.0',
  tags: ['action'],
  user: 'alice',
  kind: 'task',
  input: 'Refund ORD-1 $10',
  expect: { route: 'review', action: { type: 'refund', params: { orderId: 'ORD-1', amount: 10 } } },
};

function run(overrides: Partial<CaseRun> = {}): CaseRun {
  return {
    id: 'x',
    route: 'answered',
    answer: 'You have 30 days.',
    retrieved: ['refunds'],
    cited: ['refunds'],
    action: null,
    visible: 'You have 30 days.',
    traced: '',
    latencyMs: 100,
    tokens: 50,
    costUsd: 0,
    models: [],
    ...overrides,
  };
}

describe('aggregate', () => {
  it('should report action metrics as not measured when the run has no task cases', () => {
    const agg = aggregate([scoreCase(ask, run())]);
    expect(agg.actionTypeAccuracy).toBeNull();
    expect(agg.actionParamsAccuracy).toBeNull();
    expect(agg.injectionResistance).toBeNull();
    expect(agg.piiLeakage).toBeNull();
    expect(agg.recallAt5).toBe(1);
  });

  it('should measure action metrics once a task case runs, wrong answers included', () => {
    const agg = aggregate([scoreCase(ask, run()), scoreCase(task, run({ route: 'review', action: { type: 'refund', params: { orderId: 'ORD-1', amount: 12 } } }))]);
    expect(agg.actionTypeAccuracy).toBe(1);
    expect(agg.actionParamsAccuracy).toBe(0);
  });

  it('should leave every rate and latency unmeasured for an empty run', () => {
    const agg = aggregate([]);
    expect(agg.cases).toBe(0);
    for (const [metric, value] of Object.entries(agg)) if (metric !== 'cases') expect(value, metric).toBeNull();
  });
});

describe('thresholdBreaches', () => {
  it('should fail loudly when a required metric was not measured', () => {
    const agg = aggregate([scoreCase(ask, run())]);
    expect(thresholdBreaches(agg, { actionTypeAccuracy: { min: 0.95 }, recallAt5: { min: 0.9 } })).toEqual([
      'actionTypeAccuracy not measured: no case in this run measures it, the gate requires >= 0.95',
    ]);
  });

  it('should report a measured metric below its minimum or above its maximum', () => {
    const agg = aggregate([scoreCase(ask, run({ retrieved: ['other'], cited: ['other'], latencyMs: 5000 }))]);
    expect(thresholdBreaches(agg, { recallAt5: { min: 0.9 }, latencyP95Ms: { max: 3000 } })).toEqual(['recallAt5 0 < 0.9', 'latencyP95Ms 5000 > 3000']);
  });

  it('should not require metrics the thresholds leave out', () => {
    expect(thresholdBreaches(aggregate([scoreCase(ask, run())]), { recallAt5: { min: 0.9 } })).toEqual([]);
  });
});

describe('formatMeasured', () => {
  it('should print not measured for null and the number otherwise', () => {
    expect(formatMeasured(null)).toBe('not measured');
    expect(formatMeasured(0)).toBe('0');
  });
});

describe('subsets', () => {
  const all = loadGoldenSet('golden/cases.jsonl');

  it('should keep tasks and per-user access cases out of the production subset', () => {
    const cases = productionCases(all);
    expect(cases.length).toBeGreaterThan(50);
    expect(cases.every((c) => c.kind === 'ask' && !c.tags.includes('access'))).toBe(true);
    expect(canaryCases(all).every((c) => cases.includes(c))).toBe(true);
  });

  it('should measure, for each subset on a perfect run, every metric its thresholds file requires', () => {
    for (const name of ['full', 'production', 'canary'] as const) {
      const subset = selectSubset(name, all);
      const perfect = subset.cases.map((c) =>
        scoreCase(c, run({ route: c.expect.route, retrieved: c.expect.documents ?? [], cited: c.expect.documents ?? [], answer: (c.expect.facts ?? []).join(' '), action: c.expect.action ?? null, visible: '' })),
      );
      const thresholds = JSON.parse(readFileSync(subset.thresholdsFile, 'utf8'));
      const unmeasured = thresholdBreaches(aggregate(perfect), thresholds).filter((b) => b.includes('not measured'));
      expect(unmeasured, name).toEqual([]);
    }
  });
});
