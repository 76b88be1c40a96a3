/**
 * `npm run bench:answers [-- <dir>] [--base <url>]`
 *
 * Held-out answer quality: how the answerer does on a business and wording it was never tuned on. Loads the
 * folder's corpus (default bench/answers: a dental clinic's policies and price tables) into a server that holds
 * nothing else (the seeded demo corpus is deleted first), sends every question of its cases.jsonl (the golden-case
 * schema) through the public API as the golden eval does, and scores each with the eval's own rules (facts as
 * substrings, refusals, PII leaks: evals/metrics.ts). Prints the pass count and every failing case, and writes
 * JSON to bench/results/.
 *
 * Server: --base <url> (its documents are deleted!), otherwise a private dev server on a fresh state directory.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { call, type EvalTarget } from '../evals/client';
import { loadGoldenSet } from '../evals/golden-case';
import { aggregate, scoreCase, type CaseScore } from '../evals/metrics';
import { runCase, type CaseRun } from '../evals/run-case';
import { freshStateDir, pickPort, startDevServer, stopDevServer, type DevServer } from './lib/dev-server.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const READY_TIMEOUT_MS = 120_000;

const { values, positionals } = parseArgs({ allowPositionals: true, options: { base: { type: 'string' } } });
const dir = resolve(positionals[0] ?? join(ROOT, 'bench/answers'));

const target = (base: string): EvalTarget => ({ base, tokenFor: (user) => `demo-${user}`, operatorToken: 'demo-oscar' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type DocumentView = { id: string; status: string; error: string | null };

/** Deletes every document on the server, so the held-out corpus is all the answerer can read. */
async function clearDocuments(t: EvalTarget): Promise<number> {
  const { body } = await call<{ documents: DocumentView[] }>(t, null, '/api/documents?limit=500');
  for (const d of body.documents) {
    const res = await call(t, null, `/api/documents/${d.id}`, { method: 'DELETE' });
    if (res.status >= 300) throw new Error(`deleting ${d.id} failed: HTTP ${res.status}`);
  }
  return body.documents.length;
}

/** Uploads each Markdown file as a file (front matter gives title and groups) and waits until it is ready. */
async function loadCorpus(t: EvalTarget, corpusDir: string): Promise<number> {
  const files = readdirSync(corpusDir).filter((f) => f.endsWith('.md')).sort();
  for (const file of files) {
    const form = new FormData();
    form.append('file', new Blob([readFileSync(join(corpusDir, file))], { type: 'text/markdown' }), file);
    const res = await fetch(`${t.base}/api/documents`, { method: 'POST', headers: { Authorization: `Bearer ${t.operatorToken}` }, body: form });
    const view = (await res.json()) as DocumentView;
    if (res.status !== 202 && res.status !== 200) throw new Error(`uploading ${file} failed: HTTP ${res.status} ${JSON.stringify(view)}`);
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (let current = view; current.status !== 'ready'; await sleep(200)) {
      if (current.status === 'failed' || Date.now() > deadline) throw new Error(`${file} did not ingest: ${current.status} ${current.error ?? ''}`);
      current = (await call<DocumentView>(t, null, `/api/documents/${view.id}`)).body;
    }
  }
  return files.length;
}

async function run(base: string): Promise<void> {
  const t = target(base);
  const cases = loadGoldenSet(join(dir, 'cases.jsonl'));
  const removed = await clearDocuments(t);
  const loaded = await loadCorpus(t, join(dir, 'corpus'));
  console.error(`removed ${removed} documents, loaded ${loaded} from ${join(dir, 'corpus')}; asking ${cases.length} questions …`);
  const results: { run: CaseRun; score: CaseScore }[] = [];
  for (const c of cases) {
    const r = await runCase(t, c);
    results.push({ run: r, score: scoreCase(c, r) });
  }
  const scores = results.map((r) => r.score);
  const agg = aggregate(scores);
  const passed = scores.filter((s) => s.pass).length;
  for (const { run: r, score } of results) {
    const c = cases.find((x) => x.id === r.id)!;
    console.log(`${score.pass ? 'pass' : 'FAIL'} ${r.id} ${JSON.stringify(c.input)}${score.pass ? '' : `\n     ${score.failures.join('; ')}\n     answer: ${r.answer.slice(0, 240)}`}`);
  }
  const byTag = (tag: string) => {
    const xs = scores.filter((s) => s.tags.includes(tag));
    return `${xs.filter((s) => s.pass).length}/${xs.length}`;
  };
  console.log(`\n${basename(dir)}: ${passed} of ${cases.length} pass (fact coverage ${agg.factCoverage}, refusal accuracy ${agg.refusalAccuracy}, PII leaks ${agg.piiLeakage}); happy+edge ${byTag('edge')} edge, ${byTag('happy')} happy, ${byTag('pii')} pii, ${byTag('out-of-scope')} out-of-scope`);
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  const out = join(ROOT, 'bench/results', `answers-${basename(dir)}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(out, JSON.stringify({ dir: basename(dir), passed, cases: cases.length, aggregate: agg, results: results.map(({ run: r, score }) => ({ id: r.id, pass: score.pass, failures: score.failures, answer: r.answer })) }, null, 2));
  console.error(`wrote ${out}`);
}

async function main(): Promise<void> {
  if (values.base) return run(values.base.replace(/\/+$/, ''));
  const stateDir = freshStateDir('bench-answers-');
  let server: DevServer | undefined;
  try {
    // Lifted as the eval lifts it: every question spends the asking demo user's daily token budget.
    server = await startDevServer({ port: await pickPort(8850), persistTo: stateDir, logFile: join(tmpdir(), 'bench-answers-dev-server.log'), timeoutMs: 180_000, wranglerArgs: ['--var', 'DAILY_TOKEN_BUDGET:1000000000'] });
    await run(server.base);
  } finally {
    await stopDevServer(server);
    rmSync(stateDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
