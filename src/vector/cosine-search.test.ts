import { describe, expect, it } from 'vitest';
import { normalise, pack, topKCosine } from './cosine-search';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 0x100000000;
  };
}

function randomVector(rand: () => number, d: number): number[] {
  return Array.from({ length: d }, () => rand() * 2 - 1);
}

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return dot / Math.sqrt(na * nb);
}

describe('normalise', () => {
  it('should scale a vector to unit length', () => {
    expect(Array.from(normalise([3, 4]))).toEqual([Math.fround(0.6), Math.fround(0.8)]);
  });

  it('should leave a zero vector at zero instead of producing NaN', () => {
    expect(Array.from(normalise([0, 0, 0]))).toEqual([0, 0, 0]);
  });
});

describe('pack', () => {
  it('should store ids in order and rows normalised row-major', () => {
    const packed = pack(2, [
      { id: 'a', values: [3, 4] },
      { id: 'b', values: [0, 2] },
    ]);
    expect(packed.dimensions).toBe(2);
    expect(packed.ids).toEqual(['a', 'b']);
    expect(Array.from(packed.matrix)).toEqual([Math.fround(0.6), Math.fround(0.8), 0, 1]);
  });
});

describe('topKCosine', () => {
  const d = 16;
  const rand = rng(7);
  const rows = Array.from({ length: 300 }, (_, i) => ({ id: `v${i}`, values: randomVector(rand, d) }));
  const packed = pack(d, rows);

  /** Naive reference: score every row over the same packed matrix and sort. */
  function naive(query: number[], k: number, accept: (row: number) => boolean = () => true): { row: number; score: number }[] {
    const q = normalise(query);
    const all: { row: number; score: number }[] = [];
    for (let r = 0; r < rows.length; r++) {
      if (!accept(r)) continue;
      let dot = 0;
      for (let i = 0; i < d; i++) dot += packed.matrix[r * d + i]! * q[i]!;
      all.push({ row: r, score: dot });
    }
    return all.sort((a, b) => b.score - a.score).slice(0, k);
  }

  it('should match a naive full sort on random data for several k', () => {
    for (let trial = 0; trial < 20; trial++) {
      const query = randomVector(rand, d);
      for (const k of [1, 5, 17, 300]) {
        expect(topKCosine(packed, query, k)).toEqual(naive(query, k));
      }
    }
  });

  it('should return scores equal to the true cosine, best first', () => {
    const query = randomVector(rand, d);
    const hits = topKCosine(packed, query, 10);
    expect(hits).toHaveLength(10);
    for (const h of hits) expect(h.score).toBeCloseTo(cosine(rows[h.row]!.values, query), 5);
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
  });

  it('should rank an identical vector first with score 1', () => {
    const target = rows[123]!.values;
    const [first] = topKCosine(packed, target.map((x) => x * 5), 3);
    expect(first?.row).toBe(123);
    expect(first?.score).toBeCloseTo(1, 5);
  });

  it('should skip rows the accept filter rejects', () => {
    const even = (r: number) => r % 2 === 0;
    for (let trial = 0; trial < 10; trial++) {
      const query = randomVector(rand, d);
      const hits = topKCosine(packed, query, 8, even);
      expect(hits).toEqual(naive(query, 8, even));
      expect(hits.every((h) => h.row % 2 === 0)).toBe(true);
    }
  });

  it('should return nothing when topK is 0 or no row is accepted', () => {
    const query = randomVector(rand, d);
    expect(topKCosine(packed, query, 0)).toEqual([]);
    expect(topKCosine(packed, query, 5, () => false)).toEqual([]);
  });

  it('should return every row when topK exceeds the row count', () => {
    const small = pack(2, [
      { id: 'x', values: [1, 0] },
      { id: 'y', values: [0, 1] },
      { id: 'z', values: [-1, 0] },
    ]);
    expect(topKCosine(small, [1, 0.5], 10).map((h) => h.row)).toEqual([0, 1, 2]);
  });

  it('should return nothing over an empty matrix', () => {
    expect(topKCosine(pack(4, []), [1, 2, 3, 4], 3)).toEqual([]);
  });

  it('should score a sparse query bit-identically to the full dot product over every dimension', () => {
    const rand = rng(42);
    const d = 64;
    const packed = pack(d, Array.from({ length: 50 }, (_, i) => ({ id: `v${i}`, values: randomVector(rand, d) })));
    const query = Array.from({ length: d }, (_, i) => (i % 9 === 0 ? rand() : 0));
    const q = normalise(query);
    const full = (row: number) => {
      let dot = 0;
      for (let i = 0; i < d; i++) dot += packed.matrix[row * d + i]! * q[i]!;
      return dot;
    };
    for (const hit of topKCosine(packed, query, 50)) expect(hit.score).toBe(full(hit.row));
  });
});
