#!/usr/bin/env node
// Runs the service locally on embedded defaults: applies D1 migrations to the local state,
// starts `wrangler dev --local`, waits for /api/health, then seeds the demo corpus once.
import { spawn, spawnSync } from 'node:child_process';
import { seedDemoCorpus } from './seed-lib.mjs';
import { seedSystemOfRecord } from './seed-system-of-record.mjs';

const port = Number(process.env.PORT ?? 8787);
const base = `http://127.0.0.1:${port}`;
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: process.env.CI ?? '' };
const wrangler = new URL('../node_modules/wrangler/bin/wrangler.js', import.meta.url).pathname;
const persist = process.env.PERSIST_TO ? ['--persist-to', process.env.PERSIST_TO] : [];
// Anything after `--` goes to `wrangler dev`, e.g. `npm run dev -- --var RETRIEVAL_TOP_K:0`.
const extra = process.argv.includes('--') ? process.argv.slice(process.argv.indexOf('--') + 1) : [];

const migrate = spawnSync(process.execPath, [wrangler, 'd1', 'migrations', 'apply', 'DB', '--local', ...persist], {
  stdio: 'inherit',
  env,
});
if (migrate.status !== 0) process.exit(migrate.status ?? 1);
seedSystemOfRecord(wrangler, env, persist);

const server = spawn(
  process.execPath,
  [wrangler, 'dev', '--local', '--ip', '127.0.0.1', '--port', String(port), '--show-interactive-dev-session=false', ...persist, ...extra],
  { stdio: 'inherit', env },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));

async function waitForHealth() {
  for (let i = 0; i < 120; i++) {
    try {
      const res = await fetch(`${base}/api/health`);
      if (res.ok) return res.json();
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the dev server did not become healthy at ${base}`);
}

try {
  const health = await waitForHealth();
  const seeded = await seedDemoCorpus(base);
  console.log(`\n  ready: ${base}  (mode ${health.mode}, version ${health.version}; ${seeded})`);
  console.log('  sign in at /sign-in as alice, rita, ravi or oscar; API tokens demo-<name>\n');
} catch (err) {
  console.error(String(err));
  server.kill('SIGTERM');
  process.exit(1);
}
