import { describe, expect, it } from 'vitest';
import { correctableWords, correctQuery, SpellingVocabulary, surfaceForm } from './query-spelling';

const vocabulary = new SpellingVocabulary([
  { term: 'ship', chunks: 40 },
  { term: 'shop', chunks: 3 },
  { term: 'overnight', chunks: 6 },
  { term: 'expedit', chunks: 5 },
  { term: 'cost', chunks: 20 },
  { term: 'polici', chunks: 12 },
  { term: 'receiv', chunks: 9 },
  { term: 'charg', chunks: 10 },
  { term: 'chart', chunks: 9 },
  { term: 'much', chunks: 30 },
  { term: 'how', chunks: 30 },
  { term: 'help', chunks: 30 },
  { term: 'is', chunks: 30 },
]);

const everything = null;

describe('correctQuery', () => {
  it('should replace misspelled words with the nearest, most frequent word of the corpus', async () => {
    expect(await correctQuery('how much is overnite shiping?', vocabulary, everything)).toBe('how much is overnight ship?');
    expect(await correctQuery('What does expidited shipping cost', vocabulary, everything)).toBe('What does expedit shipping cost');
    expect(await correctQuery('when do I recieve it', vocabulary, everything)).toBe('when do I receiv it');
    expect(await correctQuery('the return polcy', vocabulary, everything)).toBe('the return policy');
  });

  it('should leave words the corpus holds, short words, numbers, ids, codes and acronyms alone', async () => {
    for (const q of ['how much is shipping', 'lost cots', 'refund ORD-1002 now', 'ticket NW-ABC-1 SHIPX', 'pay 12 SHIPE', 'mail shipe@example.com']) {
      expect(await correctQuery(q, vocabulary, everything)).toBe(q);
    }
  });

  it('should keep the first letter and allow two edits only when the stem itself is long', async () => {
    // "unhelpful" (stem "unhelp") is two edits from "help" but starts differently; "cocitation" (stem "cocit") is two from "cost".
    expect(await correctQuery('an unhelpful cocitation', vocabulary, everything)).toBe('an unhelpful cocitation');
  });

  it('should leave a real English word the corpus lacks as it was asked', async () => {
    // "police" stems one edit from the corpus's "polici" (policy), but it is a word: the asker meant it.
    expect(await correctQuery('should I call the police', vocabulary, everything)).toBe('should I call the police');
    expect(await correctQuery('the returns policiy', vocabulary, everything)).toBe('the returns policy');
  });

  it('should not guess between two near words of similar frequency', async () => {
    // "charx" is one edit from both "charg" (10 chunks) and "chart" (9).
    expect(await correctQuery('the charx', vocabulary, everything)).toBe('the charx');
  });

  it('should correct a restricted reader only to words their readable chunks hold', async () => {
    const readable = async (words: readonly string[]) => words.map((w) => (w === 'chart' ? 2 : 0));
    expect(await correctQuery('the charx', vocabulary, readable)).toBe('the chart');
    expect(await correctQuery('shiping', vocabulary, readable)).toBe('shiping');
    const asked: string[] = [];
    await correctQuery('overnite', vocabulary, async (words) => {
      asked.push(...words);
      return words.map(() => 1);
    });
    expect(asked).toEqual(['overnight']);
  });
});

describe('correctableWords', () => {
  it('should skip short words, numbers, tokens that read as ids or addresses, and real English words', () => {
    expect(correctableWords('Refund ORD-1002 for jo@x.io at 3pm, shiping in USA, lost').map((w) => w.word)).toEqual(['shiping']);
  });
});

describe('surfaceForm', () => {
  it('should find a word that stems back to the stem', () => {
    expect(surfaceForm('polici')).toBe('policy');
    expect(surfaceForm('ship')).toBe('ship');
    expect(surfaceForm('agre')).toBe('agree');
  });
});
