import { describe, expect, it } from 'vitest';
import { estimateTokens, keywordWords, sentences, stem, terms, withoutRedactions, words } from './terms';

describe('sentences', () => {
  it('should return exact offsets that slice back to each sentence', () => {
    const text = 'Visit evil.example now. It costs $14.95! Really?\nNext line\n\n  Last one.';
    const out = sentences(text);
    expect(out).toEqual([
      { text: 'Visit evil.example now.', start: 0, end: 23 },
      { text: 'It costs $14.95!', start: 24, end: 40 },
      { text: 'Really?', start: 41, end: 48 },
      { text: 'Next line', start: 49, end: 58 },
      { text: 'Last one.', start: 62, end: 71 },
    ]);
    for (const s of out) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('should not split domains or prices at their inner dots', () => {
    expect(sentences('Do not visit evil.example for deals.').map((s) => s.text)).toEqual(['Do not visit evil.example for deals.']);
    expect(sentences('The fee is $14.95 per month.').map((s) => s.text)).toEqual(['The fee is $14.95 per month.']);
  });

  it('should split at line breaks even without punctuation', () => {
    expect(sentences('First line\nSecond line\nThird').map((s) => s.text)).toEqual(['First line', 'Second line', 'Third']);
  });

  it('should keep runs of terminal punctuation with the sentence', () => {
    expect(sentences('Wait... What?! Done.').map((s) => s.text)).toEqual(['Wait...', 'What?!', 'Done.']);
  });

  it('should keep a final sentence without terminal punctuation', () => {
    expect(sentences('One. Two without stop')).toEqual([
      { text: 'One.', start: 0, end: 4 },
      { text: 'Two without stop', start: 5, end: 21 },
    ]);
  });

  it('should return nothing for empty or whitespace-only text', () => {
    expect(sentences('')).toEqual([]);
    expect(sentences('  \n\n\t ')).toEqual([]);
  });
});

describe('keywordWords', () => {
  it('should drop stopwords but keep every word of a question made only of them', () => {
    expect(keywordWords('How long do I have to return the hiking boots?')).toEqual(['long', 'have', 'return', 'hiking', 'boots']);
    expect(keywordWords('Who is it?')).toEqual(['who', 'is', 'it']);
  });
});

describe('words', () => {
  it('should lower-case and keep numbers with inner separators whole', () => {
    expect(words('The $500 fee, 30-day window, 3.5% and 1,000 Items.')).toEqual([
      'the',
      '500',
      'fee',
      '30',
      'day',
      'window',
      '3.5',
      'and',
      '1,000',
      'items',
    ]);
  });

  it('should strip a trailing accent after decomposition', () => {
    expect(words('Café')).toEqual(['cafe']);
  });
});

describe('stem', () => {
  it('should reduce inflections of one word to the same stem', () => {
    expect(stem('refunds')).toBe('refund');
    expect(stem('refunded')).toBe('refund');
    expect(stem('refunding')).toBe('refund');
  });

  it('should turn -ies into -y and strip longer suffixes first', () => {
    expect(stem('policies')).toBe('policy');
    expect(stem('stations')).toBe('station');
    expect(stem('payments')).toBe('pay');
    expect(stem('reportedly')).toBe('report');
  });

  it('should leave short words and words with digits unchanged', () => {
    expect(stem('cats')).toBe('cats');
    expect(stem('abc123s')).toBe('abc123s');
    expect(stem('30days')).toBe('30days');
  });

  it('should keep at least three characters of base', () => {
    expect(stem('bring')).toBe('bring');
    expect(stem('things')).toBe('thing');
  });
});

describe('terms', () => {
  it('should drop stopwords and stem the rest', () => {
    expect(terms('How long does the refund take for my orders?')).toEqual(['refund', 'take', 'order']);
  });

  it('should drop redaction placeholders entirely', () => {
    expect(terms('Email [REDACTED:email] about the refunds')).toEqual(['email', 'refund']);
    expect(terms('[REDACTED:phone] [REDACTED:card]')).toEqual([]);
  });

  it('should return nothing for stopword-only text', () => {
    expect(terms('the and of it is')).toEqual([]);
  });
});

describe('estimateTokens', () => {
  it('should round up a quarter of the character count', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcd')).toBe(1);
    expect(estimateTokens('abcde')).toBe(2);
  });
});

describe('words with accents', () => {
  it('should fold accented letters instead of splitting the word', () => {
    expect(words('naïve München')).toEqual(['naive', 'munchen']);
  });
});

describe('withoutRedactions', () => {
  it('should drop each placeholder with the words that announce it, and nothing else', () => {
    const q = withoutRedactions('card [REDACTED:card], email [REDACTED:email], phone number: [REDACTED:phone]. How long do refunds take?');
    expect(terms(q)).toEqual(terms('How long do refunds take?'));
    expect(terms(withoutRedactions('My IBAN is [REDACTED:iban], do gift cards expire?'))).toEqual(['gift', 'card', 'expire']);
  });

  it('should leave text without placeholders unchanged', () => {
    expect(withoutRedactions('Which card types do you accept by phone?')).toBe('Which card types do you accept by phone?');
  });
});
