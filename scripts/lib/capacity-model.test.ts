import { describe, expect, it } from 'vitest';
import { breaksFirst, capacityAt, formatBytes, type Assumptions, type Measured } from './capacity-model';

const measured: Measured = {
  d1BytesPerAsk: 1000,
  d1RowsPerAsk: 5,
  kvBytesPerAsk: 400,
  d1BytesPerTask: 5000,
  d1RetainedBytesPerTask: 1000,
  r2BytesPerAsk: 10_000,
  d1BytesPerChunk: 3000,
  d1RowsPerChunk: 2,
  r2BytesPerChunk: 1000,
  chunksPerDocument: 40,
  doBytesPerAsk: 0,
};
const assumptions: Assumptions = { retentionDays: 30, cacheTtlSeconds: 3600, tasksPerAsk: 0.1, workflowRetentionDays: 7, peakToAverage: 10, recordDays: 365 };

describe('capacityAt', () => {
  it('should hold retention days of asks, a year of tasks and the whole corpus in D1, and one TTL of answers in KV', () => {
    const rows = capacityAt(measured, assumptions, 24_000, 10_000);
    const d1 = rows.find((r) => r.resource === 'd1')!;
    expect(d1.steadyState).toBe((1000 * 24_000 + 1000 * 2_400) * 30 + 5000 * 2_400 * 365 + 3000 * 10_000);
    expect(d1.perDay).toBe((1000 + 6000 * 0.1) * 24_000);
    expect(rows.find((r) => r.resource === 'kv')!.steadyState).toBe(400 * 1000);
    expect(d1.rowsPerDay).toBe(5 * 24_000);
  });

  it('should name D1 as breaking first once steady state passes 10 GB, and nothing below it', () => {
    expect(breaksFirst(capacityAt(measured, assumptions, 1_000, 10_000))).toBeUndefined();
    const big = capacityAt(measured, assumptions, 1_000_000, 10_000);
    expect(breaksFirst(big)?.resource).toBe('d1');
    expect(big[0]!.share).toBeCloseTo(21.553, 3);
  });

  it('should name Vectorize when the corpus passes ten million vectors', () => {
    const lean = { ...measured, d1BytesPerChunk: 100 };
    expect(breaksFirst(capacityAt(lean, assumptions, 1_000, 20_000_000))?.resource).toBe('vectorize');
  });
});

describe('formatBytes', () => {
  it('should print decimal units', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1_500)).toBe('1.5 KB');
    expect(formatBytes(43e9)).toBe('43.0 GB');
  });
});
