/** Exact cosine top-k over a packed Float32Array matrix: the local index's search core, free of storage. */

export interface PackedVectors {
  dimensions: number;
  ids: string[];
  /**
   * Column-major (`columns[dim * rows + row]`), rows L2-normalised at pack time so a dot product is the cosine.
   * A sparse query then reads one contiguous column per non-zero dimension instead of a scattered value per row.
   */
  columns: Float32Array;
}

// Rows normalised and transposed per block, so the scatter into columns stays within a cache-sized buffer.
const PACK_BLOCK_ROWS = 64;

/**
 * Packs `rows` vectors column-major: `fill(from, count, block)` writes rows `from … from + count - 1` row-major into
 * `block`; each is normalised and transposed into place, so no second full-size matrix is ever held.
 */
export function packColumns(dimensions: number, rows: number, fill: (from: number, count: number, block: Float32Array) => void): Float32Array {
  const columns = new Float32Array(rows * dimensions);
  const block = new Float32Array(PACK_BLOCK_ROWS * dimensions);
  for (let from = 0; from < rows; from += PACK_BLOCK_ROWS) {
    const count = Math.min(PACK_BLOCK_ROWS, rows - from);
    block.fill(0);
    fill(from, count, block);
    for (let b = 0; b < count; b++) normaliseRow(block, b, dimensions);
    for (let j = 0; j < dimensions; j++) {
      const col = j * rows + from;
      for (let b = 0; b < count; b++) columns[col + b] = block[b * dimensions + j]!;
    }
  }
  return columns;
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
  const columns = packColumns(dimensions, rows.length, (from, count, block) => {
    for (let b = 0; b < count; b++) block.set(rows[from + b]!.values, b * dimensions);
  });
  return { dimensions, ids: rows.map((r) => r.id), columns };
}

/**
 * The `topK` rows most similar to `query`, best first. `accept` skips rows (metadata filters) before scoring.
 * A bounded min-heap in typed arrays keeps this O(n log k) with no allocation per row. Dot products run over the
 * query's non-zero dimensions only, a contiguous column each: the local embedder's vectors are sparse (17–63 of 512
 * for a question), and every row still adds its terms in ascending dimension order, so scores are bit-identical to
 * the full row-by-row dot product.
 */
export function topKCosine(
  packed: PackedVectors,
  query: ArrayLike<number>,
  topK: number,
  accept?: (row: number) => boolean,
): { row: number; score: number }[] {
  const { dims, weights } = nonZero(normalise(query));
  const { dimensions: d, columns } = packed;
  const rows = d > 0 ? columns.length / d : 0;
  const dots = new Float64Array(rows);
  for (let j = 0; j < dims.length; j++) {
    const col = dims[j]! * rows;
    const w = weights[j]!;
    for (let r = 0; r < rows; r++) dots[r] = dots[r]! + columns[col + r]! * w;
  }
  const k = Math.max(0, Math.floor(topK));
  const heapScores = new Float64Array(k);
  const heapRows = new Int32Array(k);
  let size = 0;
  for (let r = 0; r < rows; r++) {
    if (accept && !accept(r)) continue;
    const dot = dots[r]!;
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
