#!/usr/bin/env node
/**
 * `npm run demo:restart [-- --tasks N --timeout S --port P]`: durability across a crash.
 *
 * Starts the dev server on fresh persisted state, creates N tasks that wait for review (refunds on the demo
 * orders, replies on the demo tickets, all requested by alice), SIGKILLs the whole dev-server process group
 * while every workflow sits in waitForEvent, restarts on the same state and port, then approves every task
 * (rita for refunds, ravi for replies) and checks through the API that all N committed exactly once.
 * Loopback only; every wait is bounded and the whole run is capped (default 6 minutes).
 */
import { copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  api, crashDevServer, reloadsInLog, freshStateDir, mapLimit, now, numberFlag, pickPort, secs, sleep, startDevServer, stopDevServer,
  systemOfRecordIds,
} from './lib/dev-server.mjs';

const N = Math.floor(numberFlag('tasks', 20));
const TOTAL_MS = numberFlag('timeout', 360) * 1000;
const CONCURRENCY = 8;
const runStart = now();
const root = freshStateDir('restart-demo-');
const persistTo = join(root, 'state');
const logFile = join(root, 'dev-server.log');
let server;
let exitCode = 1;

const REASONS = ['wrong colour', 'arrived damaged', 'late delivery', 'missing part', 'duplicate charge', 'wrong size'];
const REPLIES = [
  'tracking can take up to 24 hours to update',
  'we have opened a carrier trace and will update you within two business days',
  'the replacement part ships tomorrow',
  'your return label is attached to this ticket',
  'the refund will appear on your statement within 5 to 10 business days',
];

function log(msg) {
  console.log(`[${secs(now() - runStart).padStart(7)}] ${msg}`);
}

async function cleanup() {
  await stopDevServer(server).catch(() => {});
  if (exitCode !== 0) {
    const kept = join(tmpdir(), 'restart-demo-last-dev-server.log');
    try {
      copyFileSync(logFile, kept);
      console.log(`dev server log kept at ${kept}`);
    } catch {
      // no log written
    }
  }
  rmSync(root, { recursive: true, force: true });
}

const overall = setTimeout(async () => {
  log(`FAIL: the run exceeded its ${secs(TOTAL_MS)} cap`);
  exitCode = 1;
  await cleanup();
  process.exit(1);
}, TOTAL_MS);

/** Polls every task until `done(task)` holds for all, or the deadline; returns the last view of each. */
async function pollAll(base, ids, done, timeoutMs, label) {
  const deadline = Date.now() + timeoutMs;
  const latest = new Map();
  let pending = [...ids];
  let rounds = 0;
  while (pending.length > 0 && Date.now() < deadline && rounds < 1000) {
    rounds++;
    const views = await mapLimit(pending, CONCURRENCY, (id) => api(base, 'alice', 'GET', `/api/tasks/${id}`));
    pending = pending.filter((id, i) => {
      const r = views[i];
      if (r.ok) latest.set(id, r.body);
      return !(r.ok && done(r.body));
    });
    if (pending.length > 0) await sleep(500);
  }
  if (pending.length > 0) log(`${label}: ${pending.length} of ${ids.length} not there within ${secs(timeoutMs)}`);
  return { latest, pending };
}

