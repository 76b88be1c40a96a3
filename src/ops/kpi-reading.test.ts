import { describe, expect, it } from 'vitest';
import { lastWeeks, readKpi, weekOf } from './kpi-reading';

describe('readKpi', () => {
  const higher = { direction: 'higher-is-better' as const, goLive: 60, kill: 20 };
  const lower = { direction: 'lower-is-better' as const, goLive: 4, kill: 12 };

  it('should read go, extend and kill when higher is better', () => {
    expect(readKpi(higher, 60)).toBe('go');
    expect(readKpi(higher, 45)).toBe('extend');
    expect(readKpi(higher, 20)).toBe('kill');
    expect(readKpi(higher, null)).toBe('no-data');
  });

  it('should read go, extend and kill when lower is better', () => {
    expect(readKpi(lower, 3.5)).toBe('go');
    expect(readKpi(lower, 8)).toBe('extend');
    expect(readKpi(lower, 12.5)).toBe('kill');
  });
});

describe('weeks', () => {
  it('should key a week by its Monday', () => {
    expect(weekOf(new Date('2026-11-29T19:00:00Z'))).toBe('2026-11-23');
    expect(weekOf(new Date('2026-11-23T00:00:00Z'))).toBe('2026-11-23');
    expect(lastWeeks(new Date('2026-11-29T19:00:00Z'), 3)).toEqual(['2026-11-09', '2026-11-16', '2026-11-23']);
  });
});
