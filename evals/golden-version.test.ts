import { describe, expect, it } from 'vitest';
import { goldenSetVersion } from './golden-version';

describe('goldenSetVersion', () => {
  it('should be the newest case version, compared as numbers', () => {
    expect(goldenSetVersion(['1.0', '1.1', '1.0'])).toBe('1.1');
    expect(goldenSetVersion(['1.9', '1.10'])).toBe('1.10');
    expect(goldenSetVersion(['2.0', '1.12'])).toBe('2.0');
  });
});
