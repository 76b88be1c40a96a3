/**
 * `npm run capacity [-- --asks N --docs M]`: measures what one uncached ask and one ingested chunk add to D1, R2 and
 * Durable Object storage on a private dev server (fresh state, loopback only), then writes docs/capacity.md: bytes and
 * rows per day and at steady state under retention for 1k–1M asks a day and 10k–1M chunks, beside each published
 * limit, and which resource breaks first. D1 is measured as pages in use after a checkpoint of a copy of its file.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { d1Footprint, directoryBytes, findD1File, kvFootprint, r2Footprint, type D1Footprint } from './lib/d1-footprint';
import { breaksFirst, capacityAt, formatBytes, LIMITS, type Assumptions, type Measured, type Row } from './lib/capacity-model';
import { numberFlag, systemOfRecordIds } from './lib/dev-server.mjs';
import { settleCorpus, sleep, startPrivateServer, type PrivateServer } from './lib/service-bench';
import { markdownDocument } from './lib/synthetic-text';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ASKS = numberFlag('asks', 200);
const DOCS = numberFlag('docs', 12);
const TASKS = numberFlag('tasks', 30);
const ASK_RATES = [1_000, 10_000, 100_000, 1_000_000];
const CORPUS_SIZES = [10_000, 100_000, 1_000_000];
/** Local-only: production keeps vectors in Vectorize, so they are not part of the production D1 figure. */
const LOCAL_ONLY_OBJECTS = ['local_vectors', 'sqlite_autoindex_local_vectors_1'];
/** Tables (and their indexes) that retention purges; a task's other rows are business records kept for recordDays. */
const RETAINED_TABLES = ['traces', 'request_log', 'answer_log', 'token_usage'];
const isRetained = (object: string) => RETAINED_TABLES.some((t) => object === t || object.startsWith(`${t}_`) || object === `sqlite_autoindex_${t}_1`);
const ASSUMPTIONS: Assumptions = { retentionDays: 30, cacheTtlSeconds: 3600, tasksPerAsk: 0.1, workflowRetentionDays: 7, peakToAverage: 10, recordDays: 180 };

const log = (m: string) => console.error(`[capacity] ${m}`);

async function call(base: string, user: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { Authorization: `Bearer demo-${user}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as any };
}

interface Snapshot {
  d1: D1Footprint;
  /** All R2 bytes, and the trace bodies under `traces/`. */
  r2: number;
  r2Traces: number;
  r2TraceObjects: number;
  durableObjects: number;
  kv: number;
}

function snapshot(server: PrivateServer): Snapshot {
  return {
    d1: d1Footprint(findD1File(server.persistDir)),
    ...((r2) => ({ r2: r2.bytes, r2Traces: r2.prefixBytes, r2TraceObjects: r2.prefixObjects }))(r2Footprint(server.persistDir, 'traces/')),
    durableObjects: directoryBytes(join(server.persistDir, 'v3', 'do')),
    kv: kvFootprint(server.persistDir).bytes,
  };
}

const sumOf = (o: Record<string, number>, names: string[]) => names.reduce((s, n) => s + (o[n] ?? 0), 0);
const rowTotal = (s: Snapshot) => Object.values(s.d1.rows).reduce((a, b) => a + b, 0);

function growth(before: Snapshot, after: Snapshot) {
  const objects = new Set([...Object.keys(before.d1.byObject), ...Object.keys(after.d1.byObject)]);
  const byObject: Record<string, number> = {};
  for (const o of objects) {
    const d = (after.d1.byObject[o] ?? 0) - (before.d1.byObject[o] ?? 0);
    if (d !== 0) byObject[o] = d;
  }
  const rows: Record<string, number> = {};
  for (const t of Object.keys(after.d1.rows)) {
    const d = (after.d1.rows[t] ?? 0) - (before.d1.rows[t] ?? 0);
    if (d !== 0) rows[t] = d;
  }
  return { d1: after.d1.bytes - before.d1.bytes, byObject, rows, rowCount: rowTotal(after) - rowTotal(before), r2: after.r2 - before.r2, r2Traces: after.r2Traces - before.r2Traces, r2TraceObjects: after.r2TraceObjects - before.r2TraceObjects, durableObjects: after.durableObjects - before.durableObjects, kv: after.kv - before.kv };
}

async function runAsks(base: string): Promise<void> {
  const users = ['alice', 'ravi', 'rita', 'oscar'];
  const topics = ['returns', 'refunds', 'shipping', 'warranty', 'gift cards', 'loyalty points', 'price match', 'escalation'];
  for (let i = 0; i < ASKS; i++) {
    // A question never asked before, so every ask misses the cache and calls the models.
    const question = `What is the policy on ${topics[i % topics.length]} for order number ${100_000 + i}?`;
    const r = await call(base, users[i % users.length]!, 'POST', '/api/ask', { question });
    if (r.status !== 200) throw new Error(`ask ${i} failed: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
  }
}

