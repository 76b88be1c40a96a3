/** Vitest global setup: starts a fresh local dev server (own port, own state) unless EVAL_TARGET names one. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    evalBase: string;
  }
}

let server: ChildProcess | undefined;
let stateDir: string | undefined;

export default async function setup(project: TestProject) {
  if (process.env.EVAL_TARGET) {
    project.provide('evalBase', process.env.EVAL_TARGET.replace(/\/+$/, ''));
    return;
  }
  const port = 8790 + Math.floor(Math.random() * 100);
  stateDir = mkdtempSync(join(tmpdir(), 'eval-state-'));
  const extra = (process.env.EVAL_WRANGLER_VARS ?? '').split(/\s+/).filter(Boolean).flatMap((v) => ['--var', v]);
  server = spawn(process.execPath, ['scripts/dev.mjs', '--', ...extra], {
    env: { ...process.env, PORT: String(port), PERSIST_TO: stateDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the eval server did not start:\n${log.slice(-3000)}`)), 180_000);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('ready: ')) {
        clearTimeout(timer);
        resolve();
      }
    };
    server!.stdout!.on('data', onData);
    server!.stderr!.on('data', (c: Buffer) => (log += c.toString()));
    server!.on('exit', (code) => reject(new Error(`the eval server exited (${code}):\n${log.slice(-3000)}`)));
  });
  project.provide('evalBase', `http://127.0.0.1:${port}`);
  return () => {
    if (server?.pid) process.kill(-server.pid, 'SIGTERM');
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  };
}
