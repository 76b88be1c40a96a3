/**
 * The service half of `npm run bench`: a private dev server (`node scripts/dev.mjs`, fresh PERSIST_TO temp dir,
 * loopback port 8850+) driven over 127.0.0.1 only. Measures ingest throughput, /api/ask latency and throughput
 * under a closed-loop load generator, time from POST /api/tasks to awaiting_review, and the share of ask time spent
 * outside model calls (from the traces). Every loop is bounded by a count and a deadline; the server is stopped and
 * its temp dir removed in `stop()`, which the caller runs in a finally block and on SIGINT/SIGTERM.
 */
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshStateDir, pickPort, startDevServer, stopDevServer, type DevServer } from './dev-server.mjs';
import { markdownDocument, prng } from './synthetic-text';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const REQUEST_TIMEOUT_MS = 30_000;
const SERVER_START_TIMEOUT_MS = 150_000;
const SETTLE_TIMEOUT_MS = 120_000;
const DOC_READY_TIMEOUT_MS = 60_000;
const TASK_TIMEOUT_MS = 30_000;
const POLL_MS = 25;
/** Asks rotate over all four demo users so the local per-user limiter (1,000 POSTs a minute) is never the bottleneck. */
const ASKERS = ['alice', 'ravi', 'rita', 'oscar'] as const;
/** The load would spend the per-user daily token budget (500k) in a minute and turn asks into designed 429s. */
const WRANGLER_ARGS = ['--var', 'DAILY_TOKEN_BUDGET:1000000000'];

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();

/** Nearest-rank median and p95 (the same definition as the vector table). */
export function medianP95(samples: readonly number[]): { median: number; p95: number; n: number } {
  const s = [...samples].sort((a, b) => a - b);
  if (s.length === 0) return { median: NaN, p95: NaN, n: 0 };
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
  return { median: at(0.5), p95: at(0.95), n: s.length };
}

/** Nearest-rank lower percentile (e.g. 0.05 for the slow tail of a throughput). */
export function lowerTail(samples: readonly number[], q: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

// --- the private server -------------------------------------------------------------------------------------------

export interface PrivateServer {
  base: string;
  port: number;
  persistDir: string;
  startSeconds: number;
  /** The server's root process, whose workerd descendants serve the requests. */
  pid: number | undefined;
  /** wrangler's V8 inspector proxy, attached to the Worker's own isolate (see isolate-profile.ts) */
  inspectorPort: number;
  stop(): Promise<void>;
}

/** Starts a private dev server (own state, own process group) on a free loopback port ≥ `preferredPort`. */
export async function startPrivateServer(preferredPort: number): Promise<PrivateServer> {
  const persistDir = freshStateDir('bench-service-');
  const port = await pickPort(preferredPort);
  const inspectorPort = await pickPort(port + 1_000);
  let server: DevServer;
  try {
    server = await startDevServer({
      port,
      persistTo: persistDir,
      logFile: join(tmpdir(), 'bench-service-dev-server.log'),
      timeoutMs: SERVER_START_TIMEOUT_MS,
      wranglerArgs: [...WRANGLER_ARGS, '--inspector-port', String(inspectorPort)],
    });
  } catch (err) {
    rmSync(persistDir, { recursive: true, force: true });
    throw err;
  }
  let stopped = false;
  return {
    base: server.base,
    port,
    persistDir,
    startSeconds: server.startMs / 1000,
    pid: server.pid,
    inspectorPort,
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopDevServer(server);
      rmSync(persistDir, { recursive: true, force: true });
    },
  };
}

// --- HTTP ---------------------------------------------------------------------------------------------------------

interface Reply {
  status: number; // 0 = network error or timeout
  body: any;
  ms: number;
  error?: string;
}

