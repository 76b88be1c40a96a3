import { stem } from '../lib/terms';

/**
 * The checkable facts of a sentence for claim verification: quantities with their units, dates, negation and
 * named entities. Two texts agree on a claim only when these agree, whatever their word overlap.
 */

const NUMBER_WORDS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11,
  twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90, hundred: 100,
  single: 1, once: 1, twice: 2, double: 2, half: 0.5,
};

/** Unit words folded to one spelling, so "30 days" and "30-day" agree and "30 weeks" does not. */
const UNITS: Record<string, string> = {
  second: 's', seconds: 's', minute: 'min', minutes: 'min', min: 'min', mins: 'min', hour: 'h', hours: 'h', hr: 'h',
  hrs: 'h', day: 'd', days: 'd', week: 'wk', weeks: 'wk', month: 'mo', months: 'mo', year: 'y', years: 'y',
  percent: '%', '%': '%', kg: 'kg', g: 'g', lb: 'lb', lbs: 'lb', mm: 'mm', cm: 'cm', km: 'km', m: 'm', points: 'pt',
  point: 'pt', am: 'am', pm: 'pm', usd: '$', dollars: '$', dollar: '$', eur: '€', items: 'item', item: 'item',
  orders: 'order', order: 'order', times: 'x', attempts: 'attempt', characters: 'char',
};
/** Words that may sit between a number and its unit ("5 business days", "30 calendar days"). */
const UNIT_FILLERS = new Set(['business', 'calendar', 'working', 'full', 'more', 'additional', 'consecutive', 'hour', 'day']);

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

const NEGATIONS = new Set([
  'not', 'no', 'never', 'cannot', 'none', 'nobody', 'nothing', 'neither', 'nor', 'without', 'non', 'nowhere',
  'unable', 'excluded', 'ineligible',
]);

/** Who does what: the parties of the corpus's policies, whose order must not flip between claim and evidence. */
const ACTORS = ['customer', 'agent', 'team lead', 'finance', 'northwind', 'carrier', 'warehouse', 'manager', 'supervisor', 'reviewer', 'vendor', 'bank'];

/** Time units named without a number ("ships the same business day"): still part of what the claim says. */
const TIME_UNITS = ['minute', 'hour', 'day', 'week', 'month', 'year'];

/** How many words after a negation cue fall in its scope. */
const NEGATION_SCOPE = 4;

export interface Quantity {
  value: number;
  /** Folded unit, or '' when none follows; a currency sign counts as a unit. */
  unit: string;
}

export interface ClaimFacts {
  quantities: Quantity[];
  dates: string[];
  /** Content words (stemmed) that sit in the scope of a negation cue. */
  negatedTerms: Set<string>;
  /** Content words (stemmed) of the text. */
  terms: Set<string>;
  timeUnits: Set<string>;
  actors: string[];
  /** Lower-cased proper names and codes (e.g. "emberlite", "ord-1002", "l2"). */
  entities: string[];
}

