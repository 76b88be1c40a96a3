/**
 * `npm run simulate:month [-- --rate 100000 --days 32 --cap-gb 10 --users 5000]`: a synthetic month of asks written
 * into a local D1 file (the SQLite engine D1 runs, with this repository's migrations applied), at full row sizes
 * but compressed in time, with the app's own retention (src/ops/retention.ts through drizzle) run at the end of each
 * simulated day. Prints the database size per day and exits 1 if the steady state passes the cap.
 *
 * Each ask writes what an uncached ask writes in the app (measured by `npm run capacity`): four trace rows (guard,
 * embed, rerank, generate) with the local models' names, token counts and 48-bit hashes, four daily token-counter
 * upserts, one request record and one answer-log row. Trace bodies go to R2 and cached answers to Workers KV, so
 * neither is written here.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import { drizzle } from 'drizzle-orm/sqlite-proxy';
import * as schema from '../src/db/schema';
import type { Db } from '../src/db/client';
import { randomId } from '../src/lib/random-id';
import { runRetention } from '../src/ops/retention';
import { numberFlag } from './lib/dev-server.mjs';
import { prng } from './lib/synthetic-text';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RATE = numberFlag('rate', 100_000);
const DAYS = numberFlag('days', 32);
const CAP_GB = numberFlag('cap-gb', 10);
const USERS = numberFlag('users', 5_000);
const RETENTION_DAYS = numberFlag('retention-days', 30);
const DAY_MS = 86_400_000;

// The app reads the clock through Date; the simulation moves it a day at a time.
const RealDate = Date;
let simNow = RealDate.UTC(2026, 0, 1);
class SimDate extends RealDate {
  constructor(...args: unknown[]) {
    if (args.length === 0) super(simNow);
    else super(...(args as [number]));
  }
  static override now() {
    return simNow;
  }
}
globalThis.Date = SimDate as DateConstructor;

function openDatabase(dir: string): DatabaseSync {
  const db = new DatabaseSync(join(dir, 'd1.sqlite'));
  // A throwaway file: no journal, no fsync, and a page cache large enough to hold the hot index pages.
  db.exec('PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000;');
  for (const file of readdirSync(join(ROOT, 'migrations')).filter((f) => f.endsWith('.sql')).sort()) {
    db.exec(readFileSync(join(ROOT, 'migrations', file), 'utf8').replaceAll('--> statement-breakpoint', ''));
  }
  return db;
}

/** The app's drizzle layer over the same file, so retention runs the app's own statements. */
function appDb(sqlite: DatabaseSync): Db {
  const run = (sql: string, params: unknown[], method: string) => {
    const stmt = sqlite.prepare(sql);
    const args = params as SQLInputValue[];
    if (method === 'run') return { rows: [stmt.run(...args)] };
    stmt.setReturnArrays(true);
    const rows = stmt.all(...args) as unknown as unknown[][];
    return { rows: method === 'get' ? rows[0] : rows };
  };
  return drizzle(async (sql, params, method) => run(sql, params, method) as { rows: any }, { schema }) as unknown as Db;
}

/** Retention deletes trace bodies from R2; here there are none, so the bucket only counts the keys it is given. */
function countingBucket(): R2Bucket & { deleted: number } {
  const bucket = { deleted: 0, async delete(keys: string | string[]) { bucket.deleted += Array.isArray(keys) ? keys.length : 1; } };
  return bucket as unknown as R2Bucket & { deleted: number };
}

function sizeBytes(db: DatabaseSync): number {
  const num = (sql: string) => Number(Object.values(db.prepare(sql).get() ?? {})[0] ?? 0);
  return (num('PRAGMA page_count') - num('PRAGMA freelist_count')) * num('PRAGMA page_size');
}

const CALLS = [
  { operation: 'guard', model: 'local/heuristic-guard-v1', tokensIn: 14, tokensOut: 1 },
  { operation: 'embed', model: 'local/lexical-embed-v1', tokensIn: 14, tokensOut: 0 },
  { operation: 'rerank', model: 'local/lexical-rerank-v1', tokensIn: 2_280, tokensOut: 0 },
  { operation: 'generate', model: 'local/extractive-answer-v1', tokensIn: 830, tokensOut: 37 },
] as const;

