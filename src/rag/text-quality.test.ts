import { describe, expect, it } from 'vitest';
import { UnprocessableError } from '../errors';
import { assertUsableText, measureText } from './text-quality';

const TABLE_OF_CONTENTS = [
  'CONTENTS',
  'PHENYLALANINE TOXICITY 158',
  'Tyrosine metabolism in the neonate . . . . . . . . . . . . . . . . . . . 160',
  'Dietary management . . . . . . . . . . . . . . . . . . . . . . . . . . . 171',
  '3.2.1 ........................................................... 188',
  '3.2.2 ........................................................... 190',
  'Index . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . 201',
].join('\n');

const MARKDOWN_TABLE = [
  '| SKU | Item | Price (USD) | Stock |',
  '|---|---|---:|---:|',
  '| 10-441 | Tent 2P | 249.00 | 12 |',
  '| 10-442 | Tent 3P | 319.00 | 4 |',
  '| 20-118 | Stove | 89.90 | 31 |',
].join('\n');

const CSV = ['date,store,units,revenue', '2026-01-04,0012,118,5412.37', '2026-01-05,0012,97,4420.10', '2026-01-06,0044,131,6019.88'].join('\n');

const NUMBERS_PAGE = Array.from({ length: 40 }, (_, i) => `${(i * 7.31).toFixed(2)}  ${(i * 113) % 997}  -${i}%  ${1990 + i}`).join('\n');

const BOX_TABLE = ['┌──────┬───────┐', '│ Zone │ Days  │', '├──────┼───────┤', '│ EU   │ 3–5   │', '│ US   │ 2–4   │', '└──────┴───────┘'].join('\n');

function refusal(text: string): UnprocessableError | undefined {
  try {
    assertUsableText(text);
    return undefined;
  } catch (err) {
    if (err instanceof UnprocessableError) return err;
    throw err;
  }
}

describe('assertUsableText', () => {
  it.each([
    ['a table of contents with dot leaders', TABLE_OF_CONTENTS],
    ['a markdown price table', MARKDOWN_TABLE],
    ['a CSV-like page', CSV],
    ['a numbers-heavy page', NUMBERS_PAGE],
    ['a box-drawn table', BOX_TABLE],
    ['prose with tabs, form feeds and accents', 'Réglement\tintérieur\fpage 2: la garantie couvre 24 mois.'],
    ['text outside the Basic Multilingual Plane', 'Emoji 😀 and 𝔉𝔯𝔞𝔨𝔱𝔲𝔯 letters in a note.'],
    ['Chinese text', '退货政策：收到商品后三十天内可申请退款。'],
    ['one stray replacement character in a long page', `${'Readable refund policy text. '.repeat(20)}\ufffd`],
  ])('should accept %s', (_name, text) => {
    expect(refusal(text)).toBeUndefined();
  });

  it.each([
    ['empty text', '', 'no text'],
    ['whitespace', ' \n\t\r\n ', 'no text'],
    ['NUL bytes', '\u0000'.repeat(50), 'binary'],
    ['UTF-16 read as single bytes', 'h\u0000e\u0000l\u0000l\u0000o\u0000 \u0000w\u0000o\u0000r\u0000l\u0000d\u0000', 'binary'],
    ['control characters', `Header\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008 data`, 'binary'],
    ['replacement characters from a lossy decode', `PK\ufffd\ufffd\u0014\ufffd\ufffd\ufffd${'x'.repeat(100)}\ufffd\ufffd\ufffd\ufffd`, 'binary'],
    ['lone surrogates', `${'\ud800'.repeat(10)}${'a'.repeat(100)}`, 'binary'],
    ['C1 controls of a mis-decoded file', `${'\u0085\u0092\u0093'.repeat(5)}${'word '.repeat(60)}`, 'binary'],
    ['punctuation only', `${'.'.repeat(5000)}1`, 'no words'],
    ['table rules without cells', '|---|---|\n|---|---|\n+---+---+', 'no words'],
  ])('should refuse %s', (_name, text, reason) => {
    const err = refusal(text);
    expect(err?.status).toBe(422);
    expect(err?.message).toContain(reason);
  });

  it('should count a surrogate pair as one letter and a lone surrogate as non-text', () => {
    expect(measureText('𝔉')).toMatchObject({ length: 1, nonText: 0, wordChars: 1, visible: 1 });
    expect(measureText('a\ud800b')).toMatchObject({ length: 3, nonText: 1, wordChars: 2 });
  });
});
