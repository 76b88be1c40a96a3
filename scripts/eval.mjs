#!/usr/bin/env node
// npm run eval [-- --target <url> --token <access-jwt>] [--subset full|production|canary] [--update-baseline] [--canary]
// Runs the golden-set eval (evals/, a Vitest project). With --target and --canary, a failing canary rolls the
// deployment back with `wrangler rollback`. scripts/deploy.ts runs it against an uploaded version before it serves.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    target: { type: 'string' },
    token: { type: 'string' },
    'update-baseline': { type: 'boolean', default: false },
    canary: { type: 'boolean', default: false },
    subset: { type: 'string' },
    'record-pass': { type: 'boolean', default: false },
    env: { type: 'string', default: 'production' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(`npm run eval                         golden set against a fresh local server (the deploy gate)
npm run eval -- --update-baseline    accept this run as golden/baseline.json
npm run eval -- --target <url> [--token <Cf-Access JWT>] [--canary] [--env production]
                                     against a deployment; --canary runs a small subset and rolls back on failure
  --subset full|production|canary    which cases and thresholds (evals/thresholds[-<subset>].json); default full,
                                     production = side-effect-free asks for one identity
  --record-pass                      accept the run as its model set's baseline only if the gate passes
environment: CF_ACCESS_CLIENT_ID / CF_ACCESS_CLIENT_SECRET (Access service token), EVAL_VERSION_OVERRIDE
                                     (<worker>="<version id>", sent as Cloudflare-Workers-Version-Overrides)`);
  process.exit(0);
}

const env = {
  ...process.env,
  EVAL_TARGET: values.target ?? '',
  EVAL_TOKEN: values.token ?? process.env.EVAL_TOKEN ?? '',
  EVAL_SUBSET: values.subset ?? (values.canary ? 'canary' : process.env.EVAL_SUBSET ?? 'full'),
  EVAL_UPDATE_BASELINE: values['update-baseline'] ? '1' : '',
  EVAL_RECORD_PASS: values['record-pass'] ? '1' : process.env.EVAL_RECORD_PASS ?? '',
};
if (!env.EVAL_TOKEN) delete env.EVAL_TOKEN;
if (!env.EVAL_TARGET) delete env.EVAL_TARGET;

const vitest = new URL('../node_modules/vitest/vitest.mjs', import.meta.url).pathname;
const run = spawnSync(process.execPath, [vitest, 'run', '--config', 'evals/vitest.config.ts'], { stdio: 'inherit', env });
const code = run.status ?? 1;

if (code !== 0 && values.canary && values.target) {
  console.error('eval: the canary failed — rolling back the deployment');
  const wrangler = new URL('../node_modules/wrangler/bin/wrangler.js', import.meta.url).pathname;
  const rollback = spawnSync(process.execPath, [wrangler, 'rollback', '--env', values.env, '--message', 'canary eval failed', '-y'], { stdio: 'inherit', env });
  process.exit(rollback.status === 0 ? code : rollback.status ?? 1);
}
process.exit(code);
