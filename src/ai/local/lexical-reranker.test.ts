import { describe, expect, it } from 'vitest';
import { rerankLexical } from './lexical-reranker';

const TABLE = 'Shipping options\n| Option | Delivery time | Price |\n|---|---|---|\n| Expedited | 2–3 business days | $14.95 |';
const FRAMING = 'Customers calling to ask about a lost order are told the trace takes 3 business days.';

describe('rerankLexical', () => {
  it('should rank the passage with the question\'s topic above one that repeats its framing', () => {
    const [table, framing] = rerankLexical('Customer calling from [REDACTED:phone] asks how much expedited shipping costs.', [TABLE, FRAMING]);
    expect(table!).toBeGreaterThan(framing!);
  });

  it('should ignore chat filler when scoring', () => {
    expect(rerankLexical('hey guys quick question, expedited shipping?', [TABLE])).toEqual(rerankLexical('expedited shipping', [TABLE]));
  });

  it('should still score a query made only of filler by its words', () => {
    const [score] = rerankLexical('thanks', ['Thanks for waiting.']);
    expect(score!).toBeGreaterThan(0);
  });
});
