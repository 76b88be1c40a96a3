/**
 * `npm run bench:vector-load -- [--chunks 100000] [--queries 50]`
 *
 * The local vector index after a restart, through the real server: starts a private dev server (fresh state) so the
 * migrations run, stops it, writes `--chunks` vectors straight into its D1 file (512-d, seeded, the app's own
 * encoding, readable by everyone), starts it again and times the first GET /api/search (which loads every vector
 * from D1 into the index) and then `--queries` more. Server-side stage timings come from Server-Timing
 * (X-Debug-Timing: 1): vector-load (D1 pages → one matrix), vector-scan (the exact top-k scan).
 */
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { encodeVector } from '../src/vector/vector-codec';
import { freshStateDir, pickPort, startDevServer, stopDevServer, type DevServer } from './lib/dev-server.mjs';
import { medianP95, parseServerTiming } from './lib/service-bench';
import { prng } from './lib/synthetic-text';

const DIMENSIONS = 512;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) || fallback : fallback;
}

function d1File(persistDir: string): string {
  const dir = join(persistDir, 'v3', 'd1', 'miniflare-D1DatabaseObject');
  const file = readdirSync(dir).find((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite');
  if (!file) throw new Error(`no D1 database file under ${dir}`);
  return join(dir, file);
}

function seedVectors(file: string, count: number): void {
  const db = new DatabaseSync(file);
  const rand = prng(0x10ad);
  const insert = db.prepare('insert or replace into local_vectors (id, "values", metadata) values (?, ?, ?)');
  db.exec('begin');
  const values = new Float32Array(DIMENSIONS);
  for (let i = 0; i < count; i++) {
    for (let d = 0; d < DIMENSIONS; d++) values[d] = rand() * 2 - 1;
    insert.run(`benchload_${i}:0#*`, encodeVector(values), JSON.stringify({ documentId: `benchload_${i}`, chunkId: `benchload_${i}:0`, ordinal: 0, group: '*' }));
  }
  db.exec("insert into settings (key, value) values ('local_vector_generation', '1') on conflict(key) do update set value = cast(cast(value as integer) + 1 as text)");
  db.exec('commit');
  db.close();
}

async function timedSearch(base: string, q: string): Promise<{ wallMs: number; stages: Map<string, number> }> {
  const t = performance.now();
  const res = await fetch(`${base}/api/search?q=${encodeURIComponent(q)}&topK=10`, {
    headers: { Authorization: 'Bearer demo-alice', 'X-Debug-Timing': '1' },
    signal: AbortSignal.timeout(120_000),
  });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`GET /api/search: ${res.status}`);
  return { wallMs: performance.now() - t, stages: parseServerTiming(res.headers.get('Server-Timing')) };
}

async function main(): Promise<void> {
  const chunks = arg('chunks', 100_000);
  const queries = arg('queries', 50);
  const persistDir = freshStateDir('bench-vector-load-');
  const logFile = join(tmpdir(), 'bench-vector-load-dev-server.log');
  let server: DevServer | undefined;
  try {
    const port = await pickPort(8870);
    server = await startDevServer({ port, persistTo: persistDir, logFile, timeoutMs: 240_000 });
    // Let the demo corpus finish ingesting before the server stops, so the restart does not re-ingest it.
    for (let i = 0; i < 240; i++) {
      const res = await fetch(`${server.base}/api/documents?limit=500`, { headers: { Authorization: 'Bearer demo-oscar' } });
      const { documents } = (await res.json()) as { documents: { status: string }[] };
      if (documents.length > 0 && documents.every((d) => d.status === 'ready' || d.status === 'failed')) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    await stopDevServer(server);
    server = undefined;
    const tSeed = performance.now();
    seedVectors(d1File(persistDir), chunks);
    console.error(`seeded ${chunks} vectors in ${((performance.now() - tSeed) / 1000).toFixed(1)} s; restarting the server`);

    server = await startDevServer({ port, persistTo: persistDir, logFile, timeoutMs: 240_000 });
    const first = await timedSearch(server.base, 'refund for a damaged tent');
    const later: { wallMs: number; stages: Map<string, number> }[] = [];
    for (let i = 0; i < queries; i++) later.push(await timedSearch(server.base, `question ${i} about a late delivery of hiking boots`));
    const scan = medianP95(later.map((l) => l.stages.get('vector-scan') ?? NaN));
    const wall = medianP95(later.map((l) => l.wallMs));
    console.log(
      [
        `| local vector index, ${chunks.toLocaleString('en-US')} vectors + demo corpus, after a restart | value |`,
        '|---|---:|',
        `| first GET /api/search after the restart, wall | ${first.wallMs.toFixed(0)} ms |`,
        `| of which vector-load (D1 pages → matrix), server | ${first.stages.get('vector-load') ?? '—'} ms |`,
        `| of which vector-scan, server | ${first.stages.get('vector-scan') ?? '—'} ms |`,
        `| next ${queries} searches: vector-scan median / p95, server | ${scan.median.toFixed(0)} / ${scan.p95.toFixed(0)} ms |`,
        `| next ${queries} searches: wall median / p95 | ${wall.median.toFixed(0)} / ${wall.p95.toFixed(0)} ms |`,
      ].join('\n'),
    );
  } finally {
    if (server) await stopDevServer(server);
    rmSync(persistDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
