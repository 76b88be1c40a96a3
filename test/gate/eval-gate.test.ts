/** Proves the eval gate bites: with retrieval broken (top-k forced to 0) `npm run eval` must fail and name cases. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('eval gate', () => {
  it('should exit non-zero and name the failing cases when retrieval is broken', () => {
    const reportDir = mkdtempSync(join(tmpdir(), 'gate-report-'));
    const run = spawnSync(process.execPath, ['scripts/eval.mjs'], {
      env: { ...process.env, EVAL_WRANGLER_VARS: 'RETRIEVAL_TOP_K:0', EVAL_REPORT_DIR: reportDir },
      encoding: 'utf8',
      timeout: 600_000,
    });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.status, output.slice(-2000)).not.toBe(0);
    expect(output).toMatch(/thresholds breached/);
    expect(output).toMatch(/factCoverage 0 < 0\.5/);
    expect(output).toMatch(/g001 \(/);
    expect(output).toMatch(/g001: passed in baseline, now fails/);
    const report = readFileSync(join(reportDir, 'report.md'), 'utf8');
    expect(report).toContain('## Gate: FAIL');
  });
});
