/** Exact cosine top-k over a packed Float32Array matrix: the local index's search core, free of storage. */

export interface PackedVectors {
  dimensions: number;
  ids: string[];
  /** Row-major, rows L2-normalised at pack time so a dot product is the cosine. */
  matrix: Float32Array;
}

export function normalise(values: ArrayLike<number>): Float32Array {
  const out = new Float32Array(values.length);
  let norm = 0;
  for (let i = 0; i < values.length; i++) norm += values[i]! * values[i]!;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < values.length; i++) out[i] = values[i]! / norm;
  return out;
}

export function pack(dimensions: number, rows: { id: string; values: ArrayLike<number> }[]): PackedVectors {
  const matrix = new Float32Array(rows.length * dimensions);
  rows.forEach((row, i) => matrix.set(normalise(row.values), i * dimensions));
  return { dimensions, ids: rows.map((r) => r.id), matrix };
}

/**
 * The `topK` rows most similar to `query`, best first. `accept` skips rows (metadata filters) before scoring.
 * A bounded min-heap keeps this O(n log k) instead of sorting every score.
 */
export function topKCosine(
  packed: PackedVectors,
  query: ArrayLike<number>,
  topK: number,
  accept: (row: number) => boolean = () => true,
): { row: number; score: number }[] {
  const q = normalise(query);
  const { dimensions: d, matrix } = packed;
  const heap: { row: number; score: number }[] = [];
  const rows = matrix.length / d;
  for (let r = 0; r < rows; r++) {
    if (!accept(r)) continue;
    let dot = 0;
    const base = r * d;
    for (let i = 0; i < d; i++) dot += matrix[base + i]! * q[i]!;
    if (heap.length < topK) {
      heap.push({ row: r, score: dot });
      siftUp(heap, heap.length - 1);
    } else if (topK > 0 && dot > heap[0]!.score) {
      heap[0] = { row: r, score: dot };
      siftDown(heap, 0);
    }
  }
  return heap.sort((a, b) => b.score - a.score);
}

function siftUp(h: { score: number }[], i: number): void {
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (h[p]!.score <= h[i]!.score) return;
    [h[p], h[i]] = [h[i]!, h[p]!];
    i = p;
  }
}

function siftDown(h: { score: number }[], i: number): void {
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < h.length && h[l]!.score < h[m]!.score) m = l;
    if (r < h.length && h[r]!.score < h[m]!.score) m = r;
    if (m === i) return;
    [h[m], h[i]] = [h[i]!, h[m]!];
    i = m;
  }
}
