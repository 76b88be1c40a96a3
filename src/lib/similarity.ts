/** Term-overlap scoring shared by the local reranker, the extractive generator and claim verification. */
import { editDistance } from './edit-distance';

/**
 * True when two terms are the same word up to one typo (edit distance ≤ 1, or ≤ 2 for long words), where
 * two swapped neighbouring letters ("vaild") count as one edit.
 */
export function fuzzyEqual(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length < 4 || b.length < 4 || /\d/.test(a) || /\d/.test(b)) return false;
  const max = Math.min(a.length, b.length) >= 8 ? 2 : 1;
  if (Math.abs(a.length - b.length) > max) return false;
  return editDistance(a, b, max) <= max;
}

/** Inverse document frequency of each term over a set of term bags. */
export function idfTable(bags: ReadonlyArray<ReadonlySet<string>>): (term: string) => number {
  const df = new Map<string, number>();
  for (const bag of bags) for (const t of bag) df.set(t, (df.get(t) ?? 0) + 1);
  const n = bags.length;
  // A term no bag contains is the strongest sign the bags are about something else: weigh it up.
  return (t) => {
    const d = df.get(t) ?? 0;
    return Math.log(1 + (n + 1) / (d + 0.5)) * (d === 0 ? 1.5 : 1);
  };
}

/**
 * Share of the query's weight that the candidate covers (0..1). Exact matches count fully,
 * near-misses (typos) count 0.7.
 */
export function weightedCoverage(query: readonly string[], candidate: ReadonlySet<string>, idf: (t: string) => number): number {
  const unique = [...new Set(query)];
  let total = 0;
  let hit = 0;
  for (const q of unique) {
    const w = idf(q);
    total += w;
    if (candidate.has(q)) hit += w;
    else {
      for (const c of candidate) {
        if (fuzzyEqual(q, c)) {
          hit += 0.7 * w;
          break;
        }
      }
    }
  }
  return total === 0 ? 0 : hit / total;
}