function tokens(text: string): string[] {
  return (
    text
      .replace(/\*\*|__|`/g, '')
      .replace(/[‘’]/g, "'")
      .match(/[$€£]?\d[\d,]*(?:\.\d+)?%?|[A-Za-z][A-Za-z0-9]*(?:['-][A-Za-z0-9]+)*|[%$€£,;:]/g) ?? []
  );
}

function numberOf(token: string): number | undefined {
  const t = token.toLowerCase();
  if (/^[$€£]?\d/.test(t)) return Number(t.replace(/[$€£,%]/g, ''));
  const parts = t.split('-');
  if (parts.every((p) => p in NUMBER_WORDS)) return parts.reduce((s, p) => s + NUMBER_WORDS[p]!, 0);
  return undefined;
}

function quantities(toks: string[]): Quantity[] {
  const out: Quantity[] = [];
  for (let i = 0; i < toks.length; i++) {
    const tok = toks[i]!;
    // "30-day" is one token: a number word or digits, a hyphen, then the unit.
    const hyphen = /^(\d+|[a-z]+)-([a-z]+)$/i.exec(tok);
    const head = hyphen ? hyphen[1]! : tok;
    const value = numberOf(head);
    if (value === undefined || Number.isNaN(value)) continue;
    let unit = /^[$€£]/.test(tok) ? tok[0]!.replace('£', '$') : tok.endsWith('%') ? '%' : '';
    if (!unit && hyphen) unit = UNITS[hyphen[2]!.toLowerCase()] ?? '';
    for (let j = i + 1; !unit && j < Math.min(toks.length, i + 4); j++) {
      const w = toks[j]!.toLowerCase();
      if (UNITS[w]) unit = UNITS[w];
      else if (!UNIT_FILLERS.has(w)) break;
    }
    out.push({ value, unit });
  }
  return out;
}

/** A proper name or a code: capitalised but not sentence-initial, or any token mixing letters and digits. */
function entities(toks: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (/^[$€£]?\d/.test(t)) continue;
    const lower = t.toLowerCase();
    if (/^[A-Z]/.test(t) && (MONTHS.includes(lower) || WEEKDAYS.includes(lower))) continue;
    const code = /\d/.test(t) && /[a-z]/i.test(t);
    const proper = i > 0 && /^[A-Z]/.test(t) && !/^(I|I'm|I'll|I've|OK)$/.test(t);
    if (code || proper) out.push(lower);
  }
  return out;
}

function isNegation(word: string): boolean {
  return NEGATIONS.has(word) || /n't$/.test(word);
}

function negationScopes(lower: string[]): { terms: Set<string>; negatedTerms: Set<string> } {
  const all = new Set<string>();
  const negatedTerms = new Set<string>();
  let scope = 0;
  for (const w of lower) {
    if (isNegation(w)) {
      scope = NEGATION_SCOPE;
      continue;
    }
    const t = stem(w);
    all.add(t);
    if (scope > 0) negatedTerms.add(t);
    scope = /^[,;:]$/.test(w) ? 0 : Math.max(0, scope - 1);
  }
  return { terms: all, negatedTerms };
}

export function claimFacts(text: string): ClaimFacts {
  const toks = tokens(text);
  const lower = toks.map((t) => t.toLowerCase());
  const flat = lower.join(' ');
  return {
    ...negationScopes(lower),
    timeUnits: new Set(TIME_UNITS.filter((u) => new RegExp(`\\b${u}s?\\b`).test(flat))),
    actors: ACTORS.map((a) => ({ a, at: flat.search(new RegExp(`\\b${a}`)) }))
      .filter((x) => x.at >= 0)
      .sort((x, y) => x.at - y.at)
      .map((x) => x.a),
    quantities: quantities(toks),
    // Capitalised only: "may" the modal is not "May" the month.
    dates: toks.filter((t) => /^[A-Z]/.test(t)).map((t) => t.toLowerCase()).filter((t) => MONTHS.includes(t) || WEEKDAYS.includes(t)),
    entities: entities(toks),
  };
}

const STOP = new Set(['a', 'an', 'the', 'to', 'of', 'be', 'is', 'are', 'it', 'and', 'or', 'for', 'in', 'on', 'at', 'by', 'with', 'than', 'that', 'this', 'any', 'one']);

function isSubsequence(small: readonly string[], big: readonly string[]): boolean {
  let i = 0;
  for (const x of big) if (x === small[i]) i++;
  return i === small.length;
}

/**
 * Why the evidence does not back the claim, or null when it does: every quantity (with its unit), date and
 * entity of the claim must occur in the evidence, and both must agree on negation.
 * Example: `disagreement('Refunds take 60 days.', 'Refunds take 30 days.')` → 'quantity 60 d'.
 */
export function disagreement(claim: string, evidence: string): string | null {
  const c = claimFacts(claim);
  const e = claimFacts(evidence);
  for (const q of c.quantities) {
    if (!e.quantities.some((x) => x.value === q.value && x.unit === q.unit)) return `quantity ${q.value} ${q.unit}`.trim();
  }
  if (!isSubsequence(c.dates, e.dates)) return `dates ${c.dates.join(' ')}`;
  for (const u of c.timeUnits) if (!e.timeUnits.has(u)) return `unit ${u}`;
  for (const t of c.terms) {
    if (e.terms.has(t) && c.negatedTerms.has(t) !== e.negatedTerms.has(t)) return `negation of ${t}`;
  }
  // A negated word the evidence does not mention at all still turns the claim around.
  for (const t of c.negatedTerms) if (!e.terms.has(t) && !STOP.has(t)) return `negation of ${t}`;
  if (!isSubsequence(c.actors, e.actors)) return `roles ${c.actors.join(' ')}`;
  const evidenceWords = evidence.toLowerCase();
  for (const name of c.entities) if (!evidenceWords.includes(name)) return `entity ${name}`;
  return null;
}
