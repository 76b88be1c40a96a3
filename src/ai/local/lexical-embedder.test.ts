import { describe, expect, it } from 'vitest';
import { embedLexical } from './lexical-embedder';

const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);
const norm = (a: readonly number[]) => Math.sqrt(dot(a, a));

describe('embedLexical', () => {
  it('should return the requested number of dimensions', () => {
    expect(embedLexical('Refunds take five days.', 384)).toHaveLength(384);
    expect(embedLexical('Refunds take five days.', 8)).toHaveLength(8);
  });

  it('should be deterministic', () => {
    const text = 'Where is the Denver store?';
    expect(embedLexical(text, 256)).toEqual(embedLexical(text, 256));
  });

  it('should return unit-norm vectors', () => {
    for (const text of ['Refunds take five days.', 'x', 'Denver Denver Denver store hours', 'Café crème 30-day $14.95']) {
      expect(norm(embedLexical(text, 384))).toBeCloseTo(1, 6);
    }
  });

  it('should return a zero vector for text without content terms', () => {
    expect(embedLexical('', 16)).toEqual(new Array(16).fill(0));
    expect(embedLexical('the and of it', 16)).toEqual(new Array(16).fill(0));
  });

  it('should ignore case, stopwords and inflection', () => {
    expect(embedLexical('REFUNDS for the ORDER', 128)).toEqual(embedLexical('refund order', 128));
  });

  it('should place a paraphrase with a typo closer than an unrelated sentence', () => {
    const base = embedLexical('How long do refunds take to process?', 384);
    const paraphrase = embedLexical('How long does a refund take to proces?', 384);
    const unrelated = embedLexical('Our Denver store opens at nine in the morning.', 384);
    const near = dot(base, paraphrase);
    const far = dot(base, unrelated);
    expect(near).toBeGreaterThan(0.5);
    expect(far).toBeLessThan(0.2);
    expect(near).toBeGreaterThan(far);
  });

  it('should score a typo of a word above a different word', () => {
    const word = embedLexical('shipping', 384);
    expect(dot(word, embedLexical('shiping', 384))).toBeGreaterThan(dot(word, embedLexical('warranty', 384)));
  });

  it('should be sensitive to word order through bigrams', () => {
    const a = embedLexical('store credit refund', 384);
    const b = embedLexical('refund credit store', 384);
    expect(dot(a, b)).toBeLessThan(0.999);
    expect(dot(a, b)).toBeGreaterThan(0.5);
  });
});