async function taskStatus(base: string, id: string, done: (status: string) => boolean): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const status = String((await call(base, 'alice', 'GET', `/api/tasks/${encodeURIComponent(id)}`)).body.status);
    if (done(status)) return status;
    if (Date.now() > deadline) throw new Error(`task ${id} stuck at ${status}`);
    await sleep(100);
  }
}

/** Refund requests taken through review to the system of record: what a business action leaves in D1. */
async function runTasks(base: string): Promise<void> {
  const { orders } = await systemOfRecordIds();
  for (let i = 0; i < TASKS; i++) {
    const order = orders[i % orders.length]!;
    const created = await call(base, 'alice', 'POST', '/api/tasks', { input: `Issue a refund of $1.${String(i % 100).padStart(2, '0')} on ${order}, it arrived damaged.` });
    if (created.status !== 202) throw new Error(`task ${i} failed: ${created.status} ${JSON.stringify(created.body).slice(0, 200)}`);
    const id = String(created.body.id);
    if ((await taskStatus(base, id, (s) => s !== 'running')) !== 'awaiting_review') continue;
    const decided = await call(base, 'rita', 'POST', `/api/reviews/${encodeURIComponent(id)}/decision`, { decision: 'approve', comment: 'capacity run' });
    if (decided.status !== 200) throw new Error(`approving task ${id} failed: ${decided.status} ${JSON.stringify(decided.body).slice(0, 200)}`);
    await taskStatus(base, id, (s) => s !== 'awaiting_review' && s !== 'running');
  }
}

async function runIngests(base: string): Promise<number> {
  let chunks = 0;
  for (let i = 0; i < DOCS; i++) {
    const doc = markdownDocument(0xcafe, i, 20_000);
    const up = await call(base, 'oscar', 'POST', '/api/documents', { title: `Capacity ${i} ${doc.title}`, text: doc.text, groups: ['*'] });
    if (up.status !== 202) throw new Error(`upload ${i} failed: ${up.status} ${JSON.stringify(up.body).slice(0, 200)}`);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const v = await call(base, 'oscar', 'GET', `/api/documents/${encodeURIComponent(up.body.id)}`);
      if (v.body.status === 'ready') {
        chunks += v.body.chunkCount ?? 0;
        break;
      }
      if (v.body.status === 'failed' || Date.now() > deadline) throw new Error(`document ${i} did not become ready (${v.body.status})`);
      await sleep(100);
    }
  }
  return chunks;
}

function table(rows: Row[]): string {
  const limitText = (r: Row) => `${LIMITS[r.resource].text} ([source](${LIMITS[r.resource].source}))`;
  const value = (r: Row, v: number) => (r.resource === 'vectorize' ? `${Math.round(v).toLocaleString('en-US')} vectors` : r.resource === 'workflows' ? `${Math.round(v).toLocaleString('en-US')} instances` : formatBytes(v));
  return [
    '| resource | per day | steady state | share of limit | published limit |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${LIMITS[r.resource].resource} | ${value(r, r.perDay)}${r.rowsPerDay ? ` (${Math.round(r.rowsPerDay).toLocaleString('en-US')} rows)` : ''} | ${value(r, r.steadyState)} | ${r.share ? `${(r.share * 100).toFixed(r.share < 0.01 ? 3 : 1)} %` : '—'} | ${limitText(r)} |`),
  ].join('\n');
}

