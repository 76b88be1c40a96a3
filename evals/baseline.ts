/**
 * The baseline of the last accepted run of each model set (local: the embedded models; production: Workers AI),
 * per-case pass/fail keyed by golden version, models, prompts, git SHA and, for a deployed target, its version.
 */
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Aggregate, CaseScore } from './metrics';

export interface Baseline {
  goldenVersion: string;
  models: Record<string, unknown>;
  prompts: Record<string, string>;
  gitSha: string;
  /** The Workers version the run was made against, when it was a deployed one. */
  versionId?: string;
  subset?: string;
  createdAt: string;
  aggregate: Aggregate;
  cases: Record<string, { pass: boolean; failures: string[] }>;
}

export type ModelSet = 'local' | 'production';

/** The model set a run used, from the model ids `/api/health` reports: the embedded ones all start with `local/`. */
export function modelSetOf(models: Record<string, unknown>): ModelSet {
  const ids = Object.values(models).flat().map(String);
  return ids.length > 0 && ids.every((id) => id.startsWith('local/')) ? 'local' : 'production';
}

/** One baseline file per model set, so a production run is never diffed against the embedded models' results. */
export function baselinePath(set: ModelSet): string {
  return set === 'local' ? 'golden/baseline.json' : `golden/baseline-${set}.json`;
}

export function gitSha(): string {
  try {
    return execSync('git rev-parse HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return 'unknown';
  }
}

export function readBaseline(path: string): Baseline | null {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Baseline) : null;
}

export function writeBaseline(path: string, baseline: Baseline): void {
  writeFileSync(path, `${JSON.stringify(baseline, null, 2)}\n`);
}

export interface Regression {
  id: string;
  failures: string[];
}

/** Cases that passed in the baseline and fail now. */
export function regressions(baseline: Baseline | null, scores: CaseScore[]): Regression[] {
  if (!baseline) return [];
  return scores.filter((s) => baseline.cases[s.id]?.pass && !s.pass).map((s) => ({ id: s.id, failures: s.failures }));
}
