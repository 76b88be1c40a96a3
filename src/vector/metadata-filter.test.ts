import { describe, expect, it } from 'vitest';
import { matchesFilter } from './metadata-filter';
import type { Metadata } from './vector-index';

const meta: Metadata = { group: 'staff', version: 2, public: false };

describe('matchesFilter', () => {
  it('should accept everything without a filter', () => {
    expect(matchesFilter(meta, undefined)).toBe(true);
    expect(matchesFilter(undefined, undefined)).toBe(true);
    expect(matchesFilter(meta, {})).toBe(true);
  });

  it('should compare plain values by strict equality', () => {
    expect(matchesFilter(meta, { group: 'staff' })).toBe(true);
    expect(matchesFilter(meta, { group: 'admins' })).toBe(false);
    expect(matchesFilter(meta, { version: 2 })).toBe(true);
    expect(matchesFilter(meta, { version: '2' })).toBe(false);
    expect(matchesFilter(meta, { public: false })).toBe(true);
  });

  it('should support $eq and $ne', () => {
    expect(matchesFilter(meta, { group: { $eq: 'staff' } })).toBe(true);
    expect(matchesFilter(meta, { group: { $eq: 'admins' } })).toBe(false);
    expect(matchesFilter(meta, { group: { $ne: 'admins' } })).toBe(true);
    expect(matchesFilter(meta, { group: { $ne: 'staff' } })).toBe(false);
  });

  it('should support $in and $nin', () => {
    expect(matchesFilter(meta, { group: { $in: ['support', 'staff'] } })).toBe(true);
    expect(matchesFilter(meta, { group: { $in: ['support'] } })).toBe(false);
    expect(matchesFilter(meta, { group: { $in: [] } })).toBe(false);
    expect(matchesFilter(meta, { group: { $nin: ['support'] } })).toBe(true);
    expect(matchesFilter(meta, { group: { $nin: ['support', 'staff'] } })).toBe(false);
    expect(matchesFilter(meta, { version: { $in: [1, 2, 3] } })).toBe(true);
  });

  it('should require every field and every operator to match', () => {
    expect(matchesFilter(meta, { group: 'staff', version: 2 })).toBe(true);
    expect(matchesFilter(meta, { group: 'staff', version: 3 })).toBe(false);
    expect(matchesFilter(meta, { group: { $in: ['staff'], $ne: 'staff' } })).toBe(false);
  });

  it('should treat a missing field as matching only negative conditions', () => {
    expect(matchesFilter(meta, { owner: 'u1' })).toBe(false);
    expect(matchesFilter(meta, { owner: { $eq: 'u1' } })).toBe(false);
    expect(matchesFilter(meta, { owner: { $in: ['u1'] } })).toBe(false);
    expect(matchesFilter(meta, { owner: { $ne: 'u1' } })).toBe(true);
    expect(matchesFilter(meta, { owner: { $nin: ['u1'] } })).toBe(true);
  });

  it('should treat missing metadata like an empty record', () => {
    expect(matchesFilter(undefined, { group: 'staff' })).toBe(false);
    expect(matchesFilter(undefined, { group: { $in: ['staff'] } })).toBe(false);
    expect(matchesFilter(undefined, { group: { $nin: ['staff'] } })).toBe(true);
  });
});
