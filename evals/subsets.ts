/**
 * Which golden cases a run takes and which thresholds gate it. Each subset has its own thresholds file, listing
 * only what its cases can measure: a metric listed there and measured by no case fails the gate.
 */
import type { GoldenCase } from './golden-case';

export const SUBSETS = ['full', 'production', 'canary'] as const;
export type SubsetName = (typeof SUBSETS)[number];

export interface Subset {
  name: SubsetName;
  cases: GoldenCase[];
  thresholdsFile: string;
}

/**
 * Side-effect free and answerable by one identity (an Access service token): asks only (tasks could commit to the
 * system of record), none of the per-user access cases (they need four users with different groups).
 */
export function productionCases(all: GoldenCase[]): GoldenCase[] {
  return all.filter((c) => c.kind === 'ask' && !c.tags.includes('access'));
}

/** A small slice of the production cases for checking a deployment by hand. */
export function canaryCases(all: GoldenCase[]): GoldenCase[] {
  const pick = (tag: GoldenCase['tags'][number], n: number) => productionCases(all).filter((c) => c.tags.includes(tag)).slice(0, n);
  return [...new Set([...pick('happy', 10), ...pick('out-of-scope', 3), ...pick('injection', 2)])];
}

export function selectSubset(name: SubsetName, all: GoldenCase[]): Subset {
  const cases = name === 'full' ? all : name === 'production' ? productionCases(all) : canaryCases(all);
  return { name, cases, thresholdsFile: name === 'full' ? 'evals/thresholds.json' : `evals/thresholds-${name}.json` };
}

export function parseSubsetName(raw: string | undefined): SubsetName {
  const name = raw || 'full';
  if (!(SUBSETS as readonly string[]).includes(name)) throw new Error(`EVAL_SUBSET must be one of ${SUBSETS.join(', ')}, not ${name}`);
  return name as SubsetName;
}