function summary(m: Measured): string {
  const pct = (rows: Row[], resource: Row['resource']) => `${(rows.find((r) => r.resource === resource)!.share * 100).toFixed(1)} %`;
  const lines = ['| asks a day | chunks | D1 steady state (share of 10 GB) | Vectorize (share) | Workflows peak rate (share) | R2 steady state | breaks first |', '|---|---|---|---|---|---|---|'];
  for (const chunksAt of CORPUS_SIZES) {
    for (const asks of ASK_RATES) {
      const rows = capacityAt(m, ASSUMPTIONS, asks, chunksAt);
      const d1 = rows.find((r) => r.resource === 'd1')!;
      const r2 = rows.find((r) => r.resource === 'r2')!;
      const first = breaksFirst(rows);
      lines.push(`| ${asks.toLocaleString('en-US')} | ${chunksAt.toLocaleString('en-US')} | ${formatBytes(d1.steadyState)} (${pct(rows, 'd1')}) | ${pct(rows, 'vectorize')} | ${pct(rows, 'workflows')} | ${formatBytes(r2.steadyState)} | ${first ? `**${LIMITS[first.resource].resource}**` : `nothing (closest: ${LIMITS[rows[0]!.resource].resource})`} |`);
    }
  }
  return lines.join('\n');
}

function report(m: Measured, askGrowth: ReturnType<typeof growth>, taskGrowth: ReturnType<typeof growth>, chunkGrowth: ReturnType<typeof growth>, chunks: number): string {
  const lines = [
    '# Capacity: what fills up first',
    '',
    `Generated by \`npm run capacity\` (${ASKS} uncached asks, ${TASKS} tasks, ${DOCS} documents / ${chunks} chunks on a fresh local dev server, ${new Date().toISOString().slice(0, 10)}). Do not edit by hand; rerun the command.`,
    '',
    '## Measured',
    '',
    `- D1 per uncached ask: **${m.d1BytesPerAsk.toFixed(0)} bytes** (${m.d1RowsPerAsk.toFixed(2)} rows), kept for the retention period.`,
    `- Workers KV per uncached ask (the answer cache, expiring after its TTL): ${m.kvBytesPerAsk.toFixed(0)} bytes of keys and values.`,
    `- R2 per ask (redacted trace bodies): ${m.r2BytesPerAsk.toFixed(0)} bytes in ${(askGrowth.r2TraceObjects / ASKS).toFixed(1)} objects.`,
    `- Durable Object storage per ask: ${m.doBytesPerAsk.toFixed(0)} bytes.`,
    `- D1 per task (a refund request taken through review and committed): ${m.d1BytesPerTask.toFixed(0)} bytes of business records (the task, its sources, review, audit events, ledger), which retention never deletes: they stay in D1 for RECORD_RETENTION_DAYS (${ASSUMPTIONS.recordDays}) and then move to the R2 archive, plus ${m.d1RetainedBytesPerTask.toFixed(0)} bytes of traces kept for the retention period.`,
    `- D1 per chunk (production layout, without the local vector table): ${m.d1BytesPerChunk.toFixed(0)} bytes (${m.d1RowsPerChunk.toFixed(2)} rows); R2 per chunk (source document and ingest trace bodies): ${m.r2BytesPerChunk.toFixed(0)} bytes; ${m.chunksPerDocument.toFixed(1)} chunks per ~20 KB document.`,
    '',
    'D1 growth per ask by table or index (bytes per ask):',
    '',
    ...Object.entries(askGrowth.byObject).sort((a, b) => b[1] - a[1]).map(([k, v]) => `- ${k}: ${(v / ASKS).toFixed(0)}`),
    '',
    'D1 growth per task by table or index (bytes per task):',
    '',
    ...Object.entries(taskGrowth.byObject).sort((a, b) => b[1] - a[1]).map(([k, v]) => `- ${k}: ${(v / TASKS).toFixed(0)}`),
    '',
    'D1 growth per chunk by table or index (bytes per chunk):',
    '',
    ...Object.entries(chunkGrowth.byObject).sort((a, b) => b[1] - a[1]).map(([k, v]) => `- ${k}: ${(v / chunks).toFixed(0)}`),
    '',
    '## Summary: which resource breaks first',
    '',
    summary(m),
    '',
    '## Assumptions',
    '',
    `Retention ${ASSUMPTIONS.retentionDays} days (RETENTION_DAYS) for traces, request records and logged answers; finished tasks and audit rows kept in D1 ${ASSUMPTIONS.recordDays} days (RECORD_RETENTION_DAYS), then moved to the R2 archive, where they stay (the archive's growth, ~2.5 KB per task, is not in the R2 column); answer-cache TTL ${ASSUMPTIONS.cacheTtlSeconds} s, ${ASSUMPTIONS.tasksPerAsk} tasks per ask (one ProposeCommitWorkflow instance each), completed Workflow state kept ${ASSUMPTIONS.workflowRetentionDays} days, peak second = ${ASSUMPTIONS.peakToAverage}× the average second. Sizes are local (miniflare SQLite, 4 KB pages) — D1 runs the same SQLite, so row and index sizes carry over; production trace rows also carry an AI Gateway log id (~26 bytes more per model call). The corpus (chunks) is not bounded by retention: it is the steady state as it stands. Vectorize holds one vector per chunk and group; the tables assume one group per document. D1 also has one write primary per database (reads can scale out through read replication), which bounds write throughput rather than size; this model covers size.`,
    '',
  ];
  for (const chunksAt of CORPUS_SIZES) {
    lines.push(`## Corpus of ${chunksAt.toLocaleString('en-US')} chunks`, '');
    for (const asks of ASK_RATES) {
      const rows = capacityAt(m, ASSUMPTIONS, asks, chunksAt);
      const first = breaksFirst(rows);
      lines.push(`### ${asks.toLocaleString('en-US')} asks a day`, '', table(rows), '', first ? `**Breaks first: ${LIMITS[first.resource].resource}** (${(first.share * 100).toFixed(0)} % of its limit).` : `Nothing reaches its limit; closest: ${LIMITS[rows[0]!.resource].resource} at ${(rows[0]!.share * 100).toFixed(1)} %.`, '');
    }
  }
  return lines.join('\n');
}

