/**
 * `npm run deploy` end to end, offline: the real scripts/deploy.ts with a recorded fake wrangler and a fake eval
 * (scripts/lib/fakes/) against a fake production Worker on 127.0.0.1. Checks every wrangler command, what the
 * eval saw, and which versions ever took traffic.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeTarget, type FakeTarget, type FakeTargetOptions } from './lib/fakes/fake-target';
import { goldenSetVersion } from '../evals/golden-version';

const root = new URL('..', import.meta.url).pathname;
const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
const appVersion = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
const marker = `${appVersion}+${sha.slice(0, 12)}`;
const access = { clientId: 'eval-client.access', clientSecret: 'eval-secret' };
const healthy = { errorRate: 0.001, refusalRate: 0.1, latencyP95Ms: 900 };

let target: FakeTarget | undefined;
let dir: string | undefined;
afterEach(async () => {
  await target?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function deploy(scenario: Partial<FakeTargetOptions> & { localEvalExit?: number; productionEvalExit?: number }) {
  target = await startFakeTarget({
    workerName: 'edge-rag-production',
    access,
    initial: { versionId: 'version-1', appVersion: '0.0.9+previous' },
    healthOf: () => healthy,
    perVersion: false,
    ...scenario,
  });
  dir = mkdtempSync(join(tmpdir(), 'deploy-test-'));
  const logs = { wrangler: join(dir, 'wrangler.log'), eval: join(dir, 'eval.log') };
  writeFileSync(logs.wrangler, '');
  writeFileSync(logs.eval, '');
  const child = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/deploy.ts', '--target', target.base, '--canary-window', '1', '--canary-interval', '0.25'], {
    cwd: root,
    env: {
      ...process.env,
      DEPLOY_WRANGLER: join(root, 'scripts/lib/fakes/fake-wrangler.mjs'),
      DEPLOY_EVAL: join(root, 'scripts/lib/fakes/fake-eval.mjs'),
      FAKE_TARGET: target.base,
      FAKE_WRANGLER_LOG: logs.wrangler,
      FAKE_EVAL_LOG: logs.eval,
      FAKE_EVAL_LOCAL_EXIT: String(scenario.localEvalExit ?? 0),
      FAKE_EVAL_PRODUCTION_EXIT: String(scenario.productionEvalExit ?? 0),
      CF_ACCESS_CLIENT_ID: access.clientId,
      CF_ACCESS_CLIENT_SECRET: access.clientSecret,
    },
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const wrangler = lines(logs.wrangler) as string[][];
  return { code, output, wrangler, evals: lines(logs.eval), target };
}

const GOLDEN = goldenSetVersion(readFileSync('golden/cases.jsonl', 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { version: string }).version));
const upload = [
  'versions', 'upload',
  '--tag', `${sha.slice(0, 7)}-golden-${GOLDEN}`,
  '--message', `git ${sha} · golden set ${GOLDEN}`,
  '--var', `APP_VERSION:${marker}`,
  '--env', 'production',
];
const versionsDeploy = (...specs: string[]) => ['versions', 'deploy', ...specs];
const strip = (argv: string[]) => argv.filter((_, i) => argv[i - 1] !== '--message' && argv[i] !== '--message' && argv[i] !== '--yes' && argv[i] !== '--env' && argv[i - 1] !== '--env');
const maxShare = (t: FakeTarget, versionId: string) => Math.max(0, ...t.deployments.flatMap((d) => d.versions.filter((v) => v.version_id === versionId).map((v) => v.percentage)));

describe('npm run deploy', () => {
  it('should gate, eval the uploaded version through the override, canary it and promote it', async () => {
    const run = await deploy({ perVersion: false });
    expect(run.code, run.output).toBe(0);
    expect(run.wrangler[0]).toEqual(['deployments', 'status', '--json', '--env', 'production']);
    expect(run.wrangler[1]).toEqual(upload);
    expect(run.wrangler.slice(2).map(strip)).toEqual([
      versionsDeploy('version-1@100%', 'version-2@0%'),
      versionsDeploy('version-1@90%', 'version-2@10%'),
      versionsDeploy('version-2@100%'),
    ]);
    expect(run.wrangler.slice(2).every((argv) => argv.includes('--yes') && argv.at(-1) === 'production')).toBe(true);
    expect(run.evals).toEqual([
      { args: ['--subset', 'full'], versionId: null, sawVersion: null },
      { args: ['--target', run.target.base, '--subset', 'production', '--record-pass'], versionId: 'version-2', sawVersion: marker },
    ]);
    expect(run.target.deployments.at(-1)!.versions).toEqual([{ version_id: 'version-2', percentage: 100 }]);
    expect(run.output).toMatch(/requests \(whole deployment\) errorRate=0\.001 refusalRate=0\.1 latencyP95Ms=900/);
    expect(run.output).toContain('deploy: promoted');
  });

  it('should stop before any traffic when the production eval of the new version fails', async () => {
    const run = await deploy({ productionEvalExit: 1 });
    expect(run.code).toBe(1);
    expect(run.wrangler.map(strip)).toEqual([
      ['deployments', 'status', '--json'],
      strip(upload),
      versionsDeploy('version-1@100%', 'version-2@0%'),
      versionsDeploy('version-1@100%'),
    ]);
    expect(run.evals[1]).toMatchObject({ versionId: 'version-2', sawVersion: marker });
    const withdraw = run.wrangler.at(-1)!;
    expect(withdraw[withdraw.indexOf('--message') + 1]).toBe('withdrawn before traffic: the production eval of version-2 failed (evals/report.md)');
    expect(maxShare(run.target, 'version-2')).toBe(0);
    expect(run.output).toContain('deploy: failed-before-traffic: the production eval of version-2 failed');
  });

  it('should roll back to the previous version, saying why, when the canary breaks a live threshold', async () => {
    const run = await deploy({ perVersion: true, healthOf: (_id, isNew) => (isNew ? { ...healthy, errorRate: 0.2 } : healthy) });
    expect(run.code).toBe(1);
    expect(run.wrangler.slice(2).map(strip)).toEqual([
      versionsDeploy('version-1@100%', 'version-2@0%'),
      versionsDeploy('version-1@90%', 'version-2@10%'),
      versionsDeploy('version-1@100%'),
    ]);
    const rollback = run.wrangler.at(-1)!;
    expect(rollback[rollback.indexOf('--message') + 1]).toBe('rollback: canary breached errorRate 0.2 > 0.02');
    expect(run.output).toContain('deploy: ROLLING BACK to version-1: canary breached errorRate 0.2 > 0.02');
    expect(run.output).toMatch(/requests \(this version\) errorRate=0\.2/);
    expect(run.target.deployments.at(-1)!.versions).toEqual([{ version_id: 'version-1', percentage: 100 }]);
  });

  it('should upload nothing when the local eval gate fails', async () => {
    const run = await deploy({ localEvalExit: 1 });
    expect(run.code).toBe(1);
    expect(run.wrangler).toEqual([]);
    expect(run.target.uploads).toEqual([]);
    expect(run.output).toContain('deploy: failed-local-gate');
  });
});
