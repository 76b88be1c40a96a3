/**
 * `npm run bench`: local vector index query latency at 1k, 10k and 100k chunks.
 *
 * Uses the real search core the local index runs per query (`pack`, `topKCosine`, `matchesFilter`) over vectors
 * from the real local embedder (`embedLexical`, 512 dimensions) applied to deterministic synthetic support
 * sentences, and compares it with a bare Float32Array brute-force floor (dot products + a full sort).
 * Writes a markdown table to stdout and the same results to bench/results/vector-bench.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { embedLexical } from '../src/ai/local/lexical-embedder';
import { pack, topKCosine } from '../src/vector/cosine-search';
import { matchesFilter } from '../src/vector/metadata-filter';
import type { Metadata, MetadataFilter } from '../src/vector/vector-index';

const DIMENSIONS = 512;
const TOP_K = 10;
const SIZES = [1_000, 10_000, 100_000];
const QUERIES: Record<number, number> = { 1_000: 200, 10_000: 200, 100_000: 100 };
const WARMUP = 30;
const GROUPS = ['support', 'billing', '*'] as const;
const FILTER: MetadataFilter = { group: { $in: ['support', '*'] } };
const OUT = resolve(dirname(fileURLToPath(import.meta.url)), '../bench/results/vector-bench.json');

/** mulberry32: a small seeded PRNG, so every run embeds the same texts. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const W = {
  who: ['A customer', 'The buyer', 'A member', 'Our client', 'A first-time shopper', 'A business account', 'The subscriber', 'A returning customer'],
  verb: ['reported', 'asked about', 'complained about', 'requested help with', 'wants to escalate', 'cannot resolve', 'followed up on', 'disputed'],
  issue: ['a late delivery', 'a damaged parcel', 'a missing refund', 'a double charge', 'a broken zipper', 'a password reset', 'an expired coupon',
    'a warranty claim', 'a wrong size', 'a cancelled subscription', 'a locked account', 'an invoice error', 'a lost package', 'a faulty charger'],
  product: ['hiking boots', 'rain jacket', 'tent', 'sleeping bag', 'headlamp', 'water filter', 'backpack', 'trekking poles', 'camp stove',
    'fleece hoodie', 'kayak paddle', 'climbing harness', 'cooler', 'trail shoes', 'gift card', 'smart watch'],
  channel: ['by email', 'over chat', 'by phone', 'through the portal', 'on social media', 'in store'],
  time: ['within 14 days', 'after 30 days', 'the same day', 'during the holiday rush', 'before the warranty expired', 'last week', 'twice this month'],
  action: ['Agents should verify the order number', 'Escalate to a team lead', 'Offer store credit', 'Issue a partial refund', 'Send a prepaid return label',
    'Reset the two-factor device', 'Open a carrier trace', 'Apply the loyalty discount', 'Check the fraud queue', 'Confirm the shipping address'],
  tail: ['and log the reason code.', 'before closing the ticket.', 'if the amount is under $200.', 'unless the item was used.', 'and notify billing.',
    'per the returns policy.', 'within one business day.', 'and attach photos.'],
};

function sentence(rand: () => number): string {
  const pick = (xs: readonly string[]) => xs[Math.floor(rand() * xs.length)]!;
  const order = 10000 + Math.floor(rand() * 90000);
  const text = `${pick(W.who)} ${pick(W.verb)} ${pick(W.issue)} on the ${pick(W.product)} ${pick(W.channel)} ${pick(W.time)} (order ${order}). ${pick(W.action)} ${pick(W.tail)}`;
  return rand() < 0.5 ? `${text} ${pick(W.action)} ${pick(W.tail)}` : text;
}

function stats(samples: number[]): { median: number; p95: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
  return { median: at(0.5), p95: at(0.95) };
}

/** The floor: one tight loop of dot products over a Float32Array, then a full sort of all row indices by score. */
function bruteForce(matrix: Float32Array, rows: number, d: number, query: Float32Array, topK: number): Uint32Array {
  const scores = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let dot = 0;
    const base = r * d;
    for (let i = 0; i < d; i++) dot += matrix[base + i]! * query[i]!;
    scores[r] = dot;
  }
  const order = new Uint32Array(rows);
  for (let r = 0; r < rows; r++) order[r] = r;
  order.sort((a, b) => scores[b]! - scores[a]!);
  return order.subarray(0, topK);
}

