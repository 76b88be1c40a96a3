/**
 * Money in the words people type: "$18.50", "18.50 USD", "USD 18.50", "18.50 dollars", "18 dollars 50",
 * "eighteen dollars fifty", "50 cents". Amounts in another currency are found too, so the caller can ask
 * for the dollar amount instead of misreading them.
 */

export interface MoneyAmount {
  /** The amount in its own currency, rounded to cents. */
  value: number;
  currency: 'USD' | 'other';
  /** False for a bare number such as "18.50" that only looks like money. */
  marked: boolean;
  start: number;
  end: number;
  text: string;
}

const NUM = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?`;
const WHOLE = String.raw`\d{1,3}(?:,\d{3})+|\d+`;
const USD_BEFORE = String.raw`US\s?\$|\$|\bUSD\s?`;
const USD_AFTER = String.raw`\s?(?:USD\b|US\s?\$|\$|(?:US\s|American\s)?dollars?\b|bucks?\b)`;
const OTHER_BEFORE = String.raw`€|£|¥|\b(?:EUR|GBP|CAD|AUD|JPY)\s?`;
const OTHER_AFTER = String.raw`\s?(?:€|£|\b(?:EUR|GBP|CAD|AUD|JPY|euros?|pounds?|yen)\b)`;

const UNITS: Readonly<Record<string, number>> = {
  a: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11,
  twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const WORD = String.raw`(?:${Object.keys(UNITS).join('|')}|hundred|thousand|and)`;
const WORDS = String.raw`\b${WORD}(?:[\s-]+${WORD})*`;

const toNumber = (s: string) => Number(s.replace(/,/g, ''));
const cents = (n: number) => Math.round(n * 100) / 100;

/** "two hundred and forty-five" → 245; undefined when the words do not make one number. */
export function wordsToNumber(text: string): number | undefined {
  let total = 0;
  let group = 0;
  let seen = false;
  for (const w of text.toLowerCase().split(/[\s-]+/)) {
    if (w === 'and') continue;
    if (w === 'hundred') group = (group || 1) * 100;
    else if (w === 'thousand') {
      total += (group || 1) * 1000;
      group = 0;
    } else if (UNITS[w] !== undefined) group += UNITS[w]!;
    else return undefined;
    seen = true;
  }
  return seen ? total + group : undefined;
}

interface Pattern {
  re: RegExp;
  read: (m: RegExpExecArray) => number | undefined;
  currency: MoneyAmount['currency'];
  marked: boolean;
}

// Longest forms first: a span taken by one pattern is not read again by a later one.
const PATTERNS: readonly Pattern[] = [
  {
    re: new RegExp(String.raw`\b(${WHOLE})${USD_AFTER}\s*(?:and\s+)?(\d{1,2})\b(?:\s*cents?\b)?(?!\s*(?:%|percent))`, 'gi'),
    read: (m) => toNumber(m[1]!) + Number(m[2]) / 100,
    currency: 'USD',
    marked: true,
  },
  {
    re: new RegExp(String.raw`(${WORDS})\s+(?:dollars?|bucks?)(?:\s+(?:and\s+)?(${WORDS}|\d{1,2})(?:\s+cents?)?)?`, 'gi'),
    read: (m) => {
      const whole = wordsToNumber(m[1]!);
      const part = m[2] === undefined ? 0 : /\d/.test(m[2]) ? Number(m[2]) : wordsToNumber(m[2]);
      return whole === undefined || part === undefined || part > 99 ? undefined : whole + part / 100;
    },
    currency: 'USD',
    marked: true,
  },
  { re: new RegExp(String.raw`(?:${USD_BEFORE})\s?(${NUM})\b`, 'gi'), read: (m) => toNumber(m[1]!), currency: 'USD', marked: true },
  { re: new RegExp(String.raw`\b(${NUM})${USD_AFTER}`, 'gi'), read: (m) => toNumber(m[1]!), currency: 'USD', marked: true },
  { re: new RegExp(String.raw`\b(\d{1,2})\s?cents?\b`, 'gi'), read: (m) => Number(m[1]) / 100, currency: 'USD', marked: true },
  { re: new RegExp(String.raw`(?:${OTHER_BEFORE})\s?(${NUM})\b`, 'gi'), read: (m) => toNumber(m[1]!), currency: 'other', marked: true },
  { re: new RegExp(String.raw`\b(${NUM})${OTHER_AFTER}`, 'gi'), read: (m) => toNumber(m[1]!), currency: 'other', marked: true },
  // A bare number with exactly two decimals reads as money; "18" alone could be anything.
  { re: /(?<![\w.,$-])(\d{1,3}(?:,\d{3})*\.\d{2}|\d+\.\d{2})(?![\w%.,]|\s*(?:%|percent))/g, read: (m) => toNumber(m[1]!), currency: 'USD', marked: false },
];

/** Every amount in the text, in order of appearance. */
export function findAmounts(text: string): MoneyAmount[] {
  const found: MoneyAmount[] = [];
  for (const p of PATTERNS) {
    for (const m of text.matchAll(p.re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (found.some((f) => start < f.end && end > f.start)) continue;
      const value = p.read(m as RegExpExecArray);
      if (value === undefined || !Number.isFinite(value)) continue;
      found.push({ value: cents(value), currency: p.currency, marked: p.marked, start, end, text: m[0].trim() });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}
