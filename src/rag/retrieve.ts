/**
 * Hybrid retrieval: vector search and BM25 keyword search, fused by reciprocal rank, hydrated from D1 with the
 * reader's access re-checked, then reranked through the gateway. Only chunks the reader may read come back.
 */
import type { ModelGateway } from '../ai/gateway';
import type { Identity } from '../auth/identity';
import type { Db } from '../db/client';
import { chunksWithDocuments } from '../db/documents';
import { keywordSearch } from '../db/keyword-search';
import { keywordWords, withoutRedactions } from '../lib/terms';
import { timed } from '../ops/stage-timing';
import type { VectorIndex } from '../vector/vector-index';
import { canRead, chunkIdOfVector, readerScope, vectorFilter } from './access';
import type { QuerySpeller } from './query-spelling';
import { blendScores } from './rerank-blend';

export interface RetrievedChunk {
  chunkId: string;
  documentId: string;
  title: string;
  source: string | null;
  heading: string | null;
  text: string;
  start: number;
  end: number;
  score: number;
}

/**
 * Which stages run, for the retrieval ablation (`npm run bench:retrieval`): one first-stage retriever alone, both
 * fused, fused and put in the reranker's order, or fused and blended with the reranker (what search serves).
 * The local extractive answerer takes its passages in the reranker's order: its coverage threshold and rank
 * penalty were fitted to contexts the coverage reranker chose (see the README's retrieval section).
 */
export const RETRIEVAL_STAGES = ['keyword', 'vector', 'fused', 'reranked', 'blended'] as const;
export type RetrievalStages = (typeof RETRIEVAL_STAGES)[number];

export interface RetrieveOptions {
  topK: number;
  /** How many fused candidates go to the reranker. */
  candidates?: number;
  /** Default `blended`. */
  stages?: RetrievalStages;
}

export interface RetrieveDeps {
  db: Db;
  vectors: VectorIndex;
  gateway: ModelGateway;
  /** Corrects misspelled query words against the corpus vocabulary; without one the query is searched as typed. */
  spelling?: QuerySpeller;
}

/**
 * Two fusions of the same two lists. The pool the reranker orders for the local answerer is cut generously: the
 * usual flat k = 60, the vector list at half weight, so its typo matches get in (the answerer was fitted to it).
 * The served order trusts the stronger retriever: k = 10 keeps more of the lead a list's top ranks earned, and the
 * vector list counts a quarter, since the local embedder hashes the same words BM25 matches and ranks them worse.
 * Chosen with `npm run tune:fusion` on CISI, Cranfield, NPL and the fixture (never SciFact or SQuAD): at k = 60 or
 * vector weight 0.5 the fused order fell below BM25 alone on Cranfield or NPL (0.405–0.427 vs 0.436 on NPL); at
 * k = 10 and 0.25 it is at or above BM25 on all four.
 */
const RERANK_POOL = { k: 60, weights: [1, 0.5] } as const;
const SERVED = { k: 10, weights: [1, 0.25] } as const;

/** Reciprocal rank fusion: each list contributes weight / (k + rank) for every id it ranks (weights default to 1). */
export function fuseRankings(lists: readonly (readonly string[])[], k: number = RERANK_POOL.k, weights: readonly number[] = []): { id: string; score: number }[] {
  const scores = new Map<string, number>();
  lists.forEach((list, i) => {
    const w = weights[i] ?? 1;
    list.forEach((id, rank) => scores.set(id, (scores.get(id) ?? 0) + w / (k + rank + 1)));
  });
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}

export async function retrieve(deps: RetrieveDeps, reader: Identity, rawQuery: string, options: RetrieveOptions): Promise<RetrievedChunk[]> {
  // A redacted question must retrieve what its clean twin retrieves: no placeholder or its label is a search term.
  const unredacted = withoutRedactions(rawQuery);
  if (options.topK <= 0 || unredacted.trim().length === 0) return [];
  // Keyword search, the embedding and the reranker all read the corrected query; the caller never sees it.
  const query = deps.spelling ? await deps.spelling.correct(unredacted, reader) : unredacted;
  const stages = options.stages ?? 'blended';
  const candidates = Math.max(options.candidates ?? 20, options.topK);
  const useVector = stages !== 'keyword';
  const useKeyword = stages !== 'vector';
  const [vectorRanking, keywordRanking] = await Promise.all([
    useVector ? vectorSearch(deps, reader, query, candidates * 2) : [],
    useKeyword ? timed('keyword-query', () => keywordSearch(deps.db, keywordWords(query), readerScope(reader), candidates * 2)).then((hits) => hits.map((h) => h.chunkId)) : [],
  ]);
  const fusion = stages === 'reranked' ? RERANK_POOL : SERVED;
  const fused = await timed('fusion', () => fuseRankings([keywordRanking, vectorRanking], fusion.k, fusion.weights).slice(0, candidates));

  const rows = await timed('hydrate', () => chunksWithDocuments(deps.db, fused.map((f) => f.id)));
  const byId = new Map(rows.filter((r) => r.status === 'ready' && canRead(reader, r.groups)).map((r) => [r.chunk.id, r]));
  const hydrated = fused.flatMap((f) => {
    const row = byId.get(f.id);
    return row ? [{ row, fused: f.score }] : [];
  });
  if (hydrated.length === 0) return [];

  const scored =
    stages === 'reranked' || stages === 'blended'
      ? await rerankScores(deps, query, hydrated, stages === 'blended')
      : hydrated.map((h) => ({ h, score: h.fused }));
  return scored
    .sort((a, b) => b.score - a.score || b.h.fused - a.h.fused)
    .slice(0, options.topK)
    .map(({ h, score }) => ({
      chunkId: h.row.chunk.id,
      documentId: h.row.chunk.documentId,
      title: h.row.title,
      source: h.row.source,
      heading: h.row.chunk.heading,
      text: h.row.chunk.text,
      start: h.row.chunk.start,
      end: h.row.chunk.end,
      score,
    }));
}

async function vectorSearch(deps: RetrieveDeps, reader: Identity, query: string, topK: number): Promise<string[]> {
  const [embedding] = await deps.gateway.embed([query]);
  const hits = await timed('vector-query', () => deps.vectors.query(embedding!, { topK, returnMetadata: false, filter: vectorFilter(reader) }));
  return [...new Set(hits.map((h) => chunkIdOfVector(h.id)))];
}

type Hydrated = { row: Awaited<ReturnType<typeof chunksWithDocuments>>[number]; fused: number };

async function rerankScores(deps: RetrieveDeps, query: string, hydrated: Hydrated[], blend: boolean): Promise<{ h: Hydrated; score: number }[]> {
  const rerank = await deps.gateway.rerank(
    query,
    hydrated.map((h) => [h.row.title, h.row.chunk.heading, h.row.chunk.text].filter(Boolean).join('\n')),
  );
  if (!blend) return hydrated.map((h, i) => ({ h, score: rerank[i] ?? 0 }));
  const blended = blendScores(
    hydrated.map((h) => h.fused),
    rerank,
  );
  return hydrated.map((h, i) => ({ h, score: blended[i]! }));
}
