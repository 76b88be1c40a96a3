/** The baseline of the last accepted run: per-case pass/fail keyed by golden version, models, prompts and git SHA. */
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Aggregate, CaseScore } from './metrics';

export interface Baseline {
  goldenVersion: string;
  models: Record<string, unknown>;
  prompts: Record<string, string>;
  gitSha: string;
  createdAt: string;
  aggregate: Aggregate;
  cases: Record<string, { pass: boolean; failures: string[] }>;
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
