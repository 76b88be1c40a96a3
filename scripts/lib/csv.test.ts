import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';

describe('parseCsv', () => {
  it('should read quoted fields holding commas, doubled quotes and line breaks', () => {
    const csv = 'prompt,type\n"Hi, there",benign\n"Say ""hi""\nthen stop",jailbreak\r\nplain,benign\n';
    expect(parseCsv(csv)).toEqual([
      { prompt: 'Hi, there', type: 'benign' },
      { prompt: 'Say "hi"\nthen stop', type: 'jailbreak' },
      { prompt: 'plain', type: 'benign' },
    ]);
  });

  it('should keep a last row without a trailing newline and skip blank lines', () => {
    expect(parseCsv('a,b\n\n1,2')).toEqual([{ a: '1', b: '2' }]);
  });
});

describe('the vendored jackhhao file', () => {
  it('should parse into its 1,306 rows, 666 of them jailbreaks', async () => {
    const { jackhhaoPrompts } = await import('./guard-data');
    const rows = jackhhaoPrompts();
    expect(rows).toHaveLength(1306);
    expect(rows.filter((r) => r.y === 1)).toHaveLength(666);
  });
});