/** The floor without the sort: the same dot-product loop keeping only the best score. */
function bestDot(matrix: Float32Array, rows: number, d: number, query: Float32Array): number {
  let best = -Infinity;
  for (let r = 0; r < rows; r++) {
    let dot = 0;
    const base = r * d;
    for (let i = 0; i < d; i++) dot += matrix[base + i]! * query[i]!;
    if (dot > best) best = dot;
  }
  return best;
}

function normalised(values: ArrayLike<number>): Float32Array {
  const out = Float32Array.from(values);
  let n = 0;
  for (const x of out) n += x * x;
  n = Math.sqrt(n) || 1;
  for (let i = 0; i < out.length; i++) out[i]! /= n;
  return out;
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
const started = performance.now();

// --- corpus: every chunk vector is a real embedding of its own generated text ------------------------------------
const maxSize = Math.max(...SIZES);
const tEmbed = performance.now();
const corpusRand = prng(0x5eed);
const all = new Float32Array(maxSize * DIMENSIONS);
const metadata: Metadata[] = [];
for (let i = 0; i < maxSize; i++) {
  all.set(embedLexical(sentence(corpusRand), DIMENSIONS), i * DIMENSIONS);
  metadata.push({ group: GROUPS[i % GROUPS.length]!, documentId: `doc_${Math.floor(i / 8)}` });
}
const embedMs = performance.now() - tEmbed;
const queryRand = prng(0x9e3779b9);
const queryTexts = Array.from({ length: Math.max(...Object.values(QUERIES)) + WARMUP }, () => sentence(queryRand).split('. ')[0]!);
const queryVectors = queryTexts.map((t) => embedLexical(t, DIMENSIONS));
console.error(`embedded ${maxSize} generated texts in ${(embedMs / 1000).toFixed(1)} s (no perturbed copies: every vector is a real embedding)`);

interface Row {
  chunks: number;
  queries: number;
  packMs: number;
  unfiltered: { median: number; p95: number };
  filtered: { median: number; p95: number };
  filteredAcceptedShare: number;
  bruteForce: { median: number; p95: number };
  dotOnlyMedianMs: number;
  ratioUnfilteredToBruteForce: number;
  recallVsBruteForce: number;
}
const rows: Row[] = [];

for (const size of SIZES) {
  const input = Array.from({ length: size }, (_, i) => ({ id: `chunk_${i}#${metadata[i]!.group}`, values: all.subarray(i * DIMENSIONS, (i + 1) * DIMENSIONS) }));
  const meta = metadata.slice(0, size);
  const tPack = performance.now();
  const packed = pack(DIMENSIONS, input);
  const packMs = performance.now() - tPack;
  const accepted = meta.filter((m) => matchesFilter(m, FILTER)).length / size;

  const n = QUERIES[size]!;
  const a: number[] = [];
  const b: number[] = [];
  const c: number[] = [];
  const dotOnly: number[] = [];
  let agree = 0;
  for (let q = 0; q < n + WARMUP; q++) {
    const query = queryVectors[q]!;
    const qn = normalised(query);
    const runs: (() => void)[] = [
      () => {
        const t = performance.now();
        const hits = topKCosine(packed, query, TOP_K);
        const ms = performance.now() - t;
        if (q >= WARMUP) a.push(ms);
        if (q >= WARMUP) {
          const floor = new Set(bruteForce(packed.matrix, size, DIMENSIONS, qn, TOP_K));
          agree += hits.filter((h) => floor.has(h.row)).length / TOP_K;
        }
      },
      () => {
        const t = performance.now();
        topKCosine(packed, query, TOP_K, (row) => matchesFilter(meta[row], FILTER));
        if (q >= WARMUP) b.push(performance.now() - t);
      },
      () => {
        const t = performance.now();
        bruteForce(packed.matrix, size, DIMENSIONS, qn, TOP_K);
        if (q >= WARMUP) c.push(performance.now() - t);
      },
    ];
    // Rotate the order per query so GC and JIT drift do not favour one variant.
    for (let k = 0; k < runs.length; k++) runs[(q + k) % runs.length]!();
    if (q >= WARMUP && q % 4 === 0) {
      const t = performance.now();
      const best = bestDot(packed.matrix, size, DIMENSIONS, qn);
      dotOnly.push(performance.now() - t);
      if (best > 2) console.error('unreachable'); // uses the result so the loop is not optimised away
    }
  }
  const row: Row = {
    chunks: size,
    queries: n,
    packMs: round(packMs, 1),
    unfiltered: mapStats(stats(a)),
    filtered: mapStats(stats(b)),
    filteredAcceptedShare: round(accepted, 3),
    bruteForce: mapStats(stats(c)),
    dotOnlyMedianMs: round(stats(dotOnly).median),
    ratioUnfilteredToBruteForce: round(stats(a).median / stats(c).median, 2),
    recallVsBruteForce: round(agree / n, 4),
  };
  rows.push(row);
  console.error(`  ${size} chunks done (${((performance.now() - started) / 1000).toFixed(1)} s elapsed)`);
}

function mapStats(s: { median: number; p95: number }) {
  return { median: round(s.median), p95: round(s.p95) };
}

const totalS = (performance.now() - started) / 1000;
const lines = [
  `Local vector index query latency — ${DIMENSIONS}-d embedLexical vectors of generated support sentences (seeded PRNG), topK ${TOP_K}`,
  `node ${process.version}, ${cpus().length} CPU(s) (${cpus()[0]?.model ?? 'unknown'}); embedding ${maxSize} texts took ${(embedMs / 1000).toFixed(1)} s (all vectors are real embeddings, none perturbed)`,
  `(a) topKCosine, no filter · (b) topKCosine + matchesFilter ${JSON.stringify(FILTER)} over 3 groups (${GROUPS.join(', ')}) · (c) bare Float32Array dot-product loop + full sort`,
  '',
  '| chunks | queries | pack ms | (a) median ms | (a) p95 ms | (b) median ms | (b) p95 ms | (c) median ms | (c) p95 ms | (a)/(c) median | dot-only floor median ms |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map((r) =>
    `| ${r.chunks.toLocaleString('en-US')} | ${r.queries} | ${r.packMs.toFixed(1)} | ${r.unfiltered.median.toFixed(3)} | ${r.unfiltered.p95.toFixed(3)} | ${r.filtered.median.toFixed(3)} | ${r.filtered.p95.toFixed(3)} | ${r.bruteForce.median.toFixed(3)} | ${r.bruteForce.p95.toFixed(3)} | ${r.ratioUnfilteredToBruteForce.toFixed(2)} | ${r.dotOnlyMedianMs.toFixed(3)} |`,
  ),
  '',
  `(b) accepts ${Math.round(rows[0]!.filteredAcceptedShare * 100)}% of rows; (a) top-${TOP_K} agrees with (c) on ${rows.map((r) => `${(r.recallVsBruteForce * 100).toFixed(1)}%`).join(' / ')} of hits. Total run ${totalS.toFixed(1)} s.`,
];
console.log(lines.join('\n'));

mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(
  OUT,
  `${JSON.stringify(
    {
      generatedAt: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? null,
      dimensions: DIMENSIONS,
      topK: TOP_K,
      filter: FILTER,
      groups: GROUPS,
      vectors: { source: 'embedLexical over seeded synthetic support sentences', embeddedTexts: maxSize, perturbedCopies: 0, embedMs: round(embedMs, 1) },
      latencyUnit: 'ms',
      rows,
      totalSeconds: round(totalS, 1),
    },
    null,
    2,
  )}\n`,
);
console.error(`wrote ${OUT}`);
