import { describe, expect, it } from 'vitest';
import { findAmounts, wordsToNumber } from './money-amounts';

const values = (text: string) => findAmounts(text).map((a) => [a.value, a.currency, a.marked]);

describe('findAmounts', () => {
  it.each([
    ['refund $18.50', [[18.5, 'USD', true]]],
    ['refund 18.50 USD', [[18.5, 'USD', true]]],
    ['refund USD 18.50', [[18.5, 'USD', true]]],
    ['refund 18.50 US dollars', [[18.5, 'USD', true]]],
    ['refund 18 dollars 50', [[18.5, 'USD', true]]],
    ['refund 18 dollars and 50 cents', [[18.5, 'USD', true]]],
    ['refund eighteen dollars fifty', [[18.5, 'USD', true]]],
    ['refund $1,250.00', [[1250, 'USD', true]]],
    ['refund 50 cents', [[0.5, 'USD', true]]],
    ['refund €20', [[20, 'other', true]]],
    ['refund 20 euros', [[20, 'other', true]]],
    ['refund 18.50', [[18.5, 'USD', false]]],
    ['$5 or $10', [[5, 'USD', true], [10, 'USD', true]]],
  ])('%s', (text, expected) => {
    expect(values(text)).toEqual(expected);
  });

  it('should not read percentages, counts or plain integers as money', () => {
    expect(findAmounts('a 15% restocking fee on 2 items, 30 days')).toEqual([]);
    expect(values('18 dollars 50%')).toEqual([[18, 'USD', true]]);
  });
});

describe('wordsToNumber', () => {
  it('should read number words', () => {
    expect(wordsToNumber('two hundred and forty-five')).toBe(245);
    expect(wordsToNumber('a thousand')).toBe(1000);
    expect(wordsToNumber('twenty lots')).toBeUndefined();
  });
});
