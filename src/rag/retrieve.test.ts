import { describe, expect, it } from 'vitest';
import { fuseRankings } from './retrieve';

describe('fuseRankings', () => {
  it('should sum 1 / (k + rank) over lists, best first', () => {
    const fused = fuseRankings([
      ['a', 'b', 'c'],
      ['c', 'a'],
    ]);
    expect(fused.map((f) => f.id)).toEqual(['a', 'c', 'b']);
    expect(fused[0]!.score).toBeCloseTo(1 / 61 + 1 / 62, 12);
    expect(fused[1]!.score).toBeCloseTo(1 / 63 + 1 / 61, 12);
    expect(fused[2]!.score).toBeCloseTo(1 / 62, 12);
  });

  it('should rank an id found by both lists above one ranked first by only one', () => {
    const fused = fuseRankings([
      ['x', 'shared'],
      ['y', 'shared'],
    ]);
    expect(fused[0]!.id).toBe('shared');
  });

  it('should honour a custom k', () => {
    const fused = fuseRankings([['a', 'b']], 0);
    expect(fused).toEqual([
      { id: 'a', score: 1 },
      { id: 'b', score: 0.5 },
    ]);
  });

  it('should let a heavier list win a rank-for-rank tie', () => {
    const fused = fuseRankings(
      [
        ['kw', 'both'],
        ['vec', 'both'],
      ],
      60,
      [1, 0.5],
    );
    expect(fused.map((f) => f.id)).toEqual(['both', 'kw', 'vec']);
    expect(fused[1]!.score).toBeCloseTo(1 / 61, 12);
    expect(fused[2]!.score).toBeCloseTo(0.5 / 61, 12);
  });

  it('should return nothing for no lists or empty lists', () => {
    expect(fuseRankings([])).toEqual([]);
    expect(fuseRankings([[], []])).toEqual([]);
  });

  it('should keep a single list in its order', () => {
    expect(fuseRankings([['c', 'a', 'b']]).map((f) => f.id)).toEqual(['c', 'a', 'b']);
  });
});