async function main() {
  log('starting a private dev server');
  const server = await startPrivateServer(8950);
  const stop = () => void server.stop().finally(() => process.exit(130));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await settleCorpus(server.base);
    await sleep(1000);
    const s0 = snapshot(server);
    log(`running ${ASKS} uncached asks`);
    await runAsks(server.base);
    const s1 = snapshot(server);
    log(`running ${TASKS} refund tasks through review`);
    await runTasks(server.base);
    const s1t = snapshot(server);
    log(`ingesting ${DOCS} documents`);
    const chunks = await runIngests(server.base);
    const s2 = snapshot(server);
    const asks = growth(s0, s1);
    const tasks = growth(s1, s1t);
    const ingest = growth(s1t, s2);
    const measured: Measured = {
      d1BytesPerAsk: asks.d1 / ASKS,
      d1RowsPerAsk: asks.rowCount / ASKS,
      kvBytesPerAsk: asks.kv / ASKS,
      d1BytesPerTask: sumOf(tasks.byObject, Object.keys(tasks.byObject).filter((o) => !isRetained(o))) / TASKS,
      d1RetainedBytesPerTask: sumOf(tasks.byObject, Object.keys(tasks.byObject).filter(isRetained)) / TASKS,
      r2BytesPerAsk: asks.r2 / ASKS,
      d1BytesPerChunk: (ingest.d1 - sumOf(ingest.byObject, LOCAL_ONLY_OBJECTS)) / chunks,
      d1RowsPerChunk: (ingest.rowCount - (ingest.rows.local_vectors ?? 0)) / chunks,
      r2BytesPerChunk: ingest.r2 / chunks,
      chunksPerDocument: chunks / DOCS,
      doBytesPerAsk: asks.durableObjects / ASKS,
    };
    console.log(JSON.stringify({ measured, d1GrowthPerAsk: asks.d1 / ASKS, traceBodiesPerAsk: asks.r2TraceObjects / ASKS, askRows: asks.rows, askObjects: asks.byObject }, null, 2));
    writeFileSync(join(ROOT, 'docs/capacity.md'), report(measured, asks, tasks, ingest, chunks));
    log('wrote docs/capacity.md');
  } finally {
    await server.stop();
  }
}

await main();
