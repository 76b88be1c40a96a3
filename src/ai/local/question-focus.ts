/**
 * What a question is about and what kind of answer it wants, for the extractive answerer. Everyday
 * wording carries words no source sentence will ever contain ("yo", "guys", "stuff", "what's" → "s",
 * a misspelled "lnog"); counted as content they sink every sentence below the refusal threshold.
 * The kind of answer (how much → an amount, how long → a duration, can I → a rule) ranks sentences
 * that state such a thing above sentences that merely repeat the question's words.
 */
import { stem, STOPWORDS, withoutRedactions, words } from '../../lib/terms';

/** Chat and conversational words that carry no topic, and the pieces contractions split into. */
const FILLER = new Set(
  (
    'hi hey hello yo thanks thank pls please plz thx u ur r y ya yeah wat wht ok okay so like just really actually ' +
    'totally basically literally guys folks anyone someone stuff thing things deal tell know want wanna gonna gotta good ' +
    'need wondering wonder question quick get got getting give still yet here now also even ever well lot lots bit ' +
    'kind sort maybe probably something anything s t d ll re ve m don isn aren doesn didn won wasn weren couldn ' +
    'shouldn wouldn haven hasn dont cant wont isnt arent doesnt didnt im ive whats hows wheres whens thats theres ' +
    'youre theyre during'
  ).split(' '),
);

/**
 * Everyday words that describe a situation rather than a topic ("it came broken", "I tried again"). A policy
 * rarely uses them, so when the context lacks one it is not a sign the context is about something else, as a
 * missing rare word ("bitcoin") is. Written from general English, not from any corpus.
 */
const EVERYDAY = new Set(
  (
    'put puts came come comes goes went gone gave make makes made say says said told ask asks asked saw ' +
    'look looks looked try tried call called feel felt seem seems seemed help helps helped hear heard ' +
    'happen happened write wrote sit stand meet met learn watch follow spoke read grow walk remember ' +
    'love consider appear stay fall fell reach remain suggest raise pass decide pull pulled push pushed ' +
    'turn turned start started begin began end ended stop stopped mean means meant hold think thought ' +
    'guess hope hoped again already back away off around whole big small little different right wrong ' +
    'sure able great nice bad real true full sorry fine cool ago once twice times days way ways guy ' +
    'person people everyone everybody nobody thing idea place situation problem issue case reason part ' +
    'side point world'
  )
    .trim()
    .split(/\s+/)
    .map(stem),
);

/** True for an everyday word (see EVERYDAY), given as a stem. */
export function isEveryday(term: string): boolean {
  return EVERYDAY.has(term);
}

/** Optimal string alignment distance, capped: a swapped pair of letters ("lnog") is one edit. */
function editDistanceAtMost1(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (i === a.length && i === b.length) return true;
  const rest = (x: number, y: number) => a.slice(i + x) === b.slice(i + y);
  return rest(1, 1) || rest(1, 0) || rest(0, 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && rest(2, 2));
}

const LONG_STOPWORDS = [...STOPWORDS].filter((w) => w.length >= 4);

