import { describe, expect, it } from 'vitest';
import { aggregate, citationValid, scoreAnswer, type ChunkRecord } from './online-scoring';

const text = 'Refunds are paid to the original payment method within 5 business days. Store credit is instant.';
const chunk: ChunkRecord = { documentId: 'd1', text, start: 100, end: 100 + text.length, ready: true };
const cite = (snippet: string, offset = text.indexOf(snippet)) => ({ documentId: 'd1', chunkId: 'c1', title: 'Refunds', snippet, start: 100 + offset, end: 100 + offset + snippet.length });
const chunks = new Map([['c1', chunk]]);

describe('online scoring', () => {
  it('should count a citation valid only when it quotes its chunk exactly at its offsets', () => {
    expect(citationValid(cite('Store credit is instant.'), chunk)).toBe(true);
    expect(citationValid(cite('Store credit is instant.', 3), chunk)).toBe(false);
    expect(citationValid({ ...cite('Store credit is instant.'), documentId: 'd2' }, chunk)).toBe(false);
    expect(citationValid(cite('Store credit is instant.'), { ...chunk, ready: false })).toBe(false);
    expect(citationValid(cite('Store credit is instant.'), undefined)).toBe(false);
  });

  it('should score claim support from the cited passages, and skip it for refusals', () => {
    const supported = scoreAnswer({ answer: 'Refunds are paid to the original payment method within 5 business days [1].', citations: [cite('Refunds are paid to the original payment method within 5 business days.')], grounded: true, piiFindings: 0 }, chunks);
    expect(supported).toEqual({ refused: false, claimSupport: 1, citationValidity: 1, piiLeak: false });
    const half = scoreAnswer(
      { answer: 'Refunds are paid to the original payment method within 5 business days [1]. Gift wrapping costs nine dollars [1].', citations: [cite('Refunds are paid to the original payment method within 5 business days.')], grounded: true, piiFindings: 1 },
      chunks,
    );
    expect(half).toEqual({ refused: false, claimSupport: 0.5, citationValidity: 1, piiLeak: true });
    expect(scoreAnswer({ answer: 'Not found in the documents.', citations: [], grounded: false, piiFindings: 0 }, chunks)).toEqual({ refused: true, claimSupport: null, citationValidity: null, piiLeak: false });
  });

  it('should aggregate rates, p95 latency and cost per answer', () => {
    const scores = [
      { refused: false, claimSupport: 1, citationValidity: 1, piiLeak: false },
      { refused: false, claimSupport: 0.5, citationValidity: 0.5, piiLeak: true },
      { refused: true, claimSupport: null, citationValidity: null, piiLeak: false },
      { refused: true, claimSupport: null, citationValidity: null, piiLeak: false },
    ];
    expect(aggregate(scores, [100, 200, 300, 4000], [0.001, 0.003])).toEqual({ claimSupport: 0.75, citationValidity: 0.75, refusalRate: 0.5, piiLeakRate: 0.25, latencyP95Ms: 4000, costPerAnswerUsd: 0.002 });
    expect(aggregate([], [], [])).toEqual({ claimSupport: null, citationValidity: null, refusalRate: null, piiLeakRate: null, latencyP95Ms: null, costPerAnswerUsd: null });
  });
});
