/**
 * BEIR-format parsing and ranking metrics (nDCG@k, recall@k, MRR@k) for the retrieval bench.
 * Everything here is pure except `readBeirFolder`, which only reads the three files and hands them to the parsers.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface BeirDoc {
  id: string;
  title: string;
  text: string;
}

export interface BeirQuery {
  id: string;
  text: string;
}

/** query id → (corpus id → graded relevance); pairs with relevance ≤ 0 are kept but never count as relevant. */
export type Qrels = Map<string, Map<string, number>>;

export interface BeirSet {
  corpus: BeirDoc[];
  queries: BeirQuery[];
  qrels: Qrels;
}

/** One JSON object per non-blank line; `what` names the file in errors. */
export function parseJsonl(text: string, what = 'jsonl'): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw new Error(`${what} line ${i + 1}: not JSON (${(err as Error).message})`);
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${what} line ${i + 1}: not a JSON object`);
    out.push(value as Record<string, unknown>);
  });
  return out;
}

const idOf = (row: Record<string, unknown>, what: string, i: number): string => {
  const id = row._id;
  if (typeof id === 'string' && id.length > 0) return id;
  if (typeof id === 'number') return String(id);
  throw new Error(`${what} record ${i + 1}: missing _id`);
};

export function parseCorpus(text: string): BeirDoc[] {
  return parseJsonl(text, 'corpus.jsonl').map((row, i) => ({
    id: idOf(row, 'corpus.jsonl', i),
    title: typeof row.title === 'string' ? row.title : '',
    text: typeof row.text === 'string' ? row.text : '',
  }));
}

export function parseQueries(text: string): BeirQuery[] {
  return parseJsonl(text, 'queries.jsonl').map((row, i) => ({
    id: idOf(row, 'queries.jsonl', i),
    text: typeof row.text === 'string' ? row.text : '',
  }));
}

/** `query-id<TAB>corpus-id<TAB>score` rows; a first line whose score is not a number is the header and is skipped. */
export function parseQrels(text: string): Qrels {
  const qrels: Qrels = new Map();
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    const cells = line.split('\t').map((c) => c.trim());
    if (cells.length < 3) {
      // Tolerate space-separated files too.
      cells.splice(0, cells.length, ...line.trim().split(/\s+/));
    }
    const [qid, did, scoreText] = cells;
    const score = Number(scoreText);
    if (!qid || !did || scoreText === undefined || scoreText === '' || !Number.isFinite(score)) {
      if (i === 0) return; // header: query-id corpus-id score
      throw new Error(`qrels line ${i + 1}: expected query-id, corpus-id and a numeric score`);
    }
    let judged = qrels.get(qid);
    if (!judged) qrels.set(qid, (judged = new Map()));
    judged.set(did, score);
  });
  return qrels;
}

export async function readBeirFolder(dir: string, split = 'test'): Promise<BeirSet> {
  const [corpus, queries, qrels] = await Promise.all([
    readFile(join(dir, 'corpus.jsonl'), 'utf8'),
    readFile(join(dir, 'queries.jsonl'), 'utf8'),
    readFile(join(dir, 'qrels', `${split}.tsv`), 'utf8'),
  ]);
  return { corpus: parseCorpus(corpus), queries: parseQueries(queries), qrels: parseQrels(qrels) };
}

/** The ids in first-seen order: a document retrieved through several chunks counts at its best rank only. */
export function firstRanks(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

/** nDCG@k with linear gains (rel / log2(rank + 1)), as pytrec_eval's ndcg_cut used by BEIR. */
export function ndcgAtK(ranked: readonly string[], judged: ReadonlyMap<string, number>, k: number): number {
  const top = firstRanks(ranked).slice(0, k);
  let dcg = 0;
  top.forEach((id, i) => {
    const rel = judged.get(id) ?? 0;
    if (rel > 0) dcg += rel / Math.log2(i + 2);
  });
  const ideal = [...judged.values()].filter((r) => r > 0).sort((a, b) => b - a).slice(0, k);
  const idcg = ideal.reduce((sum, rel, i) => sum + rel / Math.log2(i + 2), 0);
  return idcg > 0 ? dcg / idcg : 0;
}

/** Share of the relevant documents found in the top k. */
export function recallAtK(ranked: readonly string[], judged: ReadonlyMap<string, number>, k: number): number {
  const relevant = [...judged].filter(([, rel]) => rel > 0).map(([id]) => id);
  if (relevant.length === 0) return 0;
  const top = new Set(firstRanks(ranked).slice(0, k));
  return relevant.filter((id) => top.has(id)).length / relevant.length;
}

/** 1 / rank of the first relevant document within the top k, else 0. */
export function mrrAtK(ranked: readonly string[], judged: ReadonlyMap<string, number>, k: number): number {
  const top = firstRanks(ranked).slice(0, k);
  const i = top.findIndex((id) => (judged.get(id) ?? 0) > 0);
  return i < 0 ? 0 : 1 / (i + 1);
}

export interface RetrievalScores {
  queries: number;
  ndcg: number;
  recall: number;
  mrr: number;
}

/**
 * Mean metrics over every query in `qrels` that has at least one relevant document; a query with no run
 * (or an empty one) scores zero rather than being skipped.
 */
export function evaluateRuns(runs: ReadonlyMap<string, readonly string[]>, qrels: Qrels, k: number): RetrievalScores {
  let n = 0;
  let ndcg = 0;
  let recall = 0;
  let mrr = 0;
  for (const [qid, judged] of qrels) {
    if (![...judged.values()].some((rel) => rel > 0)) continue;
    const ranked = runs.get(qid) ?? [];
    n++;
    ndcg += ndcgAtK(ranked, judged, k);
    recall += recallAtK(ranked, judged, k);
    mrr += mrrAtK(ranked, judged, k);
  }
  return n === 0 ? { queries: 0, ndcg: 0, recall: 0, mrr: 0 } : { queries: n, ndcg: ndcg / n, recall: recall / n, mrr: mrr / n };
}

/** Nearest-rank percentile (q in 0..1) of a non-empty sample. */
export function percentile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