async function call(base: string, user: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  if (!base.startsWith('http://127.0.0.1:')) throw new Error(`refusing non-loopback base ${base}`);
  const t0 = now();
  try {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { Authorization: `Bearer demo-${user}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await res.text();
    const ms = now() - t0;
    let json: unknown = text;
    try {
      json = JSON.parse(text);
    } catch {
      // keep the text for the error message
    }
    return { status: res.status, body: json, ms };
  } catch (err) {
    const e = err as Error;
    return { status: 0, body: null, ms: now() - t0, error: e?.name === 'TimeoutError' ? 'timeout' : String(e?.message ?? err) };
  }
}

function describe(r: Reply): string {
  if (r.status === 0) return `network error: ${r.error}`;
  const e = r.body?.error;
  return e ? `${r.status} ${e.code}: ${e.message}` : `${r.status} ${String(typeof r.body === 'string' ? r.body : JSON.stringify(r.body)).slice(0, 200)}`;
}

// --- 0. wait for the seeded demo corpus ---------------------------------------------------------------------------

/** dev.mjs uploads the demo corpus but does not wait for it; wait (bounded) until nothing is still ingesting. */
export async function settleCorpus(base: string): Promise<{ documents: number; seconds: number }> {
  const t0 = now();
  for (;;) {
    const r = await call(base, 'oscar', 'GET', '/api/documents?limit=500');
    if (r.status !== 200) throw new Error(`GET /api/documents failed: ${describe(r)}`);
    const docs = r.body.documents as { status: string }[];
    const failed = docs.filter((d) => d.status === 'failed').length;
    if (failed > 0) throw new Error(`${failed} demo corpus documents failed to ingest`);
    if (docs.length > 0 && docs.every((d) => d.status === 'ready')) return { documents: docs.length, seconds: (now() - t0) / 1000 };
    if (now() - t0 > SETTLE_TIMEOUT_MS) throw new Error(`the demo corpus was not ready within ${SETTLE_TIMEOUT_MS / 1000} s`);
    await sleep(250);
  }
}

// --- 1. ingest ----------------------------------------------------------------------------------------------------

export interface IngestResult {
  documents: number;
  bytesPerDocument: { median: number; min: number; max: number };
  totalBytes: number;
  chunks: number;
  /** Per document, client side: text bytes / (first poll seeing ready − just before the upload). */
  mbPerSecond: number[];
  seconds: number[];
  /** Per document, server side: text bytes / (updatedAt at ready − createdAt). A cross-check of the client figure. */
  serverMbPerSecond: number[];
  aggregateMbPerSecond: number;
  wallSeconds: number;
}

export async function benchIngest(base: string, count: number, targetBytes: number): Promise<IngestResult> {
  const docs = Array.from({ length: count }, (_, i) => markdownDocument(0xb3c4, i, targetBytes));
  const ids: string[] = [];
  const mbPerSecond: number[] = [];
  const seconds: number[] = [];
  const serverMbPerSecond: number[] = [];
  let chunks = 0;
  let totalBytes = 0;
  const sizes: number[] = [];
  const tAll = now();
  // One at a time, so each document's figure is its own pipeline time, not a share of a contended one.
  for (const doc of docs) {
    const bytes = Buffer.byteLength(doc.text);
    const t0 = now();
    const up = await call(base, 'oscar', 'POST', '/api/documents', { title: doc.title, text: doc.text, groups: ['*'] });
    if (up.status !== 202) throw new Error(`uploading "${doc.title}" failed (${describe(up)})${up.body?.duplicate ? ' — a duplicate' : ''}`);
    const id = up.body.id as string;
    ids.push(id);
    let view = up.body;
    const deadline = t0 + DOC_READY_TIMEOUT_MS;
    while (view.status !== 'ready') {
      if (view.status === 'failed') throw new Error(`ingesting "${doc.title}" failed: ${view.error ?? 'no reason given'}`);
      if (now() > deadline) throw new Error(`"${doc.title}" was not ready within ${DOC_READY_TIMEOUT_MS / 1000} s (status ${view.status})`);
      await sleep(POLL_MS);
      const p = await call(base, 'oscar', 'GET', `/api/documents/${encodeURIComponent(id)}`);
      if (p.status !== 200) throw new Error(`GET /api/documents/${id} failed: ${describe(p)}`);
      view = p.body;
    }
    const s = (now() - t0) / 1000;
    seconds.push(s);
    mbPerSecond.push(bytes / 1e6 / s);
    const serverMs = Date.parse(view.updatedAt) - Date.parse(view.createdAt);
    if (Number.isFinite(serverMs) && serverMs > 0) serverMbPerSecond.push(bytes / 1e6 / (serverMs / 1000));
    chunks += view.chunkCount ?? 0;
    totalBytes += bytes;
    sizes.push(bytes);
  }
  const wallSeconds = (now() - tAll) / 1000;
  // Remove the bench documents so the ask phase runs on the shipped demo corpus, as a user of the demo sees it.
  for (const id of ids) {
    const d = await call(base, 'oscar', 'DELETE', `/api/documents/${encodeURIComponent(id)}`);
    if (d.status !== 200) throw new Error(`DELETE /api/documents/${id} failed: ${describe(d)}`);
  }
  sizes.sort((a, b) => a - b);
  return {
    documents: count,
    bytesPerDocument: { median: sizes[Math.floor(sizes.length / 2)] ?? 0, min: sizes[0] ?? 0, max: sizes.at(-1) ?? 0 },
    totalBytes,
    chunks,
    mbPerSecond,
    seconds,
    serverMbPerSecond,
    aggregateMbPerSecond: totalBytes / 1e6 / wallSeconds,
    wallSeconds,
  };
}

// --- 2. /api/ask closed-loop load ---------------------------------------------------------------------------------

export interface AskPair {
  question: string;
  user: string;
}

/** Questions of the golden cases of kind "ask", each paired with one demo user in rotation, in a seeded order. */
export function askPairs(): AskPair[] {
  const file = join(ROOT, 'golden/cases.jsonl');
  const questions = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { kind: string; input: string })
    .filter((c) => c.kind === 'ask' && typeof c.input === 'string' && c.input.trim())
    .map((c) => c.input);
  if (questions.length === 0) throw new Error(`no cases of kind "ask" in ${file}`);
  const rand = prng(0xa5c);
  for (let i = questions.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [questions[i], questions[j]] = [questions[j]!, questions[i]!];
  }
  return questions.map((question, i) => ({ question, user: ASKERS[i % ASKERS.length]! }));
}

export interface AskSample {
  ms: number;
  /** ms since the level started, when the reply arrived */
  doneAt: number;
  status: number;
  traceId?: string;
  cached?: boolean;
}

export interface LoadLevel {
  label: string;
  concurrency: number;
  noCache: boolean;
  samples: AskSample[]; // successful requests only
  errors: number;
  errorKinds: Record<string, number>;
  errorSamples: string[];
  wallSeconds: number;
  requestsPerSecond: number;
  /** successful replies per whole 1-s window of the level, the first second left out */
  perSecond: number[];
  /** the level stopped at maxRequests before its duration was up */
  capped: boolean;
  cacheHits: number;
}

/**
 * Closed loop: `concurrency` workers, each sending its next ask as soon as the previous one answered, until
 * `durationMs` has passed or `maxRequests` have been sent. Bounded by both, plus one request timeout.
 */
export async function closedLoop(
  base: string,
  pairs: readonly AskPair[],
  opts: { label: string; concurrency: number; durationMs: number; maxRequests: number; noCache: boolean },
): Promise<LoadLevel> {
  const samples: AskSample[] = [];
  const errorKinds: Record<string, number> = {};
  const errorSamples: string[] = [];
  let errors = 0;
  let issued = 0;
  let cacheHits = 0;
  const t0 = now();
  const deadline = t0 + opts.durationMs;
  const headers: Record<string, string> = opts.noCache ? { 'Cache-Control': 'no-cache' } : {};
  const worker = async () => {
    while (now() < deadline && issued < opts.maxRequests) {
      const pair = pairs[issued++ % pairs.length]!;
      const r = await call(base, pair.user, 'POST', '/api/ask', { question: pair.question }, headers);
      if (r.status === 200 && typeof r.body?.answer === 'string') {
        samples.push({ ms: r.ms, doneAt: now() - t0, status: r.status, traceId: r.body.traceId, cached: r.body.cached === true });
        if (r.body.cached === true) cacheHits++;
      } else {
        errors++;
        const kind = r.status === 0 ? (r.error === 'timeout' ? 'timeout' : 'network') : String(r.status);
        errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
        if (errorSamples.length < 3) errorSamples.push(describe(r));
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const wallSeconds = (now() - t0) / 1000;
  return {
    label: opts.label,
    concurrency: opts.concurrency,
    noCache: opts.noCache,
    samples,
    errors,
    errorKinds,
    errorSamples,
    wallSeconds,
    requestsPerSecond: samples.length / wallSeconds,
    // Whole seconds after the first (the ramp-up: at concurrency N the first replies arrive only after N services).
    perSecond: Array.from({ length: Math.max(0, Math.floor(Math.min(wallSeconds, opts.durationMs / 1000)) - 1) }, (_, w) =>
      samples.filter((s) => s.doneAt >= (w + 1) * 1000 && s.doneAt < (w + 2) * 1000).length,
    ),
    capped: issued >= opts.maxRequests,
    cacheHits,
  };
}

// --- 3. tasks -----------------------------------------------------------------------------------------------------

export interface TaskResult {
  ms: number[];
  errors: number;
  errorSamples: string[];
  finalStatuses: Record<string, number>;
}

const REASONS = ['wrong colour', 'arrived damaged', 'wrong size', 'missing part', 'late delivery'];

/** Refund tasks as alice, one at a time: POST /api/tasks, then GET /api/tasks/:id every 25 ms until awaiting_review. */
export async function benchTasks(base: string, count: number): Promise<TaskResult> {
  const orders = (JSON.parse(readFileSync(join(ROOT, 'golden/system-of-record.json'), 'utf8')).orders as { id: string }[]).map((o) => o.id);
  const rand = prng(0x7a5c);
  const ms: number[] = [];
  const errorSamples: string[] = [];
  const finalStatuses: Record<string, number> = {};
  let errors = 0;
  for (let i = 0; i < count; i++) {
    const amount = (5 + Math.floor(rand() * 60) + (i % 4) * 0.25).toFixed(2);
    const input = `Issue a refund of $${amount} on ${orders[i % orders.length] ?? 'ORD-1003'}, ${REASONS[i % REASONS.length]}.`;
    const t0 = now();
    const r = await call(base, 'alice', 'POST', '/api/tasks', { input });
    if (r.status !== 202 || !r.body?.id) {
      errors++;
      if (errorSamples.length < 3) errorSamples.push(`POST /api/tasks: ${describe(r)}`);
      continue;
    }
    const id = r.body.id as string;
    let status: string = r.body.status ?? 'running';
    while (status === 'running' && now() - t0 < TASK_TIMEOUT_MS) {
      await sleep(POLL_MS);
      const p = await call(base, 'alice', 'GET', `/api/tasks/${encodeURIComponent(id)}`);
      if (p.status !== 200) {
        status = `http ${p.status || p.error}`;
        break;
      }
      status = p.body.status;
    }
    finalStatuses[status] = (finalStatuses[status] ?? 0) + 1;
    if (status === 'awaiting_review') ms.push(now() - t0);
    else {
      errors++;
      if (errorSamples.length < 3) errorSamples.push(`task ${id} ended ${status} (${input})`);
    }
  }
  return { ms, errors, errorSamples, finalStatuses };
}

// --- 5. share of ask time outside model calls ---------------------------------------------------------------------

export interface ShareResult {
  label: string;
  shares: number[];
  modelMs: number[];
  missingTraces: number;
}

/** For a seeded sample of a level's uncached asks: 1 − (sum of the request's trace latencyMs) / end-to-end latency. */
export async function outsideModelShare(base: string, level: LoadLevel, sampleSize: number): Promise<ShareResult> {
  const candidates = level.samples.filter((s) => s.traceId && !s.cached);
  const rand = prng(0x5a3e + level.concurrency);
  for (let i = candidates.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
  }
  const shares: number[] = [];
  const modelMs: number[] = [];
  let missingTraces = 0;
  for (const s of candidates.slice(0, sampleSize)) {
    const r = await call(base, 'oscar', 'GET', `/api/traces?limit=200&requestId=${encodeURIComponent(s.traceId!)}`);
    if (r.status !== 200) throw new Error(`GET /api/traces failed: ${describe(r)}`);
    const traces = (r.body.traces ?? []) as { latencyMs: number }[];
    if (traces.length === 0) {
      missingTraces++;
      continue;
    }
    const model = traces.reduce((sum, t) => sum + (Number(t.latencyMs) || 0), 0);
    modelMs.push(model);
    shares.push(1 - model / s.ms);
  }
  return { label: level.label, shares, modelMs, missingTraces };
}

// --- 4. eval wall time --------------------------------------------------------------------------------------------

export function evalWallTime(): { seconds: number; modified: string; target?: string } | undefined {
  const file = join(ROOT, 'evals/report.json');
  if (!existsSync(file)) return undefined;
  try {
    const report = JSON.parse(readFileSync(file, 'utf8')) as { wallTimeSeconds?: unknown; target?: unknown };
    if (typeof report.wallTimeSeconds !== 'number') return undefined;
    return {
      seconds: report.wallTimeSeconds,
      modified: statSync(file).mtime.toISOString(),
      target: typeof report.target === 'string' ? report.target : undefined,
    };
  } catch {
    return undefined;
  }
}

// --- 6. where an ask's time goes, and the floor of the server -----------------------------------------------------

/** Closed loop on GET /api/health: the floor of this server on this machine, measured in the same run as the asks. */
export async function healthLoop(base: string, concurrency: number, durationMs: number): Promise<{ requestsPerSecond: number; latencyMs: number[]; errors: number }> {
  const latencyMs: number[] = [];
  let errors = 0;
  const t0 = now();
  const deadline = t0 + durationMs;
  const worker = async () => {
    while (now() < deadline) {
      const t = now();
      try {
        const res = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
        await res.arrayBuffer();
        if (res.ok) latencyMs.push(now() - t);
        else errors++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { requestsPerSecond: latencyMs.length / ((now() - t0) / 1000), latencyMs, errors };
}

/** Model stages in Server-Timing: everything else is the Worker's own work (the local models run in-process). */
export const MODEL_STAGES = ['embedding', 'rerank', 'generation', 'guard-model'] as const;

export interface StageBreakdown {
  asks: number;
  /** stage → per-ask milliseconds (0 where an ask did not pass the stage) */
  stages: Map<string, number[]>;
  /** per ask: total − model stages */
  outsideModelMs: number[];
  errors: number;
}

/** Parses `name;dur=1.2;desc="3", …` into stage → ms. */
export function parseServerTiming(header: string | null): Map<string, number> {
  const out = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().split(';');
    const dur = params.map((p) => /^dur=([\d.]+)$/.exec(p.trim())?.[1]).find(Boolean);
    if (name && dur) out.set(name, Number(dur));
  }
  return out;
}

/** Asks one at a time with `X-Debug-Timing: 1` and the cache off, collecting the server's own stage timings. */
export async function stageBreakdown(base: string, pairs: readonly AskPair[], count: number): Promise<StageBreakdown> {
  const stages = new Map<string, number[]>();
  const outsideModelMs: number[] = [];
  let errors = 0;
  const timings: Map<string, number>[] = [];
  for (let i = 0; i < count; i++) {
    const pair = pairs[i % pairs.length]!;
    const res = await fetch(`${base}/api/ask`, {
      method: 'POST',
      headers: { Authorization: `Bearer demo-${pair.user}`, 'Content-Type': 'application/json', 'Cache-Control': 'no-cache', 'X-Debug-Timing': '1' },
      body: JSON.stringify({ question: pair.question }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    await res.arrayBuffer();
    const t = parseServerTiming(res.headers.get('Server-Timing'));
    if (res.status !== 200 || !t.has('total')) {
      errors++;
      continue;
    }
    timings.push(t);
  }
  const names = [...new Set(timings.flatMap((t) => [...t.keys()]))];
  for (const name of names) stages.set(name, timings.map((t) => t.get(name) ?? 0));
  for (const t of timings) outsideModelMs.push(t.get('total')! - MODEL_STAGES.reduce((n, s) => n + (t.get(s) ?? 0), 0));
  return { asks: timings.length, stages, outsideModelMs, errors };
}
