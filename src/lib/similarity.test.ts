import { describe, expect, it } from 'vitest';
import { fuzzyEqual, idfTable, weightedCoverage } from './similarity';

describe('fuzzyEqual', () => {
  it('should accept identical terms of any length', () => {
    expect(fuzzyEqual('ab', 'ab')).toBe(true);
    expect(fuzzyEqual('30', '30')).toBe(true);
  });

  it('should accept a single substitution, insertion or deletion', () => {
    expect(fuzzyEqual('abcd', 'abce')).toBe(true);
    expect(fuzzyEqual('shipping', 'shiping')).toBe(true);
    expect(fuzzyEqual('refund', 'refunds')).toBe(true);
    expect(fuzzyEqual('colour', 'color')).toBe(true);
  });

  it('should accept two edits only when both words have at least eight characters', () => {
    expect(fuzzyEqual('delivery', 'dleivery')).toBe(true);
    expect(fuzzyEqual('warranty', 'warrenty')).toBe(true);
    expect(fuzzyEqual('refund', 'rafond')).toBe(false);
    expect(fuzzyEqual('abcd', 'acbe')).toBe(false);
  });

  it('should count two swapped neighbouring letters as one edit', () => {
    expect(fuzzyEqual('valid', 'vaild')).toBe(true);
    expect(fuzzyEqual('refund', 'refnud')).toBe(true);
    expect(fuzzyEqual('abcd', 'badc')).toBe(false);
  });

  it('should reject terms with more edits than allowed', () => {
    expect(fuzzyEqual('refund', 'reform')).toBe(false);
    expect(fuzzyEqual('delivery', 'dxlxvxry')).toBe(false);
  });

  it('should reject a length difference above the allowance', () => {
    expect(fuzzyEqual('store', 'stores1')).toBe(false);
    expect(fuzzyEqual('international', 'internation')).toBe(true);
    expect(fuzzyEqual('international', 'internatio')).toBe(false);
  });

  it('should never fuzz short words or words with digits', () => {
    expect(fuzzyEqual('cat', 'bat')).toBe(false);
    expect(fuzzyEqual('order1', 'order2')).toBe(false);
    expect(fuzzyEqual('2026', '2025')).toBe(false);
  });

  it('should be symmetric', () => {
    const pairs: [string, string][] = [
      ['shipping', 'shiping'],
      ['refund', 'reform'],
      ['delivery', 'dleivery'],
      ['store', 'stores'],
    ];
    for (const [a, b] of pairs) expect(fuzzyEqual(a, b)).toBe(fuzzyEqual(b, a));
  });
});

describe('idfTable', () => {
  const idf = idfTable([new Set(['a', 'b']), new Set(['a', 'c']), new Set(['a'])]);

  it('should compute log(1 + (n + 1) / (df + 0.5)) for known terms', () => {
    expect(idf('a')).toBeCloseTo(Math.log(1 + 4 / 3.5), 12);
    expect(idf('b')).toBeCloseTo(Math.log(1 + 4 / 1.5), 12);
    expect(idf('c')).toBe(idf('b'));
  });

  it('should weigh rarer terms more than common ones', () => {
    expect(idf('b')).toBeGreaterThan(idf('a'));
  });

  it('should weigh unseen terms up by 1.5', () => {
    expect(idf('zzz')).toBeCloseTo(Math.log(1 + 4 / 0.5) * 1.5, 12);
    expect(idf('zzz')).toBeGreaterThan(idf('b'));
  });

  it('should give a positive weight over an empty collection', () => {
    expect(idfTable([])('x')).toBeCloseTo(Math.log(1 + 1 / 0.5) * 1.5, 12);
  });
});

describe('weightedCoverage', () => {
  const one = () => 1;

  it('should be 1 when the candidate holds every query term and 0 when it holds none', () => {
    expect(weightedCoverage(['refund', 'policy'], new Set(['refund', 'policy', 'store']), one)).toBe(1);
    expect(weightedCoverage(['refund', 'policy'], new Set(['denver']), one)).toBe(0);
  });

  it('should be 0 for an empty query', () => {
    expect(weightedCoverage([], new Set(['a']), one)).toBe(0);
  });

  it('should weight terms by idf', () => {
    const idf = (t: string) => (t === 'rare' ? 3 : 1);
    expect(weightedCoverage(['rare', 'common'], new Set(['rare']), idf)).toBeCloseTo(0.75, 12);
    expect(weightedCoverage(['rare', 'common'], new Set(['common']), idf)).toBeCloseTo(0.25, 12);
  });

  it('should count a typo match at 0.7', () => {
    expect(weightedCoverage(['shipping'], new Set(['shiping']), one)).toBeCloseTo(0.7, 12);
    expect(weightedCoverage(['shipping', 'refund'], new Set(['shiping', 'refund']), one)).toBeCloseTo(0.85, 12);
  });

  it('should count repeated query terms once', () => {
    expect(weightedCoverage(['x', 'x', 'y'], new Set(['x']), one)).toBe(0.5);
  });

  it('should match the computed idf over real bags', () => {
    const idf = idfTable([new Set(['a', 'b']), new Set(['a', 'c']), new Set(['a'])]);
    const expected = idf('a') / (idf('a') + idf('b'));
    expect(weightedCoverage(['a', 'b'], new Set(['a']), idf)).toBeCloseTo(expected, 12);
  });
});
