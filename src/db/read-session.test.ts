import { describe, expect, it } from 'vitest';
import { parseBookmark } from './read-session';

describe('parseBookmark', () => {
  it('should accept a D1 bookmark', () => {
    expect(parseBookmark('0000007b-00000001-00004e0c-9dcdfd8d3a7c1f0e')).toBe('0000007b-00000001-00004e0c-9dcdfd8d3a7c1f0e');
  });

  it('should ignore anything that is not one', () => {
    expect(parseBookmark(undefined)).toBeNull();
    expect(parseBookmark('')).toBeNull();
    expect(parseBookmark('first-primary')).toBeNull();
    expect(parseBookmark('abc; drop table users')).toBeNull();
    expect(parseBookmark('a'.repeat(300))).toBeNull();
  });
});
