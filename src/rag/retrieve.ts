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
 * fused, or fused and reranked (what every answer uses).
 */
export const RETRIEVAL_STAGES = ['keyword', 'vector', 'fused', 'reranked'] as const;
export type RetrievalStages = (typeof RETRIEVAL_STAGES)[number];

export interface RetrieveOptions {
  topK: number;
  /** How many fused candidates go to the reranker. */
  candidates?: number;
  /** Default `reranked`. */
  stages?: RetrievalStages;
}

export interface RetrieveDeps {
  db: Db;
  vectors: VectorIndex;
  gateway: ModelGateway;
}

const RRF_K = 60;
/**
 * BM25 leads the fusion: the local embedder hashes the same words BM25 matches (plus character trigrams for typos),
 * so at equal weight its weaker ranking pulled fused results below BM25 alone (see the README's ablation).
 */
const KEYWORD_WEIGHT = 1;
const VECTOR_WEIGHT = 0.5;

/** Reciprocal rank fusion: each list contributes weight / (k + rank) for every id it ranks (weights default to 1). */
export function fuseRankings(lists: readonly (readonly string[])[], k = RRF_K, weights: readonly number[] = []): { id: string; score: number }[] {
  const scores = new Map<string, number>();
  lists.forEach((list, i) => {
    const w = weights[i] ?? 1;
    list.forEach((id, rank) => scores.set(id, (scores.get(id) ?? 0) + w / (k + rank + 1)));
  });
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}

export async function retrieve(deps: RetrieveDeps, reader: Identity, rawQuery: string, options: RetrieveOptions): Promise<RetrievedChunk[]> {
  // A redacted question must retrieve what its clean twin retrieves: no placeholder or its label is a search term.
  const query = withoutRedactions(rawQuery);
  if (options.topK <= 0 || query.trim().length === 0) return [];
  const stages = options.stages ?? 'reranked';
  const candidates = Math.max(options.candidates ?? 20, options.topK);
  const useVector = stages !== 'keyword';
  const useKeyword = stages !== 'vector';
  const [vectorRanking, keywordRanking] = await Promise.all([
    useVector ? vectorSearch(deps, reader, query, candidates * 2) : [],
    useKeyword ? timed('keyword-query', () => keywordSearch(deps.db, keywordWords(query), readerScope(reader), candidates * 2)).then((hits) => hits.map((h) => h.chunkId)) : [],
  ]);
  const fused = await timed('fusion', () => fuseRankings([keywordRanking, vectorRanking], RRF_K, [KEYWORD_WEIGHT, VECTOR_WEIGHT]).slice(0, candidates));

  const rows = await timed('hydrate', () => chunksWithDocuments(deps.db, fused.map((f) => f.id)));
  const byId = new Map(rows.filter((r) => r.status === 'ready' && canRead(reader, r.groups)).map((r) => [r.chunk.id, r]));
  const hydrated = fused.flatMap((f) => {
    const row = byId.get(f.id);
    return row ? [{ row, fused: f.score }] : [];
  });
  if (hydrated.length === 0) return [];

  const scored =
    stages === 'reranked'
      ? await rerankScores(deps, query, hydrated)
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

async function rerankScores(deps: RetrieveDeps, query: string, hydrated: Hydrated[]): Promise<{ h: Hydrated; score: number }[]> {
  const rerank = await deps.gateway.rerank(
    query,
    hydrated.map((h) => [h.row.title, h.row.chunk.heading, h.row.chunk.text].filter(Boolean).join('\n')),
  );
  return hydrated.map((h, i) => ({ h, score: rerank[i] ?? 0 }));
}
