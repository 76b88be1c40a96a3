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

/** Scales row `r` of a row-major matrix to unit length in place (a zero row stays zero). */
export function normaliseRow(matrix: Float32Array, r: number, d: number): void {
  const base = r * d;
  let norm = 0;
  for (let i = 0; i < d; i++) norm += matrix[base + i]! * matrix[base + i]!;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < d; i++) matrix[base + i]! /= norm;
}

/** The indices of a vector's non-zero entries, ascending, and their values. */
function nonZero(v: Float32Array): { dims: Int32Array; weights: Float64Array } {
  let n = 0;
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) n++;
  const dims = new Int32Array(n);
  const weights = new Float64Array(n);
  for (let i = 0, j = 0; i < v.length; i++) {
    if (v[i] === 0) continue;
    dims[j] = i;
    weights[j++] = v[i]!;
  }
  return { dims, weights };
}

export function pack(dimensions: number, rows: { id: string; values: ArrayLike<number> }[]): PackedVectors {
  const matrix = new Float32Array(rows.length * dimensions);
  rows.forEach((row, i) => {
    matrix.set(row.values, i * dimensions);
    normaliseRow(matrix, i, dimensions);
  });
  return { dimensions, ids: rows.map((r) => r.id), matrix };
}

/**
 * The `topK` rows most similar to `query`, best first. `accept` skips rows (metadata filters) before scoring.
 * A bounded min-heap in typed arrays keeps this O(n log k) with no allocation per row. Each dot product runs over
 * the query's non-zero dimensions only: the local embedder's vectors are sparse (17–63 of 512 for a question), and
 * skipping a zero term, in the same order, leaves every score bit-identical.
 */
export function topKCosine(
  packed: PackedVectors,
  query: ArrayLike<number>,
  topK: number,
  accept?: (row: number) => boolean,
): { row: number; score: number }[] {
  const { dims, weights } = nonZero(normalise(query));
  const nnz = dims.length;
  const { dimensions: d, matrix } = packed;
  const k = Math.max(0, Math.floor(topK));
  const heapScores = new Float64Array(k);
  const heapRows = new Int32Array(k);
  let size = 0;
  const rows = matrix.length / d;
  for (let r = 0; r < rows; r++) {
    if (accept && !accept(r)) continue;
    let dot = 0;
    const base = r * d;
    for (let j = 0; j < nnz; j++) dot += matrix[base + dims[j]!]! * weights[j]!;
    if (size < k) {
      // sift up
      let i = size++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (heapScores[p]! <= dot) break;
        heapScores[i] = heapScores[p]!;
        heapRows[i] = heapRows[p]!;
        i = p;
      }
      heapScores[i] = dot;
      heapRows[i] = r;
    } else if (k > 0 && dot > heapScores[0]!) {
      // replace the minimum and sift down
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= size) break;
        const c = l + 1 < size && heapScores[l + 1]! < heapScores[l]! ? l + 1 : l;
        if (heapScores[c]! >= dot) break;
        heapScores[i] = heapScores[c]!;
        heapRows[i] = heapRows[c]!;
        i = c;
      }
      heapScores[i] = dot;
      heapRows[i] = r;
    }
  }
  const out: { row: number; score: number }[] = [];
  for (let i = 0; i < size; i++) out.push({ row: heapRows[i]!, score: heapScores[i]! });
  return out.sort((a, b) => b.score - a.score);
}
