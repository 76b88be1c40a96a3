/**
 * `npm run bench:retrieval -- <beir-dir> [--base <url>] [--fresh] [--concurrency <n>] [--ingest-timeout <s>]
 *   [--stages keyword,vector,fused,reranked]`
 *
 * Retrieval quality and speed through the real service: ingests a BEIR folder (corpus.jsonl, queries.jsonl,
 * qrels/test.tsv) with POST /api/documents as the operator, waits for each document to be ready, then ranks every
 * judged query with GET /api/search?topK=10 and scores nDCG@10, recall@10 and MRR@10 (a document counts at its best
 * chunk's rank). The ablation runs each judged query once per configuration (`stages`: BM25 alone, vector alone,
 * both fused, fused + rerank; all four by default) against the same index and prints one row per configuration.
 * Reports ingest time and throughput and query latency, and writes JSON to bench/results/.
 *
 * Server: --base <url>; without it the default http://127.0.0.1:8787 is used if it answers, otherwise (or with
 * --fresh) a private dev server (`node scripts/dev.mjs`, PORT 8799+, PERSIST_TO a fresh temp dir) is started and
 * stopped afterwards. dev.mjs seeds the demo corpus, so those documents take part as extra distractors.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freshStateDir, pickPort, startDevServer, stopDevServer, type DevServer } from './lib/dev-server.mjs';
import { evaluateRuns, firstRanks, percentile, readBeirFolder, type BeirDoc, type RetrievalScores } from './lib/ir-metrics';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_BASE = 'http://127.0.0.1:8787';
const AUTH = { Authorization: 'Bearer demo-oscar' };
const K = 10;
const REQUEST_TIMEOUT_MS = 30_000;
const SERVER_START_TIMEOUT_MS = 240_000;
const DOC_READY_TIMEOUT_MS = 180_000;
const SETTLE_TIMEOUT_MS = 180_000;
const POLL_MS = 200;
const STAGES = ['keyword', 'vector', 'fused', 'reranked', 'blended'] as const;
type Stages = (typeof STAGES)[number];
const STAGE_LABEL: Record<Stages, string> = {
  keyword: 'BM25 alone (D1 FTS5)',
  vector: 'vector alone (local embedder)',
  fused: 'fused (RRF)',
  reranked: "fused, in the reranker's order (what local answers read)",
  blended: 'fused + rerank, blended (what search serves)',
};

interface Args {
  dir: string;
  base?: string;
  fresh: boolean;
  concurrency: number;
  ingestTimeoutS: number;
  stages: Stages[];
}

function parseStages(list: string): Stages[] {
  const out = list.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = out.filter((s) => !(STAGES as readonly string[]).includes(s));
  if (bad.length > 0 || out.length === 0) throw new Error(`--stages takes a comma list of ${STAGES.join(', ')}`);
  return [...new Set(out)] as Stages[];
}

function readArgs(argv: string[]): Args {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      base: { type: 'string' },
      fresh: { type: 'boolean', default: false },
      concurrency: { type: 'string', default: '6' },
      'ingest-timeout': { type: 'string', default: '1800' },
      stages: { type: 'string' },
    },
  });
  if (positionals.length > 1) throw new Error(`unexpected argument ${positionals[1]}`);
  if (!positionals[0]) throw new Error('usage: bench-retrieval <beir-dir> [--base <url>] [--fresh] [--concurrency n] [--ingest-timeout s]');
  if (values.base && values.fresh) throw new Error('--base and --fresh exclude each other');
  return {
    dir: positionals[0],
    ...(values.base === undefined ? {} : { base: values.base.replace(/\/+$/, '') }),
    fresh: values.fresh,
    concurrency: Math.max(1, Number(values.concurrency) || 1),
    ingestTimeoutS: Math.max(1, Number(values['ingest-timeout']) || 1),
    stages: values.stages === undefined ? [...STAGES] : parseStages(values.stages),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function call(base: string, path: string, init: RequestInit = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}${path}`, {
    ...init,
    headers: { ...AUTH, ...(init.headers as Record<string, string> | undefined) },
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON; keep the text for the error message
  }
  return { status: res.status, body };
}

function describeError(r: { status: number; body: any }): string {
  const e = r.body?.error;
  return e ? `${r.status} ${e.code}: ${e.message}` : `${r.status} ${String(r.body).slice(0, 300)}`;
}

async function healthy(base: string, timeoutMs = 3000): Promise<boolean> {
  try {
    const res = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

// --- a private dev server -------------------------------------------------------------------------------------------

interface OwnServer {
  base: string;
  server: DevServer;
  persistDir: string;
}

async function startServer(): Promise<OwnServer> {
  const persistDir = freshStateDir('bench-retrieval-');
  const port = await pickPort(8799);
  console.error(`starting a private dev server on port ${port} (state in ${persistDir}) …`);
  // Every ranked query is reranked through the gateway as the operator; a set of a few hundred queries per stage
  // spends a person's daily token budget (tested in workerd, every-door.test.ts), so the private server lifts it.
  const server = await startDevServer({
    port,
    persistTo: persistDir,
    logFile: join(tmpdir(), 'bench-retrieval-dev-server.log'),
    timeoutMs: SERVER_START_TIMEOUT_MS,
    wranglerArgs: ['--var', 'DAILY_TOKEN_BUDGET:1000000000'],
  });
  console.error(`dev server ready after ${(server.startMs / 1000).toFixed(1)} s at ${server.base}`);
  return { base: server.base, server, persistDir };
}

async function stopServer(own: OwnServer): Promise<void> {
  await stopDevServer(own.server);
  rmSync(own.persistDir, { recursive: true, force: true });
}

// --- ingestion ------------------------------------------------------------------------------------------------------

interface DocumentView {
  id: string;
  status: 'queued' | 'parsing' | 'embedding' | 'ready' | 'failed';
  error: string | null;
  chunkCount: number;
  duplicate?: boolean;
}

async function listDocuments(base: string): Promise<DocumentView[]> {
  const r = await call(base, '/api/documents?limit=500');
  if (r.status !== 200) throw new Error(`GET /api/documents failed: ${describeError(r)}`);
  return r.body.documents as DocumentView[];
}

/** Waits (bounded) until no document already on the server is still being ingested, so it does not skew timings. */
async function settle(base: string): Promise<DocumentView[]> {
  const t0 = Date.now();
  for (;;) {
    const docs = await listDocuments(base);
    const busy = docs.filter((d) => d.status !== 'ready' && d.status !== 'failed');
    if (busy.length === 0) return docs;
    if (Date.now() - t0 > SETTLE_TIMEOUT_MS) {
      console.error(`warning: ${busy.length} existing documents still ingesting after ${SETTLE_TIMEOUT_MS / 1000} s; going on`);
      return docs;
    }
    await sleep(500);
  }
}

