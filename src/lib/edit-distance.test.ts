import { describe, expect, it } from 'vitest';
import { editDistance } from './edit-distance';

describe('editDistance', () => {
  it('should count an insertion, a deletion, a substitution and a swap of neighbours as one edit each', () => {
    expect(editDistance('shipe', 'ship', 2)).toBe(1);
    expect(editDistance('ship', 'shipe', 2)).toBe(1);
    expect(editDistance('shop', 'ship', 2)).toBe(1);
    expect(editDistance('reciev', 'receiv', 2)).toBe(1);
    expect(editDistance('overnit', 'overnight', 2)).toBe(2);
    expect(editDistance('same', 'same', 2)).toBe(0);
  });

  it('should give up past the limit', () => {
    expect(editDistance('refund', 'shipping', 2)).toBe(3);
    expect(editDistance('abcdef', 'badcfe', 1)).toBe(2);
  });
});