function countBy(values) {
  const out = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

async function main() {
  const { orders, tickets } = await systemOfRecordIds();
  const port = await pickPort(numberFlag('port', 8811));

  // 1. start on fresh state
  log(`starting the dev server on 127.0.0.1:${port} with fresh state ${persistTo}`);
  server = await startDevServer({ port, persistTo, logFile });
  const firstStartMs = server.startMs;
  log(`ready after ${secs(firstStartMs)} (process group ${server.pid})`);
  const base = server.base;

  // 2. create N tasks that go to review
  const specs = Array.from({ length: N }, (_, i) => {
    if (i % 2 === 0) {
      const k = i / 2;
      const order = orders[k % orders.length];
      const amount = (5 + (k % 40) + 0.25 * ((k % 3) + 1)).toFixed(2);
      return { kind: 'refund', target: order, input: `Issue a refund of $${amount} on ${order}, ${REASONS[k % REASONS.length]}.` };
    }
    const k = (i - 1) / 2;
    const ticket = tickets[k % tickets.length];
    return { kind: 'reply', target: ticket, input: `Reply to ${ticket} and tell the customer that ${REPLIES[k % REPLIES.length]}.` };
  });
  const tCreate = now();
  const created = await mapLimit(specs, CONCURRENCY, (s) => api(base, 'alice', 'POST', '/api/tasks', { input: s.input }));
  const failedCreates = created.filter((r) => r.status !== 202);
  if (failedCreates.length > 0) {
    log(`FAIL: ${failedCreates.length} task creations were not 202: ${JSON.stringify(failedCreates.slice(0, 3).map((r) => [r.status, r.body ?? r.error]))}`);
    return;
  }
  const tasks = specs.map((s, i) => ({ ...s, id: created[i].body.id }));
  const ids = tasks.map((t) => t.id);
  log(`created ${N} tasks (${tasks.filter((t) => t.kind === 'refund').length} refunds, ${tasks.filter((t) => t.kind === 'reply').length} replies) in ${secs(now() - tCreate)}`);

  // 3. wait until every one awaits review
  const tAwait = now();
  const before = await pollAll(base, ids, (t) => t.status !== 'running', 120_000, 'awaiting_review');
  const states = countBy(ids.map((id) => before.latest.get(id)?.status ?? 'unknown'));
  if (before.pending.length > 0 || states.awaiting_review !== N) {
    log(`FAIL: before the crash not every task awaits review: ${JSON.stringify(states)}`);
    return;
  }
  const eventsBefore = new Map(ids.map((id) => [id, before.latest.get(id).timeline.length]));
  log(`all ${N} tasks awaiting_review after ${secs(now() - tAwait)}; SIGKILL the dev server process group ${server.pid} (simulated crash)`);

  // 4. crash and restart on the same state and port
  const crash = await crashDevServer(server);
  if (!crash.free) {
    log(`FAIL: port ${port} still busy ${secs(crash.waitedMs)} after SIGKILL`);
    return;
  }
  log(`port ${port} free ${secs(crash.waitedMs)} after SIGKILL; restarting on the same state`);
  server = await startDevServer({ port, persistTo, logFile });
  const restartMs = server.startMs;
  log(`ready again after ${secs(restartMs)}`);

  // 5. every task must still await review, with its pre-crash timeline intact
  const after = await mapLimit(ids, CONCURRENCY, (id) => api(base, 'alice', 'GET', `/api/tasks/${id}`));
  const afterStates = countBy(after.map((r) => (r.ok ? r.body.status : `http_${r.status}`)));
  const shrunk = ids.filter((id, i) => after[i].ok && after[i].body.timeline.length < eventsBefore.get(id));
  log(`after restart: ${JSON.stringify(afterStates)}; timelines shorter than before the crash: ${shrunk.length}`);
  if (afterStates.awaiting_review !== N || shrunk.length > 0) {
    log('FAIL: tasks changed state across the restart');
    return;
  }

  // 6. approve each (rita for refunds, ravi for replies)
  const tApprove = now();
  const decisions = await mapLimit(tasks, CONCURRENCY, (t) =>
    api(base, t.kind === 'refund' ? 'rita' : 'ravi', 'POST', `/api/reviews/${t.id}/decision`, { decision: 'approve', comment: 'restart demo' }),
  );
  const badDecisions = decisions.map((r, i) => [ids[i], r]).filter(([, r]) => r.status !== 200);
  if (badDecisions.length > 0) {
    log(`FAIL: ${badDecisions.length} approvals were not 200: ${JSON.stringify(badDecisions.slice(0, 3).map(([id, r]) => [id, r.status, r.body ?? r.error]))}`);
    return;
  }
  log(`approved ${N} tasks in ${secs(now() - tApprove)} (rita ${tasks.filter((t) => t.kind === 'refund').length}, ravi ${tasks.filter((t) => t.kind === 'reply').length})`);

  // 7. wait for commits, then verify nothing was lost or doubled
  const tCommit = now();
  const final = await pollAll(base, ids, (t) => ['committed', 'rejected', 'failed', 'expired'].includes(t.status), 150_000, 'committed');
  const commitWaitMs = now() - tCommit;
  const finalStates = countBy(ids.map((id) => final.latest.get(id)?.status ?? 'unknown'));
  const committedOnce = ids.filter((id) => {
    const t = final.latest.get(id);
    return t?.status === 'committed' && t.timeline.filter((e) => e.event === 'task.committed').length === 1;
  });
  const doubled = ids.filter((id) => (final.latest.get(id)?.timeline ?? []).filter((e) => e.event === 'task.committed').length > 1);
  const approvedOnce = ids.filter((id) => (final.latest.get(id)?.timeline ?? []).filter((e) => e.event === 'review.approved').length === 1);
  const appliedNow = ids.filter((id) => final.latest.get(id)?.result?.appliedNow === true);
  const stillPending = await api(base, 'rita', 'GET', '/api/reviews?status=pending');
  const ours = new Set(ids);
  const pendingOurs = stillPending.ok ? stillPending.body.reviews.filter((r) => ours.has(r.taskId)).length : -1;

  const ok = committedOnce.length === N && doubled.length === 0 && pendingOurs === 0;
  console.log('\n===== restart demo summary =====');
  console.log(`tasks                        ${N} (${tasks.filter((t) => t.kind === 'refund').length} issue_refund via rita, ${tasks.filter((t) => t.kind === 'reply').length} send_reply via ravi)`);
  console.log(`first start / restart        ${secs(firstStartMs)} / ${secs(restartMs)} to "ready:"`);
  console.log(`port free after SIGKILL      ${secs(crash.waitedMs)}`);
  console.log(`awaiting_review after crash  ${afterStates.awaiting_review ?? 0}/${N}`);
  console.log(`final states                 ${JSON.stringify(finalStates)} (commit wait ${secs(commitWaitMs)})`);
  console.log(`committed exactly once       ${committedOnce.length}/${N}; >1 task.committed: ${doubled.length}; review.approved once: ${approvedOnce.length}/${N}; result.appliedNow: ${appliedNow.length}/${N}`);
  console.log(`still pending in /api/reviews ${pendingOurs}`);
  console.log(`hot reloads (src changed)    ${await reloadsInLog(logFile)}`);
  console.log(`lost                         ${N - committedOnce.length}`);
  console.log(`result                       ${ok ? 'PASS' : 'FAIL'}`);
  if (!ok) {
    const sample = ids.filter((id) => !committedOnce.includes(id)).slice(0, 3).map((id) => {
      const t = final.latest.get(id);
      return { id, status: t?.status, error: t?.error, events: t?.timeline.map((e) => e.event) };
    });
    console.log(`not committed (sample): ${JSON.stringify(sample)}`);
  }
  exitCode = ok ? 0 : 1;
}

try {
  await main();
} catch (err) {
  log(`FAIL: ${err.stack ?? err}`);
  exitCode = 1;
}
clearTimeout(overall);
await cleanup();
console.log(`wall time                    ${secs(now() - runStart)}`);
process.exit(exitCode);