interface IngestResult {
  docIdToCorpusIds: Map<string, string[]>;
  created: number;
  duplicates: number;
  skipped: number;
  /** Refused at upload (422) or failed during ingestion, with the server's reason. */
  refused: { id: string; reason: string }[];
  chunks: number;
  bytes: number;
  seconds: number;
}

async function ingest(base: string, corpus: BeirDoc[], concurrency: number, timeoutS: number): Promise<IngestResult> {
  const docIdToCorpusIds = new Map<string, string[]>();
  let created = 0;
  let duplicates = 0;
  let skipped = 0;
  const refused: { id: string; reason: string }[] = [];
  let chunks = 0;
  let bytes = 0;
  const deadline = Date.now() + timeoutS * 1000;
  const encoder = new TextEncoder();
  let next = 0;
  let done = 0;
  const t0 = performance.now();

  async function one(doc: BeirDoc): Promise<void> {
    if (!doc.text.trim()) {
      skipped++;
      return;
    }
    const title = (doc.title.trim() || doc.id).slice(0, 300);
    const r = await call(base, '/api/documents', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ title, text: doc.text, source: doc.id, groups: ['*'] }),
    });
    if (r.status === 422 || r.status === 415) {
      refused.push({ id: doc.id, reason: describeError(r) });
      return;
    }
    if (r.status !== 202 && r.status !== 200) throw new Error(`uploading ${doc.id} failed: ${describeError(r)}`);
    const view = r.body as DocumentView;
    docIdToCorpusIds.set(view.id, [...(docIdToCorpusIds.get(view.id) ?? []), doc.id]);
    if (view.duplicate) duplicates++;
    else created++;
    bytes += encoder.encode(doc.text).byteLength;
    const docDeadline = Math.min(deadline, Date.now() + DOC_READY_TIMEOUT_MS);
    let current = view;
    while (current.status !== 'ready') {
      if (current.status === 'failed') {
        refused.push({ id: doc.id, reason: `failed during ingestion: ${current.error ?? 'no reason given'}` });
        return;
      }
      if (Date.now() > docDeadline) throw new Error(`${doc.id} (${view.id}) was not ready in time (status ${current.status})`);
      await sleep(POLL_MS);
      const p = await call(base, `/api/documents/${encodeURIComponent(view.id)}`);
      if (p.status !== 200) throw new Error(`GET /api/documents/${view.id} failed: ${describeError(p)}`);
      current = p.body as DocumentView;
    }
    chunks += current.chunkCount;
  }

  async function worker(): Promise<void> {
    while (next < corpus.length) {
      const doc = corpus[next++]!;
      await one(doc);
      done++;
      if (done % 100 === 0) console.error(`  ingested ${done}/${corpus.length} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, corpus.length) }, worker));
  return { docIdToCorpusIds, created, duplicates, skipped, refused, chunks, bytes, seconds: (performance.now() - t0) / 1000 };
}

// --- querying -------------------------------------------------------------------------------------------------------

interface SearchResult {
  documentId: string;
  chunkId: string;
  title: string;
  score: number;
  source: string | null;
}

async function search(base: string, q: string, stages: Stages): Promise<{ results: SearchResult[]; ms: number }> {
  const t = performance.now();
  const r = await call(base, `/api/search?q=${encodeURIComponent(q.slice(0, 2000))}&topK=${K}&stages=${stages}`);
  const ms = performance.now() - t;
  if (r.status === 404 && r.body?.error?.code === 'not_found') throw new Error('this server has no GET /api/search endpoint');
  if (r.status !== 200) throw new Error(`GET /api/search failed: ${describeError(r)}`);
  return { results: r.body.results as SearchResult[], ms };
}

interface Config {
  stages: Stages;
  scores: RetrievalScores;
  runs: Map<string, string[]>;
  latency: { median: number; p95: number; n: number };
}

// --- main -----------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const args = readArgs(process.argv.slice(2));
  const dir = resolve(args.dir);
  const set = await readBeirFolder(dir);
  const judgedIds = [...set.qrels].filter(([, j]) => [...j.values()].some((rel) => rel > 0)).map(([qid]) => qid);
  const queryText = new Map(set.queries.map((q) => [q.id, q.text]));
  const missing = judgedIds.filter((id) => !queryText.get(id)?.trim());
  console.error(`${basename(dir)}: ${set.corpus.length} documents, ${set.queries.length} queries, ${judgedIds.length} judged queries`);
  if (missing.length > 0) console.error(`warning: ${missing.length} judged queries have no text in queries.jsonl; they score zero`);

  let own: OwnServer | undefined;
  let base = args.base ?? DEFAULT_BASE;
  const cleanup = async () => {
    if (own) await stopServer(own);
    own = undefined;
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void cleanup().finally(() => process.exit(130));
    });
  }

  try {
    if (args.base) {
      if (!(await healthy(base, 10_000))) throw new Error(`nothing healthy answers at ${base}/api/health`);
    } else if (args.fresh || !(await healthy(base))) {
      if (!args.fresh) console.error(`nothing answers at ${DEFAULT_BASE}`);
      own = await startServer();
      base = own.base;
    }
    console.error(`using ${base}${own ? ' (private dev server)' : ''}`);

    const before = await settle(base);
    const ingested = await ingest(base, set.corpus, args.concurrency, args.ingestTimeoutS);
    const fixtureDocIds = new Set(ingested.docIdToCorpusIds.keys());
    const distractors = before.filter((d) => !fixtureDocIds.has(d.id) && d.status === 'ready').length;
    console.error(`ingested ${ingested.created} new + ${ingested.duplicates} already present in ${ingested.seconds.toFixed(1)} s; ${distractors} other documents on the server`);

    // One untimed query first: it builds the isolate's vector snapshot after ingestion.
    if (judgedIds[0]) await search(base, queryText.get(judgedIds[0]) || 'warm up', 'blended');

    const configs: Config[] = [];
    let emptyResults = 0;
    for (const stages of args.stages) {
      const runs = new Map<string, string[]>();
      const latencies: number[] = [];
      for (const qid of judgedIds) {
        const text = queryText.get(qid);
        if (!text?.trim()) continue;
        const { results, ms } = await search(base, text, stages);
        latencies.push(ms);
        if (results.length === 0 && stages === 'blended') emptyResults++;
        // A distractor keeps its rank slot under a name no qrel uses.
        const ranked = results.flatMap((r) => ingested.docIdToCorpusIds.get(r.documentId) ?? [`(other) ${r.documentId}`]);
        runs.set(qid, firstRanks(ranked).slice(0, K));
      }
      const scores = evaluateRuns(runs, set.qrels, K);
      configs.push({ stages, scores, runs, latency: { median: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), n: latencies.length } });
      console.error(`  ${stages}: nDCG@${K} ${scores.ndcg.toFixed(3)}`);
    }

    const mb = ingested.bytes / 1e6;
    const timedIngest = ingested.created > 0;
    const f3 = (x: number) => x.toFixed(3);
    const ablation = [
      `| configuration (\`stages\`) | nDCG@${K} | recall@${K} | MRR@${K} | latency median / p95 |`,
      `|---|---:|---:|---:|---:|`,
      ...configs.map(
        (c) =>
          `| ${STAGE_LABEL[c.stages]} (\`${c.stages}\`) | ${f3(c.scores.ndcg)} | ${f3(c.scores.recall)} | ${f3(c.scores.mrr)} | ${c.latency.median.toFixed(1)} / ${c.latency.p95.toFixed(1)} ms |`,
      ),
    ];
    const table = [
      `| metric | value |`,
      `|---|---:|`,
      `| judged queries | ${configs[0]?.scores.queries ?? 0} |`,
      `| documents ingested (new / already present / skipped empty / refused or failed) | ${ingested.created} / ${ingested.duplicates} / ${ingested.skipped} / ${ingested.refused.length} |`,
      `| chunks | ${ingested.chunks} |`,
      `| text ingested | ${(ingested.bytes / 1024).toFixed(1)} KiB |`,
      `| ingest time, upload → all ready (concurrency ${args.concurrency}) | ${ingested.seconds.toFixed(2)} s |`,
      `| ingest throughput | ${timedIngest ? `${(mb / ingested.seconds).toFixed(4)} MB/s · ${(ingested.created / ingested.seconds).toFixed(2)} docs/s` : 'n/a (every document was already present)'} |`,
      `| other documents on the server (distractors) | ${distractors} |`,
    ];
    const notes = [
      `Retrieval bench — ${basename(dir)} via ${base}${own ? ' (private dev server, fresh state)' : ''}`,
      '',
      ...ablation,
      '',
      ...table,
      '',
      `Ranking: GET /api/search?topK=${K}&stages=… (chunks, best first); each document counts once, at its best chunk's rank, so a query may rank fewer than ${K} documents.`,
      own
        ? `The private dev server seeds the demo corpus (golden/corpus); those ${distractors} documents stay in the index as extra distractors.`
        : distractors > 0
          ? `The server already held ${distractors} other documents; they take part as distractors.`
          : '',
      ingested.duplicates > 0 ? `${ingested.duplicates} documents were already on the server (same text); their ingest time is near zero.` : '',
      emptyResults > 0 ? `${emptyResults} queries returned no results.` : '',
      ingested.refused.length > 0 ? `${ingested.refused.length} documents were refused or failed (they cannot be retrieved and count as misses):` : '',
      ...ingested.refused.slice(0, 20).map((r) => `- ${r.id}: ${r.reason}`),
      ingested.refused.length > 20 ? `- … ${ingested.refused.length - 20} more in the JSON report` : '',
    ].filter((l, i, all) => l !== '' || (i > 0 && all[i - 1] !== ''));
    console.log(notes.join('\n'));

    const out = join(ROOT, 'bench/results', `retrieval-${basename(dir)}.json`);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(
      out,
      `${JSON.stringify(
        {
          generatedAt: new Date().toISOString(),
          dataset: dir,
          base,
          privateServer: Boolean(own),
          k: K,
          configurations: configs.map((c) => ({ stages: c.stages, ...c.scores, searchLatencyMs: c.latency })),
          ingest: { ...ingested, docIdToCorpusIds: undefined, mbPerSecond: timedIngest ? mb / ingested.seconds : null, concurrency: args.concurrency },
          distractors,
          runs: Object.fromEntries(configs.map((c) => [c.stages, Object.fromEntries(c.runs)])),
        },
        null,
        2,
      )}\n`,
    );
    console.error(`wrote ${out}`);
  } finally {
    await cleanup();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
