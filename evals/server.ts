/** Vitest global setup: starts a fresh local dev server (own port, own state) unless EVAL_TARGET names one. */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freshStateDir, pickPort, startDevServer, stopDevServer, type DevServer } from '../scripts/lib/dev-server.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    evalBase: string;
  }
}

let server: DevServer | undefined;
let stateDir: string | undefined;

export default async function setup(project: TestProject) {
  if (process.env.EVAL_TARGET) {
    project.provide('evalBase', process.env.EVAL_TARGET.replace(/\/+$/, ''));
    return;
  }
  stateDir = freshStateDir('eval-state-');
  // The golden set runs every case as one of four demo users in one day, far past a person's daily token budget;
  // the budget itself is tested in workerd (every-door.test.ts), so the eval server lifts it.
  const vars = ['DAILY_TOKEN_BUDGET:1000000000', ...(process.env.EVAL_WRANGLER_VARS ?? '').split(/\s+/).filter(Boolean)];
  const wranglerArgs = vars.flatMap((v) => ['--var', v]);
  server = await startDevServer({ port: await pickPort(8790), persistTo: stateDir, logFile: join(tmpdir(), 'eval-dev-server.log'), timeoutMs: 180_000, wranglerArgs });
  project.provide('evalBase', server.base);
  return async () => {
    await stopDevServer(server);
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  };
}
