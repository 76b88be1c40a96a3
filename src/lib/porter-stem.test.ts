import { describe, expect, it } from 'vitest';
import { porterStem } from './porter-stem';

// Expected stems are what SQLite's FTS5 porter tokenizer stores for each word (read from an fts5vocab table).
const SQLITE_STEMS: Record<string, string> = {
  shipping: 'ship', shiping: 'shipe', overnight: 'overnight', overnite: 'overnit', policy: 'polici', policies: 'polici',
  refunds: 'refund', refunded: 'refund', relational: 'relat', conditional: 'condit', generalization: 'gener',
  hopeful: 'hope', goodness: 'good', electrical: 'electr', adjustable: 'adjust', happy: 'happi', agreed: 'agre',
  feed: 'feed', caresses: 'caress', ponies: 'poni', cats: 'cat', hoping: 'hope', hopping: 'hop', filing: 'file',
  falling: 'fall', controlling: 'control', motoring: 'motor', sing: 'sing', conflated: 'conflat', troubled: 'troubl',
  sized: 'size', fizzed: 'fizz', happily: 'happili', apology: 'apolog', possibly: 'possibl', accessibly: 'access',
};

describe('porterStem', () => {
  it.each(Object.entries(SQLITE_STEMS))('should stem %s to %s as the keyword index does', (word, stem) => {
    expect(porterStem(word)).toBe(stem);
  });
});
