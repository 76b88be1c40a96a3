#!/usr/bin/env node
/**
 * `npm run test:load [-- --seconds S --rate R --max-inflight M --port P]`: sustained mixed traffic.
 *
 * Expected peak: 6 requests/s of mixed traffic. This drives 2× that (12/s by default) open-loop (fixed arrival
 * schedule, independent of response times) against a dev server it starts itself on fresh state, loopback only:
 * 60% POST /api/ask, 20% POST /api/tasks, 10% review decisions on earlier tasks (GET the task, then decide once
 * if it awaits review), 10% small JSON document uploads as oscar. At most M requests are in flight; an arrival
 * that finds the cap full is dropped and counted. Afterwards every task created is polled (bounded) until it is
 * final or awaiting review. Exit 1 if any request failed (non-2xx or network error), any arrival was dropped,
 * any task is still running, or any decided task did not end in the decided state.
 */
import { copyFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  api, freshStateDir, logSize, reloadsInLog, mapLimit, now, numberFlag, percentile, pickPort, secs, sleep, startDevServer, stopDevServer,
  systemOfRecordIds,
} from './lib/dev-server.mjs';

// The stated peak for ONE local dev server on a 2-core machine (a support team's busiest minute: ~6 mixed
// requests/s). Measured here: 12/s holds with p95 ≈ 100 ms for asks; 20/s saturates (p50 ≈ 2 s, arrivals dropped).
// Production Workers scale out, so this bounds the local stack, not the deployed service.
const EXPECTED_PEAK = 6;
const RATE = numberFlag('rate', EXPECTED_PEAK * 2);
const SECONDS = numberFlag('seconds', 60);
const MAX_INFLIGHT = Math.floor(numberFlag('max-inflight', 64));
const REQUEST_TIMEOUT_MS = 20_000;
// Load from four demo users would exhaust the per-user daily token budget (500k) within a minute and turn
// asks into designed 429s; the test measures capacity, so it raises the budget unless --default-budget is given.
const RAISE_BUDGET = !process.argv.includes('--default-budget');
const WRANGLER_ARGS = RAISE_BUDGET ? ['--var', 'DAILY_TOKEN_BUDGET:1000000000'] : [];
const SETTLE_MS = 40_000;
const TOTAL_CAP_MS = 110_000 + SECONDS * 1000;
const runStart = now();
const root = freshStateDir('load-test-');
const persistTo = join(root, 'state');
const logFile = join(root, 'dev-server.log');
let server;

const log = (msg) => console.log(`[${secs(now() - runStart).padStart(7)}] ${msg}`);

