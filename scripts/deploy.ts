// npm run deploy -- --target https://<host> [--env production] [--canary-percentage 10] [--canary-window 600]
//   [--canary-interval 60]
// The gated rollout (scripts/lib/deploy-flow.ts) with the real wrangler and eval script. Configuration:
// CF_ACCESS_CLIENT_ID / CF_ACCESS_CLIENT_SECRET (an Access service token allowed through the app's Access
// policy), DEPLOY_TARGET_URL instead of --target, evals/canary-live.json for the canary. DEPLOY_WRANGLER and
// DEPLOY_EVAL name other executables (the offline test uses recorded fakes).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { canaryConfigSchema } from './lib/canary-check';
import { runDeploy, type DeployDeps, type WranglerResult } from './lib/deploy-flow';
import { goldenSetVersion } from '../evals/golden-version';

const root = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({
  options: {
    target: { type: 'string', default: process.env.DEPLOY_TARGET_URL },
    env: { type: 'string', default: 'production' },
    'canary-percentage': { type: 'string' },
    'canary-window': { type: 'string' },
    'canary-interval': { type: 'string' },
  },
});

if (!values.target) {
  console.error('deploy: --target https://<host> (or DEPLOY_TARGET_URL) is required: the eval and the canary run against it');
  process.exit(2);
}

/** Runs a command, echoing its output (stdout only when `echo`), and resolves with what it printed. */
function run(command: string[], env: NodeJS.ProcessEnv, echo = true): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command[0]!, command.slice(1), { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d;
      if (echo) process.stdout.write(d);
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
      process.stderr.write(d);
    });
    child.on('error', (err) => resolve({ code: 127, stdout, stderr: `${stderr}${err.message}` }));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

const wranglerCommand = process.env.DEPLOY_WRANGLER ? [process.env.DEPLOY_WRANGLER] : [process.execPath, join(root, 'node_modules/wrangler/bin/wrangler.js')];
const evalCommand = process.env.DEPLOY_EVAL ? [process.env.DEPLOY_EVAL] : [process.execPath, join(root, 'scripts/eval.mjs')];

const deps: DeployDeps = {
  async wrangler(args): Promise<WranglerResult> {
    const dir = mkdtempSync(join(tmpdir(), 'wrangler-output-'));
    const outputFile = join(dir, 'output.json');
    try {
      const result = await run([...wranglerCommand, ...args], { ...process.env, WRANGLER_OUTPUT_FILE_PATH: outputFile }, !args.includes('--json'));
      let output: Record<string, unknown>[] = [];
      try {
        output = readFileSync(outputFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
      } catch {
        // wrangler wrote no machine-readable output (older version or early failure); callers fall back to stdout
      }
      return { ...result, output };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  async evaluate(args, env) {
    // One case at a time: the eval identity is one user to the production rate limiter (60 requests a minute).
    return (await run([...evalCommand, ...args], { EVAL_CONCURRENCY: '1', ...process.env, ...env })).code;
  },
  fetch,
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  log: (line) => console.log(line),
};

const read = (file: string) => readFileSync(join(root, file), 'utf8');
const canary = canaryConfigSchema.parse({
  ...JSON.parse(read('evals/canary-live.json')),
  ...(values['canary-percentage'] ? { percentage: Number(values['canary-percentage']) } : {}),
  ...(values['canary-window'] ? { windowSeconds: Number(values['canary-window']) } : {}),
  ...(values['canary-interval'] ? { intervalSeconds: Number(values['canary-interval']) } : {}),
});
const gitSha = (() => {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
})();
const goldenVersion = goldenSetVersion(read('golden/cases.jsonl').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { version: string }).version));

const outcome = await runDeploy(
  {
    env: values.env!,
    workerName: workerName(read('wrangler.toml'), values.env!),
    targetUrl: values.target.replace(/\/+$/, ''),
    gitSha,
    appVersion: (JSON.parse(read('package.json')) as { version: string }).version,
    goldenVersion,
    ...(process.env.CF_ACCESS_CLIENT_ID && process.env.CF_ACCESS_CLIENT_SECRET
      ? { access: { clientId: process.env.CF_ACCESS_CLIENT_ID, clientSecret: process.env.CF_ACCESS_CLIENT_SECRET } }
      : {}),
    canary,
  },
  deps,
);
console.log(`deploy: ${outcome.outcome}${'reason' in outcome ? `: ${outcome.reason}` : ''}`);
process.exit(outcome.outcome === 'promoted' ? 0 : 1);

/** The Worker's name in a wrangler environment: `[env.<env>] name = "…"`, else the top-level name. */
function workerName(toml: string, env: string): string {
  const section = new RegExp(`^\\[env\\.${env}\\]\\s*$([\\s\\S]*?)(?=^\\[)`, 'm').exec(toml)?.[1] ?? '';
  const name = /^name\s*=\s*"([^"]+)"/m.exec(section)?.[1] ?? /^name\s*=\s*"([^"]+)"/m.exec(toml)?.[1];
  if (!name) throw new Error(`no Worker name for environment ${env} in wrangler.toml`);
  return name;
}
