/**
 * Reference-free checks on one live answer: claim support (share of its claims the cited passages
 * support), citation validity (each citation is an exact span of a chunk of a ready document), refusal,
 * and whether personal data reached the reader. Pure functions; src/ops/online-evals.ts feeds them.
 */
import { claimsOf, verifyClaims } from '../rag/verify-claims';

export interface LoggedCitation {
  documentId: string;
  chunkId: string;
  snippet: string;
  start: number;
  end: number;
}

export interface ChunkRecord {
  documentId: string;
  text: string;
  start: number;
  end: number;
  ready: boolean;
}

export interface AnswerScore {
  refused: boolean;
  /** Null for a refusal, which makes no claims. */
  claimSupport: number | null;
  /** Null when nothing is cited. */
  citationValidity: number | null;
  piiLeak: boolean;
}

export function isCitation(x: unknown): x is LoggedCitation {
  const c = x as Partial<LoggedCitation> | null;
  return !!c && typeof c.documentId === 'string' && typeof c.chunkId === 'string' && typeof c.snippet === 'string' && typeof c.start === 'number' && typeof c.end === 'number';
}

/** A citation is valid when it quotes its chunk exactly, at the offsets it claims, in a document still ready. */
export function citationValid(c: LoggedCitation, chunk: ChunkRecord | undefined): boolean {
  if (!chunk || !chunk.ready || chunk.documentId !== c.documentId) return false;
  if (c.start < chunk.start || c.end > chunk.end || c.start >= c.end) return false;
  return chunk.text.slice(c.start - chunk.start, c.end - chunk.start) === c.snippet;
}

export function scoreAnswer(answer: { answer: string; citations: unknown[]; grounded: boolean; piiFindings: number }, chunks: ReadonlyMap<string, ChunkRecord>): AnswerScore {
  const citations = answer.citations.filter(isCitation);
  const citationValidity = citations.length ? citations.filter((c) => citationValid(c, chunks.get(c.chunkId))).length / citations.length : null;
  const piiLeak = answer.piiFindings > 0;
  if (!answer.grounded) return { refused: true, claimSupport: null, citationValidity, piiLeak };
  const claims = claimsOf(answer.answer);
  const supported = verifyClaims(claims, (n) => citations[n - 1]?.snippet);
  return { refused: false, claimSupport: claims.length ? supported.length / claims.length : 0, citationValidity, piiLeak };
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const round = (x: number | null, d = 4) => (x === null ? null : Math.round(x * 10 ** d) / 10 ** d);

export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Daily aggregate of the scored sample, plus latency and cost read from the request records and traces. */
export function aggregate(scores: readonly AnswerScore[], latenciesMs: readonly number[], costsUsd: readonly number[]) {
  return {
    claimSupport: round(mean(scores.flatMap((s) => (s.claimSupport === null ? [] : [s.claimSupport])))),
    citationValidity: round(mean(scores.flatMap((s) => (s.citationValidity === null ? [] : [s.citationValidity])))),
    refusalRate: round(mean(scores.map((s) => (s.refused ? 1 : 0)))),
    piiLeakRate: round(mean(scores.map((s) => (s.piiLeak ? 1 : 0)))),
    latencyP95Ms: round(percentile(latenciesMs, 95), 1),
    costPerAnswerUsd: round(mean(costsUsd), 8),
  };
}
