/**
 * `npm run bench:spelling -- <beir-dir> [--show <n>]`
 *
 * Query spelling correction replayed offline over a BEIR folder: the documents go into an in-memory SQLite FTS5
 * table with the keyword index's tokenizer (porter unicode61 remove_diacritics 2, one row per document), its
 * fts5vocab view becomes the vocabulary, and every query is corrected as retrieval would correct it for a reader
 * who sees everything. Prints how many queries change, the correction time per query (median and p95, this
 * process's CPU, not a Worker's) and the first changed queries word by word, to spot real words turned into others.
 * Needs Node 22 (node:sqlite), which `npm run` puts first on PATH.
 */
import { DatabaseSync } from 'node:sqlite';
import { parseArgs } from 'node:util';
import { correctQuery, SpellingVocabulary } from '../src/rag/query-spelling';
import { percentile, readBeirFolder } from './lib/ir-metrics';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { show: { type: 'string', default: '15' } } });
const dir = positionals[0];
if (!dir) throw new Error('usage: npm run bench:spelling -- <beir-dir> [--show <n>]');

const set = await readBeirFolder(dir);
const db = new DatabaseSync(':memory:');
db.exec(`create virtual table docs using fts5(text, title, tokenize = 'porter unicode61 remove_diacritics 2');
  create virtual table docs_vocab using fts5vocab('docs', 'row');`);
const insert = db.prepare('insert into docs (text, title) values (?, ?)');
for (const d of set.corpus) insert.run(d.text, d.title);
const rows = db.prepare(`select term, doc from docs_vocab where term not glob '*[0-9]*'`).all() as { term: string; doc: number }[];
const vocabulary = new SpellingVocabulary(rows.map((r) => ({ term: r.term, chunks: Number(r.doc) })));

const times: number[] = [];
const changes: string[] = [];
for (const q of set.queries) {
  const started = performance.now();
  const corrected = await correctQuery(q.text, vocabulary, null);
  times.push(performance.now() - started);
  if (corrected === q.text) continue;
  const before = q.text.split(/\s+/);
  const after = corrected.split(/\s+/);
  changes.push(`${q.id}: ${before.flatMap((w, i) => (w === after[i] ? [] : [`${w} → ${after[i]}`])).join(', ')}`);
}

console.log(`${dir}: ${set.corpus.length} documents, vocabulary ${rows.length} stems, ${set.queries.length} queries`);
console.log(`queries changed: ${changes.length} of ${set.queries.length}`);
console.log(`correction time per query: median ${percentile(times, 0.5).toFixed(3)} ms, p95 ${percentile(times, 0.95).toFixed(3)} ms`);
for (const line of changes.slice(0, Number(values.show))) console.log(`  ${line}`);
