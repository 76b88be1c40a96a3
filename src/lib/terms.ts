/** Shared lexical analysis: the one tokenizer behind local embeddings, reranking and claim-to-span checks. */

export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an and are as at be been but by can could did do does for from had has have how i if in into is it its ' +
    'may me my no not of on or our should so than that the their them then there these they this to too was we ' +
    'were what when where which who whom why will with would you your yours about after all any also before ' +
    'between both each few more most other over same some such through under until up very just long much many'
  ).split(' '),
);

/** A light suffix-stripping stemmer: enough to match "refunds"/"refunded"/"refunding" without a dictionary. */
export function stem(word: string): string {
  if (word.length <= 4 || /\d/.test(word)) return word;
  for (const suffix of ['ations', 'ation', 'ments', 'ment', 'ings', 'ing', 'edly', 'ed', 'ies', 'es', 's', 'ly']) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      const base = word.slice(0, -suffix.length);
      return suffix === 'ies' ? `${base}y` : base;
    }
  }
  return word;
}

/** Lower-cased word tokens, numbers kept whole (so "$500" and "30-day" keep their digits). */
export function words(text: string): string[] {
  return text.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').match(/[\p{L}\p{N}]+(?:[.,][\p{N}]+)*/gu) ?? [];
}

// Function words only: "long", "more", "after" and the like carry meaning in a keyword lookup ("how long …").
const KEYWORD_STOPWORDS = new Set('a an and are as at be by do does for from how i if in is it of on or the to was what when where which who why with'.split(' '));

/**
 * A redaction placeholder together with the words that only announce it ("card number: [REDACTED:card]",
 * "my IBAN is [REDACTED:iban]"), so a redacted question reads like its clean twin. For queries only: in a
 * document "Email [REDACTED:email] about refunds" the verb would go too.
 */
const REDACTION = /(?:\b(?:credit|debit|card|cards|e-?mail|phone|mobile|cell|number|iban|ssn|ip|address|account|bank)\b[\s:#=-]*){0,3}(?:\b(?:is|was)\s+)?\[REDACTED:\w+\]/gi;

export function withoutRedactions(text: string): string {
  return text.replace(REDACTION, ' ');
}

/**
 * The words worth a keyword lookup: function words dropped (BM25 gives them almost no weight, but ORed into an FTS
 * query they match nearly every chunk and the index scores them all), unless the text has nothing else.
 */
export function keywordWords(text: string): string[] {
  const all = words(text);
  const content = all.filter((w) => !KEYWORD_STOPWORDS.has(w));
  return content.length > 0 ? content : all;
}

/** Content terms: stemmed words without stopwords; redaction placeholders like `[REDACTED:email]` carry none. */
export function terms(text: string): string[] {
  return words(text.replace(/\[REDACTED:\w+\]/g, ' '))
    .filter((w) => !STOPWORDS.has(w))
    .map(stem);
}

/** Rough token count for providers that do not report usage (≈ 4 characters per token). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * Splits text into sentences, keeping each sentence's character offsets. A sentence ends at terminal
 * punctuation followed by whitespace (so "evil.example" or "$14.95" stay whole) or at a line break.
 */
export function sentences(text: string): { text: string; start: number; end: number }[] {
  const out: { text: string; start: number; end: number }[] = [];
  const push = (from: number, to: number) => {
    const raw = text.slice(from, to);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed) out.push({ text: trimmed, start: from + lead, end: from + lead + trimmed.length });
  };
  let from = 0;
  for (const m of text.matchAll(/[.!?]+(?=\s|$)|\n/g)) {
    const to = m.index + (m[0] === '\n' ? 0 : m[0].length);
    push(from, to);
    from = m.index + m[0].length;
  }
  push(from, text.length);
  return out;
}