/** Phrases that only restate a policy word: replacing them loses nothing ("good for" → "valid for"). */
const RESTATED: readonly [RegExp, string][] = [
  [/\bgood\s+for\b/gi, 'valid for'],
  // Everyday spellings of a word the documents spell out.
  [/\b(\p{L}*)nite\b/giu, '$1night'],
  [/\bthru\b/gi, 'through'],
  [/\b(?:every|each)\s+time\b/gi, 'per'],
  // "25 bucks" is the "$25" a policy writes.
  [/\b(\d+(?:[.,]\d+)?)\s*(?:bucks?|dollars?|usd)\b/gi, '$$$1'],
  [/\brun\s+out\b/gi, 'expire'],
  // Who is asking and when it happened frame the question; the policy does not depend on them.
  [/\b(?:a|the|my|our|this)?\s*(?:customer|caller|client|buyer)\b[^.?!]{0,60}?\b(?:asks?|asking|asked|wants?\s+to\s+know|wondering|wonders|would\s+like\s+to\s+know|needs?\s+to\s+know)\b(?:\s+(?:if|whether|about))?/gi, ' '],
  [/\b(?:last|this|next)\s+(?:week|month|year|night|weekend)(?:'s)?\b|\b(?:yesterday|today|tonight|tomorrow|ago|recently)\b/gi, ' '],
];

/** "How fast", "how soon", "how long does it take": they ask for a kind of answer (a duration), not about a topic. */
const KIND_CUES = /\bhow\s+(?:fast|soon|quickly|often|early|late)\b|(?<=\bhow\s+much\s+)(?:extra|more)\b|(?<=\bhow\s+(?:long|much\s+time)\b.*)\btake\b/gi;

/** Irregular verb forms the suffix stemmer cannot join: either form answers the other. */
const IRREGULAR: readonly (readonly string[])[] = [
  ['hold', 'held'],
  ['pay', 'paid'],
  ['send', 'sent'],
  ['keep', 'kept'],
  ['lose', 'lost'],
  ['take', 'took', 'taken'],
  ['give', 'gave', 'given'],
  ['make', 'made'],
  ['leave', 'left'],
];

/** Everyday words and the words policies use for them; either one answers the question's word. */
const ALTERNATIVES: Readonly<Record<string, readonly string[]>> = {
  bought: ['purchas', 'buy'],
  buy: ['purchas', 'bought'],
  money: ['refund'],
  broken: ['damag', 'defective'],
  broke: ['damag', 'defective'],
  snapped: ['damag', 'broken'],
  cracked: ['damag', 'broken'],
  pic: ['photo'],
  picture: ['photo'],
  parcel: ['package'],
  send: ['return'],
  use: ['redeem', 'redemption', 'spend'],
  return: ['refund'],
  // Tables head their amounts "Price" or "Fee"; questions ask what a thing costs.
  cost: ['price', 'fee', 'charge'],
};

/**
 * The stemmer strips "shipping" to "shipp" but "ships" to "ship": a word ending in one consonant after a
 * vowel also matches its doubled form, and a doubled ending its single one.
 */
function doubledForms(t: string): string[] {
  if (/\d/.test(t) || t.length < 3) return [];
  if (/([b-df-hj-np-tv-z])\1$/.test(t) && !/(?:ll|ss|ff|zz)$/.test(t)) return [t.slice(0, -1)];
  // Only short stems double ("ship" → "shipping", "plan" → "planned"); "customer" → "customers" does not.
  return t.length <= 5 && /[aeiou][bdgkmnprt]$/.test(t) && !/[aeiou]{2}.$/.test(t) ? [t + t.at(-1)] : [];
}

/** The stemmer strips "charges" to "charg" but leaves "charge": either form matches the other. */
function silentEForms(t: string): string[] {
  if (/\d/.test(t) || t.length < 4) return [];
  return t.endsWith('e') ? [t.slice(0, -1)] : /(?:[cgvz]|[^aeiou][aeiou]t)$/.test(t) ? [`${t}e`] : [];
}

/**
 * The question's content terms without filler, each with the words that may stand for it. A term no
 * candidate contains that is one typo away from a stopword ("lnog", "dose", "wich") is that stopword.
 */
export function focusTerms(question: string, known: (term: string) => boolean): string[][] {
  const text = RESTATED.reduce((q, [re, to]) => q.replace(re, to), withoutRedactions(question)).replace(KIND_CUES, ' ');
  return words(text)
    .filter((w) => !FILLER.has(w) && !STOPWORDS.has(w))
    .map((word) => ({ word, t: stem(word) }))
    .filter(({ t }) => !STOPWORDS.has(t) && !FILLER.has(t) && (known(t) || /\d/.test(t) || !LONG_STOPWORDS.some((s) => editDistanceAtMost1(t, s))))
    // The tables are keyed by the words people write ("snapped"), which the stemmer may change ("snapp").
    .map(({ word, t }) => [
      t,
      ...(ALTERNATIVES[t] ?? ALTERNATIVES[word] ?? []),
      ...(IRREGULAR.find((forms) => forms.includes(t) || forms.includes(word))?.filter((f) => f !== t && f !== word) ?? []),
      ...doubledForms(t),
      ...silentEForms(t),
    ]);
}

/** "What else do they get besides a refund?": what follows "besides" is known already, not asked for. */
export function withoutExclusions(question: string): string {
  return question.replace(/\b(?:besides|apart\s+from|other\s+than|in\s+addition\s+to|on\s+top\s+of|except(?:\s+for)?)\b[^,;:?!.]*/gi, ' ');
}

const CUE_WORDS = ['long', 'much', 'many', 'when', 'what', 'soon', 'fast'];

/** The question with its question words spelled right ("how lnog" → "how long"), for reading its kind. */
function withCueWords(question: string): string {
  return question.toLowerCase().replace(/\p{L}+/gu, (w) => (w.length >= 4 ? (CUE_WORDS.find((c) => c !== w && editDistanceAtMost1(w, c)) ?? w) : w));
}

export type AnswerKind = 'amount' | 'duration' | 'time' | 'count' | 'rule';

const NUMBER_WORD = String.raw`(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a|an|single)`;
const UNIT = String.raw`(?:minutes?|hours?|days?|weeks?|months?|years?)`;

/** What a sentence states, by kind. */
const STATES: Readonly<Record<AnswerKind, RegExp>> = {
  amount: /\$\s?\d|\b\d+(?:[.,]\d+)?\s*(?:%|percent|usd|dollars?)\b|\bfree\b/i,
  duration: new RegExp(String.raw`\b\d+(?:[.,]\d+)?(?:\s*(?:–|-|to)\s*\d+)?[\s-]*(?:business\s+|calendar\s+|working\s+)?${UNIT}\b|\b${NUMBER_WORD}[\s-]+(?:business\s+)?${UNIT}\b|\b(?:next|same)\s+(?:business\s+)?day\b|\blifetime\b|\bimmediately\b|\bnever\s+expire`, 'i'),
  // "When is the card charged?" is answered by an event as well as by a date: "when the order ships".
  time: /\b(?:when|after|before|once|until|as\s+soon\s+as)\b|\b(?:january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|\b\d{1,2}(?::\d{2})?\s*(?:am|pm)\b|\bnoon\b|\bmidnight\b/i,
  count: new RegExp(String.raw`\b\d+\b|\b${NUMBER_WORD}\b|\bup\s+to\b|\bat\s+(?:least|most)\b`, 'i'),
  rule: /\b(?:can|cannot|can't|must|may|only|never|not|no|allowed|required|requires?|needs?|unless|except|up\s+to|at\s+most|at\s+least|free\s+of\s+charge)\b/i,
};

/** The kinds of answer a question asks for; empty when its form says nothing about it. */
export function answerKinds(question: string): Set<AnswerKind> {
  const q = withCueWords(question);
  const kinds = new Set<AnswerKind>();
  if (/\bhow\s+(?:long|soon|fast|quickly)\b|\bhow\s+much\s+time\b|\bhow\s+many\s+(?:minutes|hours|days|weeks|months|years)\b|\b(?:till|until)\b|\bexpire|\brun\s+out\b|\blast\b|\bvalid\b/.test(q)) kinds.add('duration');
  if (/\bhow\s+much\b(?!\s+time)|\b(?:cost|costs|price|prices|fee|fees|charge|charges|worth|surcharge|cheap\w*|expensive)\b/.test(q)) kinds.add('amount');
  // A threshold or a limit is a number, of dollars or of anything else ("at least 12 characters").
  if (/\bhow\s+many\b(?!\s+(?:minutes|hours|days|weeks|months|years)\b)|\b(?:threshold|cap|limit|minimum|maximum|min|max)\b/.test(q)) kinds.add('count');
  if (/\b(?:when|what\s+(?:date|day|time)|by\s+when|what\s+hours)\b|(?<!\bhow\s+many\s+)\bhours\b/.test(q)) {
    kinds.add('time');
    kinds.add('duration');
  }
  if (/^\W*(?:(?:so|and|hey|hi|ok)\W+)*(?:can|could|may|do|does|is|are|am)\s+(?:i|we|you|they|a|an|the|my|customers?|someone|it)\b|\b(?:allowed|possible|permitted)\b/.test(q)) kinds.add('rule');
  return kinds;
}

/**
 * Does the sentence state a thing of this kind (an amount, a duration, a time, a count, a rule)? A count must
 * count what was asked about when the focus is given ("14 countries"): "a list of countries" counts nothing.
 */
export function statesKind(kind: AnswerKind, text: string, focus?: readonly string[][]): boolean {
  if (kind === 'count' && focus) return countsFocus(text, focus);
  return STATES[kind].test(text);
}

/** Where a second question starts: "…, and how much is it?", "… and can I …", "…? And …". */
const NEXT_QUESTION = /(?:,\s*|\s+)and\s+(?=(?:how|what|when|where|which|who|is|are|do|does|can|could|will|once)\b)|\?\s+(?=\S)/i;

/** The questions a text asks, in order: "Do you ship to Canada, and how much is it?" asks two. */
export function questionParts(question: string): string[] {
  const parts = question.split(NEXT_QUESTION).map((p) => p.trim()).filter((p) => /\p{L}/u.test(p));
  if (parts.length === 0) return [question];
  // "…, and what does it cost?" is about the first question's subject: a short half that points back with a
  // pronoun is asked with the first question's words.
  const pointsBack = (p: string) =>
    /\b(?:it|its|they|them|their|that|those|this|these|one)\b/i.test(p) && words(p).filter((w) => !STOPWORDS.has(w) && !FILLER.has(w)).length <= 2;
  return parts.map((p, i) => (i > 0 && pointsBack(p) ? `${parts[0]} ${p}` : p));
}

/** A number right before one of the asked-about words ("two photos", "14 countries"): the count itself. */
function countsFocus(text: string, focus: readonly string[][]): boolean {
  const ws = words(text);
  const number = new RegExp(String.raw`^(?:\d[\d,.]*|${NUMBER_WORD})$`, 'i');
  return ws.some((w, i) => number.test(w) && [ws[i + 1], ws[i + 2]].some((next) => next !== undefined && focus.some((slot) => slot.includes(stem(next)))));
}

/** Ranking weight for a sentence given the kinds asked for: above 1 when it states one, below when it states none. */
export function kindWeight(kinds: ReadonlySet<AnswerKind>, text: string, focus: readonly string[][] = []): number {
  if (kinds.size === 0) return 1;
  if (kinds.has('count') && countsFocus(text, focus)) return 1.3;
  const factual = [...kinds].filter((k) => k !== 'rule' && k !== 'count');
  if (kinds.has('count') && STATES.count.test(text)) return factual.some((k) => STATES[k].test(text)) ? 1.3 : 1;
  if (factual.length) return factual.some((k) => STATES[k].test(text)) ? 1.3 : 0.85;
  if (kinds.has('count')) return 0.85;
  return STATES.rule.test(text) ? 1.15 : 0.95;
}