function writeDay(db: DatabaseSync, rand: () => number): void {
  const trace = db.prepare(
    'insert into traces (id, request_id, task_id, user_id, operation, model, provider, prompt, prompt_hash, response_hash, tokens_in, tokens_out, latency_ms, cost_usd, cache_hit, attempt, error, gateway_log_id, created_at) values (?, ?, null, ?, ?, ?, ?, \'\', ?, ?, ?, ?, ?, 0, 0, 1, null, null, ?)',
  );
  const counter = db.prepare('insert into token_usage (user_id, day, tokens) values (?, ?, ?) on conflict (user_id, day) do update set tokens = tokens + excluded.tokens');
  const request = db.prepare('insert into request_log (id, user_id, kind, status, latency_ms, cache_hit, refused, version_id, created_at) values (?, ?, ?, 200, ?, 0, ?, null, ?)');
  const answer = db.prepare('insert into answer_log (id, user_id, question, answer, citations, grounded, confidence, pii_findings, created_at) values (?, ?, ?, ?, ?, ?, ?, 0, ?)');
  const start = simNow;
  const dayKey = new RealDate(start).toISOString().slice(0, 10);
  db.exec('BEGIN');
  for (let i = 0; i < RATE; i++) {
    const at = start + Math.floor((i / RATE) * DAY_MS);
    const user = `user-${Math.floor(rand() * USERS)}@example.com`;
    const requestId = randomId();
    for (const call of CALLS) {
      const hash = () => Math.floor(rand() * 2 ** 48);
      trace.run(randomId(), requestId, user, call.operation, call.model, 'local', hash(), hash(), call.tokensIn, call.tokensOut, Math.round(rand() * 5000) / 100, at);
      counter.run(user, dayKey, call.tokensIn + call.tokensOut);
    }
    const refused = rand() < 0.2 ? 1 : 0;
    request.run(requestId, user, 'ask', Math.round(rand() * 30000) / 100, refused, at);
    // The logged answer of an uncached ask: a redacted question, an answer of ~200 characters and one citation.
    const citations = JSON.stringify([{ documentId: `doc_${randomId().slice(0, 16)}`, chunkId: `chk_${randomId().slice(0, 16)}`, title: 'Returns policy', start: 0, end: 480 }]);
    answer.run(requestId, user, 'q'.repeat(40 + Math.floor(rand() * 40)), 'x'.repeat(120 + Math.floor(rand() * 160)), citations, refused ? 0 : 1, Math.round(rand() * 100) / 100, at);
  }
  db.exec('COMMIT');
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'simulate-month-'));
  const sqlite = openDatabase(dir);
  const db = appDb(sqlite);
  const rand = prng(0x5eed);
  const t0 = performance.now();
  const base = sizeBytes(sqlite);
  console.log(`simulating ${DAYS} days at ${RATE.toLocaleString('en-US')} asks a day, retention ${RETENTION_DAYS} days, cap ${CAP_GB} GB (D1 file in ${dir})`);
  console.log('day | D1 size | per ask that day | purged traces | wall');
  let peak = 0;
  let firstDayPerAsk = 0;
  try {
    for (let day = 1; day <= DAYS; day++) {
      const before = sizeBytes(sqlite);
      writeDay(sqlite, rand);
      simNow += DAY_MS;
      const bucket = countingBucket();
      const purged = await runRetention({ db, bucket }, { days: RETENTION_DAYS, recordDays: 180 });
      const size = sizeBytes(sqlite);
      if (day === 1) firstDayPerAsk = (size - before) / RATE;
      peak = Math.max(peak, size);
      console.log(`${String(day).padStart(3)} | ${(size / 1e9).toFixed(3)} GB | ${((size - before) / RATE).toFixed(0)} B | ${purged.traces.toLocaleString('en-US')} (${bucket.deleted.toLocaleString('en-US')} R2 keys) | ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
    const steady = sizeBytes(sqlite) - base;
    console.log(`\nsteady state after ${DAYS} days: ${(steady / 1e9).toFixed(2)} GB of rows (peak file ${(peak / 1e9).toFixed(2)} GB), ${firstDayPerAsk.toFixed(0)} B per ask on day 1; cap ${CAP_GB} GB`);
    if (peak > CAP_GB * 1e9) {
      console.error(`over the cap: ${(peak / 1e9).toFixed(2)} GB > ${CAP_GB} GB`);
      process.exitCode = 1;
    }
  } finally {
    sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
