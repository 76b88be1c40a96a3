import { describe, expect, it } from 'vitest';
import { blendScores } from './rerank-blend';

describe('blendScores', () => {
  it('should keep the first-stage order when the reranker cannot tell the candidates apart', () => {
    const out = blendScores([0.03, 0.02, 0.01], [0.8, 0.8, 0.8], 0.5);
    expect(out[0]!).toBeGreaterThan(out[1]!);
    expect(out[1]!).toBeGreaterThan(out[2]!);
  });

  it('should scale the first stage to 0..1 over the candidates and add the weighted rerank score', () => {
    expect(blendScores([4, 2, 0], [0, 0.5, 0.9], 0.5)).toEqual([1, 0.75, 0.45]);
  });

  it('should let a clearly better rerank score lift a close runner-up, but not the last candidate past the first', () => {
    const out = blendScores([0.03, 0.029, 0.01], [0.3, 0.9, 0.9], 0.5);
    expect(out[1]!).toBeGreaterThan(out[0]!);
    expect(out[2]!).toBeLessThan(out[0]!);
  });

  it("should use the reranker's own order when a candidate covers the whole question", () => {
    expect(blendScores([0.03, 0.02, 0.01], [0.4, 0.6, 1.05], 0.1, 1)).toEqual([0.4, 0.6, 1.05]);
    const unsure = blendScores([0.03, 0.02, 0.01], [0.4, 0.6, 0.95], 0.1, 1);
    expect(unsure[0]!).toBeGreaterThan(unsure[2]!);
  });

  it('should give equal first-stage scores full weight and leave the order to the reranker', () => {
    expect(blendScores([1, 1], [0.2, 0.6], 1)).toEqual([1.2, 1.6]);
  });

  it('should return nothing for no candidates', () => {
    expect(blendScores([], [])).toEqual([]);
  });
});