/** mulberry32, so every run sends the same sequence. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(20261122);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];

const QUESTIONS = [
  'How long do I have to return an item for a refund?',
  'Who has to approve a refund over $200?',
  'How do I start a return?',
  'How long does standard shipping take?',
  'Do you ship internationally, and who pays customs duties?',
  'What should I do if my package arrived damaged?',
  'My parcel is lost, what happens next?',
  'What does the warranty cover on tents?',
  'How do I file a warranty claim?',
  'How can I reset my password?',
  'Can I use a gift card together with store credit?',
  'How do TrailPoints loyalty points work?',
  'Can I cancel my order after it has shipped?',
  'Do you price match other retailers?',
  'Is the Emberlite 2 stove being recalled?',
  'When should a ticket be escalated to L2?',
  'How are chargebacks handled?',
  'What are the store opening hours during the holidays?',
  'How long does a refund take to reach my card?',
  'Which payment methods do you accept?',
];
const ASKERS = ['alice', 'rita', 'ravi', 'oscar'];
const REASONS = ['wrong colour', 'arrived damaged', 'late delivery', 'missing part', 'wrong size'];
const REPLIES = ['tracking can take up to 24 hours', 'a replacement ships tomorrow', 'your return label is attached', 'we opened a carrier trace'];
const TOPICS = ['tent care', 'stove maintenance', 'bike fitting', 'winter layering', 'trail etiquette', 'pack sizing'];

// ---- stats ----
const stats = new Map(); // type -> { lat: [], statuses: {}, errors: [] }
function record(type, r, { expectedConflict = false } = {}) {
  let s = stats.get(type);
  if (!s) stats.set(type, (s = { lat: [], statuses: {}, errors: 0, excluded: 0, samples: [] }));
  s.lat.push(r.ms);
  const key = r.status === 0 ? (r.error === 'timeout' ? 'timeout' : 'network') : String(r.status);
  s.statuses[key] = (s.statuses[key] ?? 0) + 1;
  if (!r.ok) {
    if (expectedConflict && r.status === 409) s.excluded++;
    else {
      s.errors++;
      if (s.samples.length < 3) s.samples.push({ status: key, body: r.body ?? r.error });
    }
  }
}

// ---- workload ----
const created = []; // { id, kind, createdAt }
const reviewQueue = []; // review-bound tasks not yet decided, oldest first
const decided = new Map(); // id -> 'approve' | 'reject'
const decisionHttp = new Map(); // id -> HTTP status of the decision
let decisionSkipped = 0;
let decisionDeferred = 0;
let docSeq = 0;

function taskInput(orders, tickets) {
  const x = rand();
  if (x < 0.35) {
    const amount = (5 + Math.floor(rand() * 60) + 0.5).toFixed(2);
    return { kind: 'refund', input: `Issue a refund of $${amount} on ${pick(orders)}, ${pick(REASONS)}.` };
  }
  if (x < 0.7) return { kind: 'reply', input: `Reply to ${pick(tickets)} and tell the customer that ${pick(REPLIES)}.` };
  if (x < 0.85) return { kind: 'update', input: `Change the priority of ${pick(tickets)} to ${pick(['P2', 'P3', 'P4'])}.` };
  return { kind: 'question', input: pick(QUESTIONS) };
}

async function doAsk(base) {
  record('ask', await api(base, pick(ASKERS), 'POST', '/api/ask', { question: pick(QUESTIONS) }, REQUEST_TIMEOUT_MS));
}

async function doTask(base, sor) {
  const { kind, input } = taskInput(sor.orders, sor.tickets);
  const r = await api(base, 'alice', 'POST', '/api/tasks', { input }, REQUEST_TIMEOUT_MS);
  record('task_create', r);
  if (r.status === 202 && r.body?.id) {
    const t = { id: r.body.id, kind, createdAt: Date.now() };
    created.push(t);
    if (kind === 'refund' || kind === 'reply') reviewQueue.push(t);
  }
}

async function doDecision(base) {
  // The oldest undecided review-bound task created at least 1 s ago.
  const idx = reviewQueue.findIndex((t) => Date.now() - t.createdAt >= 1000);
  if (idx === -1) {
    decisionSkipped++;
    return;
  }
  const [task] = reviewQueue.splice(idx, 1);
  const reviewer = task.kind === 'refund' ? 'rita' : 'ravi';
  const view = await api(base, reviewer, 'GET', `/api/tasks/${task.id}`, undefined, REQUEST_TIMEOUT_MS);
  record('task_get', view);
  if (!view.ok) return;
  if (view.body.status !== 'awaiting_review') {
    if (view.body.status === 'running') {
      decisionDeferred++;
      reviewQueue.push(task); // look again later
    }
    return;
  }
  const decision = rand() < 0.8 ? 'approve' : 'reject';
  decided.set(task.id, decision);
  const r = await api(base, reviewer, 'POST', `/api/reviews/${task.id}/decision`, { decision, comment: 'load test' }, REQUEST_TIMEOUT_MS);
  decisionHttp.set(task.id, r.status || r.error);
  record('decision', r, { expectedConflict: true });
}

async function doUpload(base) {
  const n = ++docSeq;
  const topic = pick(TOPICS);
  const text = `# Load test note ${n}: ${topic}\n\nThis short note (${n}, ${Date.now()}) covers ${topic}. `.concat(
    `Customers asking about ${topic} should be pointed to the relevant guide. Agents log the ticket and follow up within one business day.\n`.repeat(3),
  );
  const r = await api(base, 'oscar', 'POST', '/api/documents', { title: `Load test note ${n} (${topic})`, text, groups: ['support'] }, REQUEST_TIMEOUT_MS);
  record('document_upload', r);
}

/** 10-slot blocks with exactly 6 asks, 2 tasks, 1 decision and 1 upload, shuffled per block. */
function schedule(total) {
  const out = [];
  while (out.length < total) {
    const block = ['ask', 'ask', 'ask', 'ask', 'ask', 'ask', 'task', 'task', 'decision', 'upload'];
    for (let i = block.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [block[i], block[j]] = [block[j], block[i]];
    }
    out.push(...block);
  }
  return out.slice(0, total);
}

function fmt(ms) {
  return Number.isFinite(ms) ? `${Math.round(ms)}`.padStart(6) : '     -';
}

