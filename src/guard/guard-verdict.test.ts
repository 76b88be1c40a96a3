import { describe, expect, it } from 'vitest';
import { parseGuardVerdict, UNREADABLE } from './guard-verdict';

/** Response bodies as Workers AI's Llama Guard returns them, after the provider turns `response` into text. */
const RECORDED = {
  objectSafe: JSON.stringify({ safe: true }),
  objectSafeWithEmptyCategories: JSON.stringify({ safe: true, categories: [] }),
  objectUnsafe: JSON.stringify({ safe: false, categories: ['S1', 'S10'] }),
  textSafe: 'safe',
  textUnsafe: 'unsafe\nS2,S9',
};

describe('parseGuardVerdict', () => {
  it('should read the JSON object shape Workers AI returns for Llama Guard', () => {
    expect(parseGuardVerdict(RECORDED.objectSafe)).toEqual({ safe: true, categories: [] });
    expect(parseGuardVerdict(RECORDED.objectSafeWithEmptyCategories)).toEqual({ safe: true, categories: [] });
    expect(parseGuardVerdict(RECORDED.objectUnsafe)).toEqual({ safe: false, categories: ['S1', 'S10'] });
  });

  it('should read the text shape ("safe", or "unsafe" and the categories)', () => {
    expect(parseGuardVerdict(RECORDED.textSafe)).toEqual({ safe: true, categories: [] });
    expect(parseGuardVerdict(` ${RECORDED.textUnsafe}\n`)).toEqual({ safe: false, categories: ['S2', 'S9'] });
  });

  it('should fail closed on anything it cannot read', () => {
    for (const raw of ['', 'I think this is fine', '{"safe":"yes"}', '{"categories":[]}', '{not json', 'Safe: probably', 'null', '[]']) {
      expect(parseGuardVerdict(raw), raw).toEqual({ safe: false, categories: [UNREADABLE] });
    }
  });
});
