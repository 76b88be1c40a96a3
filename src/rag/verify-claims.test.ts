import { describe, expect, it } from 'vitest';
import { claimsOf, MIN_SUPPORT, support, verifyClaims, type Claim } from './verify-claims';

const bare = (claims: Claim[]) => claims.map(({ text, sources }) => ({ text, sources }));

describe('claimsOf', () => {
  it('should split claims with markers before the full stop', () => {
    expect(claimsOf('Refunds take 5 days [1]. Shipping is free [2].')).toEqual([
      { text: 'Refunds take 5 days.', sources: [1] },
      { text: 'Shipping is free.', sources: [2] },
    ]);
  });

  it('should split claims with markers after the full stop', () => {
    expect(claimsOf('Refunds take 5 days. [1] Shipping is free. [2]')).toEqual([
      { text: 'Refunds take 5 days.', sources: [1] },
      { text: 'Shipping is free.', sources: [2] },
    ]);
  });

  it('should collect multiple markers and drop duplicates', () => {
    expect(claimsOf('Refunds take 5 days [1][2].')).toEqual([{ text: 'Refunds take 5 days.', sources: [1, 2] }]);
    expect(claimsOf('Refunds take 5 days [3] [1] [3].')).toEqual([{ text: 'Refunds take 5 days.', sources: [3, 1] }]);
  });

  it('should read multi-digit markers and keep ! and ? terminators', () => {
    expect(claimsOf('Claim one [12]! Claim two [3]?')).toEqual([
      { text: 'Claim one!', sources: [12] },
      { text: 'Claim two?', sources: [3] },
    ]);
  });

  it('should give text without markers no sources', () => {
    expect(claimsOf('No markers here.')).toEqual([{ text: 'No markers here.', sources: [] }]);
  });

  it('should keep trailing text after the last marker as an unsourced claim', () => {
    expect(claimsOf('Refunds take 5 days [1]. And something else')).toEqual([
      { text: 'Refunds take 5 days.', sources: [1] },
      { text: 'And something else', sources: [] },
    ]);
  });

  it('should return no claims for empty or blank text', () => {
    expect(claimsOf('')).toEqual([]);
    expect(claimsOf('   ')).toEqual([]);
  });
});

describe('support', () => {
  it('should be the share of claim terms found in the source, typos included', () => {
    expect(support('Refunds take five business days', 'Refunds are processed within five business days.')).toBeCloseTo(0.8, 12);
    expect(support('Refunds are processed', 'Refunds are procesed.')).toBe(1);
  });

  it('should be 0 for a claim without content terms', () => {
    expect(support('It is what it is.', 'It is what it is.')).toBe(0);
  });
});

describe('verifyClaims', () => {
  const sources: Record<number, string> = {
    1: 'Refunds are processed within 5 business days of receiving the return.',
    2: 'Standard shipping is free on orders over $50.',
  };
  const lookup = (n: number) => sources[n];

  it('should keep supported claims and drop unsupported ones', () => {
    const claims = claimsOf('Refunds are processed within 5 business days [1]. The moon is made of cheese [1]. Shipping is free on orders over $50 [2].');
    expect(bare(verifyClaims(claims, lookup))).toEqual([
      { text: 'Refunds are processed within 5 business days.', sources: [1] },
      { text: 'Shipping is free on orders over $50.', sources: [2] },
    ]);
  });

  it('should drop claims citing an unknown source, even alongside a known one', () => {
    const claims = claimsOf('Refunds are processed within 5 business days [7]. Refunds are processed within 5 business days [1][7].');
    expect(verifyClaims(claims, lookup)).toEqual([]);
  });

  it('should drop claims without sources', () => {
    expect(verifyClaims([{ text: 'Refunds are processed within 5 business days.', sources: [] }], lookup)).toEqual([]);
  });

  it('should drop a claim supported only by a different source than the one cited', () => {
    expect(verifyClaims(claimsOf('Shipping is free on orders over $50 [1].'), lookup)).toEqual([]);
  });

  it('should check support against all cited sources together', () => {
    const claims = claimsOf('Refunds are processed within 5 business days and shipping is free on orders over $50 [1][2].');
    expect(verifyClaims(claims, lookup)).toHaveLength(1);
    expect(verifyClaims(claimsOf('Refunds are processed within 5 business days and shipping is free on orders over $50 [2].'), lookup)).toEqual([]);
  });

  it('should use a threshold of 0.6', () => {
    expect(MIN_SUPPORT).toBe(0.6);
  });
});

describe('verifyClaims on meaning', () => {
  const policy =
    'Customers may request a refund for most items within 30 calendar days of the delivery date. ' +
    'Original shipping charges are not refunded unless the return is caused by a Northwind error. ' +
    'Team leads (L2) may approve refunds up to $500 per order.';
  const lookup = (n: number) => (n === 1 ? policy : undefined);
  const kept = (claim: string) => verifyClaims([{ text: claim, sources: [1] }], lookup).length === 1;

  it('should keep a faithful claim and cite the sentence that supported it', () => {
    const [claim] = verifyClaims([{ text: 'Customers may request a refund within 30 calendar days of the delivery date.', sources: [1] }], lookup);
    expect(claim?.evidence).toEqual([{ source: 1, start: 0, end: policy.indexOf(' Original'), text: policy.slice(0, policy.indexOf(' Original')) }]);
  });

  it('should reject a negated claim even when every word occurs in the source', () => {
    expect(kept('Customers may not request a refund within 30 calendar days of the delivery date.')).toBe(false);
    expect(kept('Original shipping charges are refunded unless the return is caused by a Northwind error.')).toBe(false);
  });

  it('should reject a changed number, unit or amount', () => {
    expect(kept('Customers may request a refund within 60 calendar days of the delivery date.')).toBe(false);
    expect(kept('Customers may request a refund within 30 calendar weeks of the delivery date.')).toBe(false);
    expect(kept('Team leads (L2) may approve refunds up to $5000 per order.')).toBe(false);
  });

  it('should reject a swapped entity or a swapped role', () => {
    expect(kept('Team leads (L3) may approve refunds up to $500 per order.')).toBe(false);
    expect(kept('Customers may request a refund for most items within 30 calendar days of the delivery date.')).toBe(true);
  });

  it('should read number words and hyphenated units as the quantities they are', () => {
    const source = (n: number) => (n === 1 ? 'Refunds are issued within five business days; a 30-day window applies.' : undefined);
    expect(verifyClaims([{ text: 'Refunds are issued within 5 business days.', sources: [1] }], source)).toHaveLength(1);
    expect(verifyClaims([{ text: 'A 30 day window applies.', sources: [1] }], source)).toHaveLength(1);
    expect(verifyClaims([{ text: 'A 60-day window applies.', sources: [1] }], source)).toHaveLength(0);
  });
});
