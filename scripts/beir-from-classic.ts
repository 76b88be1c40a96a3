/**
 * `npm run bench:convert -- smart <docs> <queries> <qrels> <out-dir> [--grades cranfield]`
 * `npm run bench:convert -- trec <docs.trec> <topics.trec> <qrels> <out-dir>`
 *
 * Turns a classic IR test collection into the BEIR layout `bench:retrieval` reads (corpus.jsonl, queries.jsonl,
 * qrels/test.tsv), so the retrieval bench can run on public judged sets that exist only in their original formats:
 * - `smart`: the SMART layout of CISI, Cranfield, MED, CACM (`.I id`, then `.T` title, `.W` text, other fields
 *   ignored); qrels `query doc [grade …]`. Cranfield numbers its queries 1…225 in qrels but not in cran.qry, so
 *   queries are renumbered by position when `--grades cranfield` is given; its grades 1 (complete answer) … 4
 *   (minimum interest) become gains 4 … 1, and -1 (no interest) becomes 0.
 * - `trec`: `<DOC><DOCNO>` documents, `<top><num><title>` topics, and TREC qrels `query 0 doc grade`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Doc {
  _id: string;
  title: string;
  text: string;
}
type Qrel = [query: string, doc: string, gain: number];

const clean = (s: string) => s.replace(/\s+/g, ' ').trim();

/** SMART records: `.I id` starts a record, `.X` field markers split it. */
export function parseSmart(text: string): { id: string; fields: Record<string, string> }[] {
  const out: { id: string; fields: Record<string, string> }[] = [];
  let field = '';
  for (const line of text.replace(/\r/g, '').split('\n')) {
    const start = /^\.I\s+(\S+)/.exec(line);
    if (start) {
      out.push({ id: String(Number(start[1])), fields: {} });
      field = '';
      continue;
    }
    const marker = /^\.([A-Z])\s*$/.exec(line.trimEnd());
    if (marker) {
      field = marker[1]!;
      continue;
    }
    const rec = out.at(-1);
    if (rec && field) rec.fields[field] = `${rec.fields[field] ?? ''}\n${line}`;
  }
  return out;
}

/** The title repeated as the text's first line (Cranfield does this) is dropped from the text. */
function smartDocs(text: string): Doc[] {
  return parseSmart(text).map(({ id, fields }) => {
    const title = clean(fields.T ?? '');
    let body = clean(fields.W ?? '');
    if (title && body.startsWith(title)) body = body.slice(title.length).trim();
    return { _id: id, title, text: body };
  });
}

function smartQueries(text: string, renumber: boolean): { _id: string; text: string }[] {
  return parseSmart(text).map(({ id, fields }, i) => ({
    _id: renumber ? String(i + 1) : id,
    text: clean([fields.T, fields.W].filter(Boolean).join(' ')),
  }));
}

function smartQrels(text: string, cranfield: boolean): Qrel[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim().split(/\s+/))
    .filter((c) => c.length >= 2 && c[0])
    .map(([q, d, g]) => {
      const grade = Number(g);
      const gain = cranfield ? (grade >= 1 && grade <= 4 ? 5 - grade : 0) : 1;
      return [String(Number(q)), String(Number(d)), gain];
    });
}

function trecDocs(text: string): Doc[] {
  return [...text.matchAll(/<DOC>\s*<DOCNO>\s*(.*?)\s*<\/DOCNO>([\s\S]*?)<\/DOC>/g)].map((m) => ({ _id: m[1]!, title: '', text: clean(m[2]!) }));
}

function trecTopics(text: string): { _id: string; text: string }[] {
  return [...text.matchAll(/<top>\s*<num>\s*(.*?)\s*<\/num>\s*<title>([\s\S]*?)(?:<\/title>|<\/top>)/g)].map((m) => ({ _id: m[1]!, text: clean(m[2]!).toLowerCase() }));
}

function trecQrels(text: string): Qrel[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim().split(/\s+/))
    .filter((c) => c.length >= 4)
    .map(([q, , d, g]) => [q!, d!, Number(g)]);
}

function write(out: string, docs: Doc[], queries: { _id: string; text: string }[], qrels: Qrel[]): void {
  const known = new Set(docs.map((d) => d._id));
  const asked = new Set(queries.map((q) => q._id));
  const kept = qrels.filter(([q, d]) => known.has(d) && asked.has(q));
  mkdirSync(join(out, 'qrels'), { recursive: true });
  writeFileSync(join(out, 'corpus.jsonl'), docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
  writeFileSync(join(out, 'queries.jsonl'), queries.map((q) => JSON.stringify(q)).join('\n') + '\n');
  writeFileSync(join(out, 'qrels', 'test.tsv'), ['query-id\tcorpus-id\tscore', ...kept.map((r) => r.join('\t'))].join('\n') + '\n');
  const judged = new Set(kept.filter((r) => r[2] > 0).map((r) => r[0]));
  console.log(`${out}: ${docs.length} documents, ${queries.length} queries (${judged.size} with a relevant document), ${kept.length} judgements (${qrels.length - kept.length} dropped: unknown id)`);
}

function main(argv: string[]): void {
  const [format, docsPath, queriesPath, qrelsPath, out, ...rest] = argv;
  if (!format || !docsPath || !queriesPath || !qrelsPath || !out) {
    throw new Error('usage: beir-from-classic smart|trec <docs> <queries> <qrels> <out-dir> [--grades cranfield]');
  }
  const read = (p: string) => readFileSync(p, 'utf8');
  if (format === 'smart') {
    const cranfield = rest.join(' ') === '--grades cranfield';
    write(out, smartDocs(read(docsPath)), smartQueries(read(queriesPath), cranfield), smartQrels(read(qrelsPath), cranfield));
  } else if (format === 'trec') {
    write(out, trecDocs(read(docsPath)), trecTopics(read(queriesPath)), trecQrels(read(qrelsPath)));
  } else {
    throw new Error(`unknown format ${format}: smart or trec`);
  }
}

main(process.argv.slice(2));
