/**
 * `npm run ingest -- <folder | file.jsonl> [--groups g1,g2] [--base <url>] [--token <token>] [--batch-size n] [--concurrency n] [--report out.json]`
 *
 * Bulk-loads documents into a running server through POST /api/documents/batch, with a progress bar.
 * - a folder: every .md, .markdown, .txt, .text, .html, .htm and .pdf file below it, sent as multipart batches;
 *   `--groups` names who may read them (a Markdown file may name its own in front matter).
 * - a .jsonl file: one { title, text, source?, groups? } per line (BEIR's { _id, title, text } works too: _id becomes
 *   the source, and the title falls back to it); lines without groups get `--groups`.
 * Resumable: the server dedupes by content hash, so running it again skips every document already ingested.
 * Token: --token, else $INGEST_TOKEN, else the local demo operator (demo-oscar). Exit code 1 if any item failed or
 * was refused (their reasons are printed), 2 if the server could not be used.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ingestBulk, jsonlItems, progressLine, type BulkItem } from './lib/bulk-client';

const FILE_TYPES = new Set(['.md', '.markdown', '.txt', '.text', '.html', '.htm', '.pdf']);

interface Args {
  path: string;
  base: string;
  token: string;
  groups?: string[];
  batchSize: number;
  concurrency: number;
  report?: string;
}

function readArgs(argv: string[]): Args {
  const usage = 'usage: npm run ingest -- <folder | file.jsonl> [--groups g1,g2] [--base url] [--token t] [--batch-size n] [--concurrency n] [--report out.json]';
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      base: { type: 'string', default: 'http://127.0.0.1:8787' },
      token: { type: 'string', default: process.env.INGEST_TOKEN ?? 'demo-oscar' },
      groups: { type: 'string' },
      'batch-size': { type: 'string', default: '1000' },
      concurrency: { type: 'string', default: '3' },
      report: { type: 'string' },
    },
  });
  if (positionals.length > 1) throw new Error(`unexpected argument ${positionals[1]}`);
  if (!positionals[0]) throw new Error(usage);
  return {
    path: positionals[0],
    base: values.base.replace(/\/+$/, ''),
    token: values.token,
    ...(values.groups === undefined ? {} : { groups: values.groups.split(',').map((g) => g.trim()).filter(Boolean) }),
    batchSize: Math.min(1000, Math.max(1, Number(values['batch-size']) || 1)),
    concurrency: Math.max(1, Number(values.concurrency) || 1),
    ...(values.report === undefined ? {} : { report: values.report }),
  };
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.isFile() && FILE_TYPES.has(extname(e.name).toLowerCase()) ? [join(dir, e.name)] : []))
    .sort();
}

function readItems(path: string, groups?: string[]): BulkItem[] {
  if (statSync(path).isDirectory()) {
    return walk(path).map((file) => ({ fileName: relative(path, file).replace(/[\\/]/g, '_'), bytes: new Uint8Array(readFileSync(file)) }));
  }
  return jsonlItems(readFileSync(path, 'utf8'), groups);
}

async function main(): Promise<void> {
  const args = readArgs(process.argv.slice(2));
  const path = resolve(args.path);
  const items = readItems(path, args.groups);
  console.error(`${items.length} items from ${path} → ${args.base}`);
  const tty = process.stderr.isTTY;
  const t0 = performance.now();
  let lastLogged = -1;
  const report = await ingestBulk(items, {
    base: args.base,
    token: args.token,
    batchSize: args.batchSize,
    concurrency: args.concurrency,
    groups: args.groups,
    onProgress: (p) => {
      const line = progressLine(p, (performance.now() - t0) / 1000);
      if (tty) process.stderr.write(`\r${line}`);
      else if (Math.floor((p.settled / Math.max(p.total, 1)) * 10) > lastLogged) {
        lastLogged = Math.floor((p.settled / Math.max(p.total, 1)) * 10);
        console.error(line);
      }
    },
  });
  if (tty) process.stderr.write('\n');
  const problems = report.items.filter((i) => i.outcome === 'failed' || i.outcome === 'refused');
  for (const p of problems.slice(0, 50)) console.log(`${p.outcome}: ${p.title}${p.documentId ? ` (${p.documentId})` : ''}: ${p.reason ?? 'no reason given'}`);
  if (problems.length > 50) console.log(`… and ${problems.length - 50} more (see --report)`);
  console.log(
    `${report.total} items in ${report.seconds.toFixed(1)} s (${(report.total / report.seconds).toFixed(1)} items/s, ${(report.bytes / 1e6 / report.seconds).toFixed(2)} MB/s): ` +
      `${report.ready} ready, ${report.failed} failed, ${report.refused} refused, ${report.duplicates} already there; ${report.batches.length} batches`,
  );
  if (args.report) writeFileSync(args.report, `${JSON.stringify(report, null, 2)}\n`);
  if (problems.length > 0) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 2;
});
