/**
 * The served order: first-stage evidence and the reranker's score, blended, and the reranker alone only when it is
 * sure. On its own the reranker overrode better first-stage orders: the local one measures term coverage over a
 * few dozen candidates, with no term frequency, no length normalisation and document frequencies from those
 * candidates alone, and it lost to BM25 on every judged set (see the README's retrieval table). It knows something
 * BM25 does not only when a candidate covers every term of the question (typos included) while BM25 ranked
 * candidates that repeat one of them first; then its order stands. Otherwise the first stage's order stands.
 * Weights were tuned on the development sets (bench/cisi, bench/cranfield, `npm run tune:fusion`), never on the
 * acceptance sets.
 */

/**
 * How much the reranker's score weighs against the first stage's whole spread (best candidate 1, worst 0) when it is
 * not sure. Swept from 0 to 2 with `npm run tune:fusion`: on CISI every weight up to 0.25 is within 0.002 of 0, on
 * Cranfield every weight above 0 lost (0.358 → 0.357 at 0.1, 0.352 at 1), so the unsure reranker only breaks ties.
 */
export const RERANK_WEIGHT = 0;

/**
 * A best rerank score at or above this means some candidate covers the whole question: the reranker's order is
 * used as it is. The local reranker scores full coverage at 1 or a little more; a cross-encoder's probabilities
 * stay below it, so in production the reranker is always blended.
 */
export const RERANK_CONFIDENT = 1;

/** Each candidate's final score, higher first: the reranker's own when it is sure, else the blend. */
export function blendScores(firstStage: readonly number[], rerank: readonly number[], weight = RERANK_WEIGHT, confident = RERANK_CONFIDENT): number[] {
  if (firstStage.length === 0) return [];
  if (Math.max(...rerank) >= confident) return firstStage.map((_, i) => rerank[i] ?? 0);
  const lo = Math.min(...firstStage);
  const hi = Math.max(...firstStage);
  const spread = hi - lo;
  return firstStage.map((s, i) => (spread > 0 ? (s - lo) / spread : 1) + weight * (rerank[i] ?? 0));
}
