/**
 * `npm run tune:fusion -- <beir-dir> --base <url> [--out file.json]`
 *
 * Grid search over the served pipeline's fusion and rerank-blend settings on a development set, without restarting
 * the server for each setting: it asks a running server (already loaded with the set, e.g. by bench:retrieval) for
 * each judged query's BM25 and vector rankings once (GET /api/search?stages=keyword|vector&topK=50), then replays
 * fusion (weighted reciprocal rank), the local lexical reranker and the blend offline, with the very functions the
 * service uses, and prints nDCG@10 for every setting. Never run it on an acceptance set (SciFact, SQuAD).
 */
import { writeFileSync } from 'node:fs';
import { rerankLexical } from '../src/ai/local/lexical-reranker';
import { fuseRankings } from '../src/rag/retrieve';
import { blendScores } from '../src/rag/rerank-blend';
import { ndcgAtK, readBeirFolder } from './lib/ir-metrics';

interface Hit {
  chunkId: string;
  source: string | null;
  title: string;
  heading: string | null;
  snippet: string;
}

const POOL = 50;
const CANDIDATES = 20;

function args(argv: string[]): { dir: string; base: string; out?: string } {
  const dir = argv.find((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--'));
  const at = (flag: string) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
  const base = at('--base');
  if (!dir || !base) throw new Error('usage: tune-fusion <beir-dir> --base <url> [--out file.json]');
  return { dir, base: base.replace(/\/+$/, ''), out: at('--out') };
}

async function ranking(base: string, q: string, stages: 'keyword' | 'vector'): Promise<Hit[]> {
  const res = await fetch(`${base}/api/search?${new URLSearchParams({ q: q.slice(0, 2000), topK: String(POOL), stages })}`, {
    headers: { Authorization: 'Bearer demo-oscar' },
    signal: AbortSignal.timeout(60_000),
  });
  if (!res.ok) throw new Error(`search ${stages} failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { results: Hit[] }).results;
}

async function main(): Promise<void> {
  const { dir, base, out } = args(process.argv.slice(2));
  const set = await readBeirFolder(dir);
  const queries = set.queries.filter((q) => [...(set.qrels.get(q.id)?.values() ?? [])].some((r) => r > 0));
  const runs: { query: string; judged: ReadonlyMap<string, number>; keyword: Hit[]; vector: Hit[] }[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < queries.length) {
        const q = queries[next++]!;
        const [keyword, vector] = await Promise.all([ranking(base, q.text, 'keyword'), ranking(base, q.text, 'vector')]);
        runs.push({ query: q.text, judged: set.qrels.get(q.id)!, keyword, vector });
      }
    }),
  );
  console.error(`${dir}: ${runs.length} judged queries fetched`);

  const rows: { vectorWeight: number; k: number; rerankWeight: number | string; ndcg: number }[] = [];
  for (const vectorWeight of [0, 0.25, 0.35, 0.5, 0.75, 1]) {
    for (const k of [5, 10, 20, 30, 60]) {
      const prepared = runs.map((r) => {
        const hits = new Map([...r.keyword, ...r.vector].map((h) => [h.chunkId, h]));
        const fused = fuseRankings([r.keyword.map((h) => h.chunkId), r.vector.map((h) => h.chunkId)], k, [1, vectorWeight]).slice(0, CANDIDATES);
        const texts = fused.map((f) => {
          const h = hits.get(f.id)!;
          return [h.title, h.heading, h.snippet].filter(Boolean).join('\n');
        });
        return { r, hits, fused, rerank: rerankLexical(r.query.slice(0, 2000), texts) };
      });
      for (const rerankWeight of [0, 0.1, 0.25, 0.5, 1, 2, 'only', 'gate0.8', 'gate0.9', 'gate0.95', 'gate1'] as const) {
        const ndcg =
          prepared.reduce((sum, { r, hits, fused, rerank }) => {
            const gate = typeof rerankWeight === 'string' && rerankWeight.startsWith('gate') ? Number(rerankWeight.slice(4)) : undefined;
            const confident = gate !== undefined && Math.max(...rerank) >= gate;
            const scores =
              rerankWeight === 'only' || confident
                ? rerank
                : blendScores(fused.map((f) => f.score), rerank, typeof rerankWeight === 'number' ? rerankWeight : 0.1);
            const order = fused
              .map((f, i) => ({ f, s: scores[i]! }))
              .sort((a, b) => b.s - a.s || b.f.score - a.f.score)
              .map(({ f }) => hits.get(f.id)!.source ?? '');
            return sum + ndcgAtK(order, r.judged, 10);
          }, 0) / prepared.length;
        rows.push({ vectorWeight, k, rerankWeight, ndcg });
      }
    }
  }
  const bm25 = runs.reduce((s, r) => s + ndcgAtK(r.keyword.map((h) => h.source ?? ''), r.judged, 10), 0) / runs.length;
  console.log(`BM25 alone: nDCG@10 ${bm25.toFixed(3)}`);
  console.log('| vector weight | RRF k | rerank weight | nDCG@10 |\n|---:|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.vectorWeight} | ${r.k} | ${r.rerankWeight} | ${r.ndcg.toFixed(3)} |`);
  if (out) writeFileSync(out, JSON.stringify({ dir, bm25, rows }, null, 2));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
