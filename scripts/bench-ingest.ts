/**
 * `npm run bench:ingest -- [--docs 5183] [--base <url>] [--batch-size 1000] [--concurrency 3] [--seed n]`
 *
 * Bulk-ingestion throughput through the real service: generates a corpus of the size and shape of a public abstract
 * collection (5,183 documents of ~1.56 KB, 8.1 MB; a seeded PRNG, so every run sends the same text; plus a table of
 * contents, a blank and a binary document that must end ready, failed and failed), sends it with the same client as
 * `npm run ingest`, and checks that nothing is lost: every item ends ready, failed with a reason, or refused with one.
 * Then sends it again to time a resumed run (everything already there). Writes bench/results/ingest.json.
 *
 * Server: --base <url>, else a private dev server (fresh state, port 8799+) started and stopped here.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestBulk, progressLine } from './lib/bulk-client';
import { freshStateDir, pickPort, startDevServer, stopDevServer, type DevServer } from './lib/dev-server.mjs';
import { abstractCorpus } from './lib/synthetic-text';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TOKEN = 'demo-oscar';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) || fallback : fallback;
}

async function main(): Promise<void> {
  const docs = arg('docs', 5183);
  const seed = arg('seed', 0x5eed);
  const batchSize = arg('batch-size', 1000);
  const concurrency = arg('concurrency', 3);
  const baseIndex = process.argv.indexOf('--base');
  let base = baseIndex > 0 ? process.argv[baseIndex + 1]!.replace(/\/+$/, '') : undefined;
  let server: DevServer | undefined;
  let persistDir: string | undefined;
  try {
    if (!base) {
      persistDir = freshStateDir('bench-ingest-');
      const port = await pickPort(8799);
      console.error(`starting a private dev server on port ${port} …`);
      server = await startDevServer({ port, persistTo: persistDir, logFile: join(tmpdir(), 'bench-ingest-dev-server.log'), timeoutMs: 240_000 });
      base = server.base;
    }
    const items = abstractCorpus(docs, seed);
    const bytes = items.reduce((n, i) => n + Buffer.byteLength(i.text), 0);
    console.error(`${items.length} generated documents, ${(bytes / 1e6).toFixed(2)} MB → ${base} (batches of ${batchSize}, ${concurrency} in flight)`);
    const t0 = performance.now();
    let last = 0;
    const first = await ingestBulk(items, {
      base,
      token: TOKEN,
      batchSize,
      concurrency,
      onProgress: (p) => {
        const now = performance.now();
        if (now - last > 2000 || p.settled === p.total) {
          last = now;
          console.error(progressLine(p, (now - t0) / 1000));
        }
      },
    });
    const unaccounted = first.items.filter((i) => (i.outcome === 'failed' || i.outcome === 'refused') && !i.reason);
    const rerun = await ingestBulk(items, { base, token: TOKEN, batchSize, concurrency });
    const table = [
      '| metric | value |',
      '|---|---:|',
      `| documents sent | ${first.total} (${(first.bytes / 1e6).toFixed(2)} MB) |`,
      `| ready / failed / refused / already there | ${first.ready} / ${first.failed} / ${first.refused} / ${first.duplicates} |`,
      `| failed or refused without a reason | ${unaccounted.length} |`,
      `| chunks embedded | ${first.chunksDone} |`,
      `| ingest time, first POST → every batch finished | ${first.seconds.toFixed(2)} s |`,
      `| throughput | ${(first.total / first.seconds).toFixed(1)} docs/s · ${(first.bytes / 1e6 / first.seconds).toFixed(3)} MB/s |`,
      `| rerun (resume): already there / new | ${rerun.duplicates + rerun.refused} / ${rerun.ready + rerun.failed} in ${rerun.seconds.toFixed(2)} s |`,
    ];
    console.log(table.join('\n'));
    for (const f of first.items.filter((i) => i.outcome !== 'ready').slice(0, 10)) console.log(`- ${f.outcome}: ${f.title}: ${f.reason}`);
    const out = join(ROOT, 'bench/results/ingest.json');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify({ generatedAt: new Date().toISOString(), base, docs: first.total, batchSize, concurrency, first: { ...first, items: undefined }, rerun: { ...rerun, items: undefined } }, null, 2)}\n`);
    console.error(`wrote ${out}`);
    if (unaccounted.length > 0 || first.ready + first.failed + first.refused + first.duplicates !== first.total) process.exitCode = 1;
  } finally {
    if (server) await stopDevServer(server);
    if (persistDir) rmSync(persistDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
