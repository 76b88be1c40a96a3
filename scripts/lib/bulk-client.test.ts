import { describe, expect, it } from 'vitest';
import { jsonlItems, planBatches, progressLine, type BulkItem } from './bulk-client';

const text = (n: number, size = 10): BulkItem => ({ title: `t${n}`, text: 'x'.repeat(size) });
const file = (n: number, size = 10): BulkItem => ({ fileName: `f${n}.txt`, bytes: new Uint8Array(size) });

describe('planBatches', () => {
  it('should cut batches by count, keeping every item once and in order', () => {
    const plan = planBatches(Array.from({ length: 1203 }, (_, i) => text(i)), 500, 1e9);
    expect(plan.map((b) => b.length)).toEqual([500, 500, 203]);
    expect(plan.flat()).toEqual(Array.from({ length: 1203 }, (_, i) => i));
  });

  it('should cut batches by bytes and never mix JSON lines with files', () => {
    const items = [text(0, 400), text(1, 400), text(2, 400), file(3), file(4), text(5)];
    expect(planBatches(items, 100, 1000)).toEqual([[0, 1], [2], [3, 4], [5]]);
  });

  it('should send an item larger than the byte budget alone rather than drop it', () => {
    expect(planBatches([text(0, 5000), text(1)], 100, 1000)).toEqual([[0], [1]]);
  });
});

describe('jsonlItems', () => {
  it('should read our lines and BEIR lines, giving default groups only where a line names none', () => {
    const items = jsonlItems(
      [
        JSON.stringify({ title: 'A', text: 'alpha', source: 's', groups: ['finance'] }),
        '',
        JSON.stringify({ _id: 'doc-7', title: '', text: 'beta' }),
        '{broken',
      ].join('\n'),
      ['*'],
    );
    expect(items).toEqual([
      { title: 'A', text: 'alpha', source: 's', groups: ['finance'] },
      { title: 'doc-7', text: 'beta', source: 'doc-7', groups: ['*'] },
      { title: 'line 4', text: '', source: undefined, groups: ['*'] },
    ]);
  });
});

describe('progressLine', () => {
  it('should fill the bar in proportion to settled items', () => {
    const line = progressLine({ total: 10, settled: 5, ready: 4, failed: 1, refused: 0, duplicates: 0, chunksDone: 7, chunksTotal: 9 }, 2, 10);
    expect(line).toMatch(/^\[#####\.\.\.\.\.\] 5\/10 · ready 4 · failed 1 .* chunks 7\/9 · 3 docs\/s$/);
  });
});
