// Shared helpers for the local durability and load scripts: start `node scripts/dev.mjs` in its own process
// group on a loopback port with its own persisted state, wait for `ready:`, stop or crash it, and call the
// API over 127.0.0.1 only. Every wait here is bounded.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const now = () => performance.now();
export const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** Parses `--name value` flags into numbers, with defaults. */
export function numberFlag(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} needs a positive number`);
  return v;
}

/** True when nothing accepts connections on 127.0.0.1:port and we could bind it. */
export async function portFree(port) {
  const connected = await new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.setTimeout(500);
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('timeout', () => (s.destroy(), resolve(false)));
    s.once('error', () => resolve(false));
  });
  if (connected) return false;
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** The preferred port if free, else the next free one within 50. */
export async function pickPort(preferred) {
  for (let p = preferred; p < preferred + 50; p++) if (await portFree(p)) return p;
  throw new Error(`no free port in ${preferred}..${preferred + 49}`);
}

export async function waitPortFree(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await portFree(port)) return true;
    await sleep(250);
  }
  return false;
}

export function freshStateDir(prefix) {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Starts the dev server detached (own process group) and resolves once it prints `ready: http://127.0.0.1:<port>`.
 * Output goes to `logFile` (appended). Retries once if wrangler exits early (e.g. a transient config read).
 */
export async function startDevServer({ port, persistTo, logFile, timeoutMs = 120_000, attempts = 2, wranglerArgs = [] }) {
  let lastError;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await startOnce({ port, persistTo, logFile, timeoutMs, wranglerArgs });
    } catch (err) {
      lastError = err;
      if (attempt < attempts) {
        console.error(`  dev server start attempt ${attempt} failed (${err.message}); retrying`);
        await waitPortFree(port, 15_000);
      }
    }
  }
  throw lastError;
}

function startOnce({ port, persistTo, logFile, timeoutMs, wranglerArgs }) {
  const log = createWriteStream(logFile, { flags: 'a' });
  log.write(`\n===== ${new Date().toISOString()} start dev server on ${port}, state ${persistTo} =====\n`);
  const started = now();
  const child = spawn(process.execPath, ['scripts/dev.mjs', ...(wranglerArgs.length ? ['--', ...wranglerArgs] : [])], {
    cwd: new URL('../..', import.meta.url).pathname,
    env: { ...process.env, PORT: String(port), PERSIST_TO: persistTo, WRANGLER_SEND_METRICS: 'false' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server = {
    pid: child.pid,
    port,
    base: `http://127.0.0.1:${port}`,
    child,
    exited: false,
    startMs: 0,
    kill(signal) {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // the group is gone already
      }
    },
  };
  child.on('exit', () => (server.exited = true));
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => {
      server.kill('SIGKILL');
      reject(new Error(`no "ready:" line within ${secs(timeoutMs)}; see ${logFile}`));
    }, timeoutMs);
    const onData = (chunk) => {
      log.write(chunk);
      buffered = (buffered + chunk.toString()).slice(-4000);
      const m = /ready: (http:\/\/127\.0\.0\.1:(\d+))/.exec(buffered);
      if (m && Number(m[2]) === port && !server.startMs) {
        server.startMs = now() - started;
        clearTimeout(timer);
        resolve(server);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c) => log.write(c));
    child.on('exit', (code, signal) => {
      if (server.startMs) return;
      clearTimeout(timer);
      reject(new Error(`dev server exited before ready (code ${code}, signal ${signal}); see ${logFile}`));
    });
  });
}

/** Graceful stop: SIGTERM the group, then SIGKILL after a grace period; waits for the port. */
export async function stopDevServer(server, graceMs = 8_000) {
  if (!server) return;
  server.kill('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (!server.exited && Date.now() < deadline) await sleep(200);
  server.kill('SIGKILL');
  await waitPortFree(server.port, 10_000);
}

/** Crash: SIGKILL the whole process group (dev.mjs, wrangler, workerd) at once. */
export async function crashDevServer(server, timeoutMs = 20_000) {
  server.kill('SIGKILL');
  const t0 = now();
  const free = await waitPortFree(server.port, timeoutMs);
  return { free, waitedMs: now() - t0 };
}

/** One API call; returns { status, ok, body, ms, error }. Never throws. Loopback only. */
export async function api(base, user, method, path, body, timeoutMs = 30_000) {
  if (!base.startsWith('http://127.0.0.1:')) throw new Error(`refusing non-loopback base ${base}`);
  const t0 = now();
  try {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { Authorization: `Bearer demo-${user}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = { raw: text.slice(0, 300) };
    }
    return { status: res.status, ok: res.ok, body: json, ms: now() - t0 };
  } catch (err) {
    return { status: 0, ok: false, body: null, ms: now() - t0, error: err?.name === 'TimeoutError' ? 'timeout' : String(err?.message ?? err) };
  }
}

/** Runs fn over items with at most `limit` in flight. */
export async function mapLimit(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/** Loads the demo orders and tickets ids. */
export async function systemOfRecordIds() {
  const { readFile } = await import('node:fs/promises');
  const sor = JSON.parse(await readFile(new URL('../../golden/system-of-record.json', import.meta.url), 'utf8'));
  return { orders: sor.orders.map((o) => o.id), tickets: sor.tickets.map((t) => t.id) };
}

/** How many times wrangler hot-reloaded the Worker (a source file changed) in the log text after `fromOffset`. */
export async function reloadsInLog(logFile, fromOffset = 0) {
  const { readFile } = await import('node:fs/promises');
  const text = (await readFile(logFile, 'utf8').catch(() => '')).slice(fromOffset);
  return (text.match(/Reloading local server/g) ?? []).length;
}

export async function logSize(logFile) {
  const { stat } = await import('node:fs/promises');
  return (await stat(logFile).catch(() => ({ size: 0 }))).size;
}