async function main() {
  const sor = await systemOfRecordIds();
  const port = await pickPort(numberFlag('port', 8812));
  log(`starting the dev server on 127.0.0.1:${port} with fresh state`);
  server = await startDevServer({ port, persistTo, logFile, wranglerArgs: WRANGLER_ARGS });
  const logStart = await logSize(logFile);
  const base = server.base;
  log(`ready after ${secs(server.startMs)}; expected peak ${EXPECTED_PEAK} req/s, driving ${RATE} req/s for ${SECONDS} s (in-flight cap ${MAX_INFLIGHT})`);

  const total = Math.round(RATE * SECONDS);
  const plan = schedule(total);
  const interval = 1000 / RATE;
  const inflight = new Set();
  let dropped = 0;
  let maxInflight = 0;
  let maxLagMs = 0;
  const loadBefore = loadavg()[0];
  const t0 = now();
  for (let i = 0; i < total; i++) {
    const due = t0 + i * interval;
    const wait = due - now();
    if (wait > 0) await sleep(wait);
    maxLagMs = Math.max(maxLagMs, now() - due);
    if (inflight.size >= MAX_INFLIGHT) {
      dropped++;
      continue;
    }
    const type = plan[i];
    const p = (type === 'ask' ? doAsk(base) : type === 'task' ? doTask(base, sor) : type === 'decision' ? doDecision(base) : doUpload(base))
      .catch((err) => record(type, { ok: false, status: 0, ms: 0, error: String(err) }))
      .finally(() => inflight.delete(p));
    inflight.add(p);
    maxInflight = Math.max(maxInflight, inflight.size);
  }
  const sendMs = now() - t0;
  const loadDuring = loadavg()[0];
  const reloads = await reloadsInLog(logFile, logStart);
  // Drain: every request has its own 20 s timeout, so this ends.
  await Promise.race([Promise.all([...inflight]), sleep(REQUEST_TIMEOUT_MS + 2_000)]);
  const drainMs = now() - t0 - sendMs;
  log(`sent ${total - dropped} of ${total} arrivals in ${secs(sendMs)} (drain ${secs(drainMs)}, max in flight ${maxInflight}, max scheduler lag ${Math.round(maxLagMs)} ms)`);

  // Settle: poll every task created until final or awaiting review.
  const SETTLED = new Set(['committed', 'rejected', 'expired', 'failed', 'answered', 'awaiting_review']);
  const latest = new Map();
  let pending = created.map((t) => t.id);
  const settleStart = now();
  for (let round = 0; round < 200 && pending.length > 0 && now() - settleStart < SETTLE_MS; round++) {
    const views = await mapLimit(pending, 8, (id) => api(base, 'oscar', 'GET', `/api/tasks/${id}`));
    pending = pending.filter((id, i) => {
      if (views[i].ok) latest.set(id, views[i].body);
      const status = views[i].ok ? views[i].body.status : undefined;
      // A decided task is settled only once it left awaiting_review.
      return !(status && SETTLED.has(status) && !(decided.has(id) && status === 'awaiting_review'));
    });
    if (pending.length > 0) await sleep(500);
  }
  const settleMs = now() - settleStart;
  const byState = {};
  for (const t of created) {
    const s = latest.get(t.id)?.status ?? 'unknown';
    byState[s] = (byState[s] ?? 0) + 1;
  }
  const byKind = {};
  for (const t of created) {
    const k = `${t.kind}:${latest.get(t.id)?.status ?? 'unknown'}`;
    byKind[k] = (byKind[k] ?? 0) + 1;
  }
  const expected = { approve: 'committed', reject: 'rejected' };
  const decisionMismatch = [...decided].filter(([id, d]) => latest.get(id)?.status !== expected[d]);
  const stuckRunning = created.filter((t) => (latest.get(t.id)?.status ?? 'running') === 'running');
  const doubleCommit = created.filter((t) => (latest.get(t.id)?.timeline ?? []).filter((e) => e.event === 'task.committed').length > 1);

  // Tasks whose creation answered 5xx have no id here; alice's newest 100 tasks show any left running.
  const mine = await api(base, 'alice', 'GET', '/api/tasks');
  const known = new Set(created.map((t) => t.id));
  const orphans = mine.ok ? mine.body.tasks.filter((t) => !known.has(t.id)) : [];
  const orphanRunning = orphans.filter((t) => t.status === 'running');

  // Document ingestion states (report only).
  const docs = await api(base, 'oscar', 'GET', '/api/documents?limit=500');
  const docStates = {};
  if (docs.ok) for (const d of docs.body.documents.filter((d) => d.title.startsWith('Load test note'))) docStates[d.status] = (docStates[d.status] ?? 0) + 1;
  const docsNotReady = docs.ok ? docs.body.documents.filter((d) => d.title.startsWith('Load test note') && d.status !== 'ready') : [];

  // ---- report ----
  let requests = 0;
  let errors = 0;
  let excluded = 0;
  console.log('\n===== load test summary =====');
  console.log(`target        ${RATE} req/s (2× expected peak ${EXPECTED_PEAK} req/s) for ${SECONDS} s, open loop, cap ${MAX_INFLIGHT} in flight`);
  console.log(`host          ${cpus().length} CPUs; 1-min load average ${loadBefore.toFixed(2)} before, ${loadDuring.toFixed(2)} at the end of sending (other processes on the host included)`);
  console.log(`server        wrangler dev --local${RAISE_BUDGET ? ', DAILY_TOKEN_BUDGET raised to 1e9 (--default-budget keeps 500k)' : ''}; hot reloads during sending: ${reloads}${reloads ? ' (source files changed mid-run; expect stalls)' : ''}`);
  console.log(`arrivals      ${total} scheduled, ${total - dropped} sent, ${dropped} dropped at the cap; achieved ${((total - dropped) / (sendMs / 1000)).toFixed(1)} arrivals/s`);
  console.log('type             count  errors   p50ms  p95ms  p99ms  maxms  statuses');
  for (const type of ['ask', 'task_create', 'task_get', 'decision', 'document_upload']) {
    const s = stats.get(type);
    if (!s) continue;
    const lat = [...s.lat].sort((a, b) => a - b);
    requests += lat.length;
    errors += s.errors;
    excluded += s.excluded;
    console.log(
      `${type.padEnd(16)} ${String(lat.length).padStart(5)} ${String(s.errors).padStart(7)}  ${fmt(percentile(lat, 50))} ${fmt(percentile(lat, 95))} ${fmt(percentile(lat, 99))} ${fmt(lat.at(-1))}  ${JSON.stringify(s.statuses)}`,
    );
    for (const sample of s.samples) console.log(`    error sample: ${JSON.stringify(sample).slice(0, 300)}`);
  }
  const errorRate = requests ? errors / requests : 0;
  console.log(`requests      ${requests} HTTP requests; errors ${errors} (${(errorRate * 100).toFixed(2)}%), excluded 409s ${excluded}`);
  console.log(`decisions     ${decided.size} sent (${[...decided.values()].filter((d) => d === 'approve').length} approve / ${[...decided.values()].filter((d) => d === 'reject').length} reject); ${decisionSkipped} slots had no task ready, ${decisionDeferred} deferred (task still running)`);
  console.log(`tasks         ${created.length} created; after ${secs(settleMs)} settle: ${JSON.stringify(byState)}`);
  console.log(`  by kind     ${JSON.stringify(byKind)}`);
  console.log(`  stuck running ${stuckRunning.length}; decided but not in the decided state ${decisionMismatch.length}; >1 task.committed ${doubleCommit.length}`);
  if (decisionMismatch.length) {
    const rows = decisionMismatch.slice(0, 5).map(([id, d]) => {
      const t = latest.get(id);
      return { id, sent: d, decisionHttp: decisionHttp.get(id), task: t?.status, review: t?.review?.status, decidedBy: t?.review?.decidedBy, events: t?.timeline?.map((e) => e.event) };
    });
    for (const r of rows) console.log(`  mismatch: ${JSON.stringify(r)}`);
  }
  if (stuckRunning.length) console.log(`  stuck sample: ${JSON.stringify(stuckRunning.slice(0, 3).map((t) => ({ id: t.id, kind: t.kind, events: latest.get(t.id)?.timeline?.map((e) => e.event) })))}`);
  console.log(`documents     ${docSeq} uploads; ingestion states now ${JSON.stringify(docStates)}`);
  for (const d of docsNotReady.slice(0, 5)) console.log(`  not ready: ${JSON.stringify({ id: d.id, title: d.title, status: d.status, progress: d.progress, createdAt: d.createdAt, updatedAt: d.updatedAt, error: d.error })}`);
  console.log(`unknown ids   tasks in alice's newest 100 that no 202 returned to us: ${orphans.length} ${JSON.stringify(orphans.slice(0, 5).map((t) => ({ id: t.id, status: t.status, createdAt: t.createdAt })))}`);
  if (dropped > 0) console.log(`capacity      NOT sustained: ${dropped} arrivals found ${MAX_INFLIGHT} requests already in flight (server saturated)`);
  const ok = errors === 0 && dropped === 0 && stuckRunning.length === 0 && orphanRunning.length === 0 && decisionMismatch.length === 0 && doubleCommit.length === 0;
  console.log(`result        ${ok ? 'PASS' : 'FAIL'}`);
  return ok;
}

let ok = false;
const overall = setTimeout(async () => {
  log(`FAIL: the run exceeded its ${secs(TOTAL_CAP_MS)} cap`);
  await stopDevServer(server).catch(() => {});
  rmSync(root, { recursive: true, force: true });
  process.exit(1);
}, TOTAL_CAP_MS);
try {
  ok = await main();
} catch (err) {
  log(`FAIL: ${err.stack ?? err}`);
}
clearTimeout(overall);
await stopDevServer(server).catch(() => {});
if (!ok) {
  try {
    copyFileSync(logFile, join(tmpdir(), 'load-test-last-dev-server.log'));
    console.log(`dev server log kept at ${join(tmpdir(), 'load-test-last-dev-server.log')}`);
  } catch {
    // no log
  }
}
rmSync(root, { recursive: true, force: true });
console.log(`wall time     ${secs(now() - runStart)}`);
process.exit(ok ? 0 : 1);
