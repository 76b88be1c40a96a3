/**
 * The values a support request names, however it spells them: order and ticket ids in any case and
 * spacing ("ord 1002", "order #1002", "ord-1002" → ORD-1002), support levels, ticket statuses and priorities.
 * Each value says whether it was written explicitly or inferred from wording, so the parser can lower
 * its confidence for the inferred ones.
 */

export interface Found<T extends string> {
  value: T;
  /** False when inferred from wording ("get a manager" → L3, "urgent" → P1). */
  explicit: boolean;
  at: number;
}

export interface RequestIds {
  orders: Found<string>[];
  tickets: Found<string>[];
  /** "#1002" with no word saying whether it is an order or a ticket. */
  bare: Found<string>[];
  /** The request with every id replaced, at the same length, by ORDID / TCKID / BAREID, so wording rules can see "refund ORDID". */
  masked: string;
}

const TYPED_ID = /\b(ord(?:ers?)?|tck|tkt|tix|tickets?)(?![a-z])(?:[\s#:_.-]|\bno\b\.?|\bnr\b\.?|\bnumber\b|\bnum\b|\bid\b)*(\d{4,})(?![\d-])/gi;
const BARE_ID = /(?<![\w-])#\s?(\d{4,})\b/g;

function mask(text: string, start: number, end: number, token: string): string {
  const width = end - start;
  const fill = width >= token.length ? token.padEnd(width, ' ') : token.slice(0, width);
  return text.slice(0, start) + fill + text.slice(end);
}

export function findIds(text: string): RequestIds {
  const orders: Found<string>[] = [];
  const tickets: Found<string>[] = [];
  const bare: Found<string>[] = [];
  let masked = text;
  for (const m of text.matchAll(TYPED_ID)) {
    const isOrder = m[1]!.toLowerCase().startsWith('ord');
    (isOrder ? orders : tickets).push({ value: `${isOrder ? 'ORD' : 'TCK'}-${m[2]}`, explicit: true, at: m.index });
    masked = mask(masked, m.index, m.index + m[0].length, isOrder ? 'ORDID' : 'TCKID');
  }
  for (const m of masked.matchAll(BARE_ID)) {
    bare.push({ value: m[1]!, explicit: false, at: m.index });
    masked = mask(masked, m.index, m.index + m[0].length, 'BAREID');
  }
  return { orders, tickets, bare, masked };
}

const LEVEL_WORDS: Readonly<Record<string, string>> = { '2': 'L2', two: 'L2', second: 'L2', '2nd': 'L2', '3': 'L3', three: 'L3', third: 'L3', '3rd': 'L3' };

/** Support levels named in the text; "L1" is reported as the value "L1" so the caller can refuse it. */
export function findLevels(text: string): Found<string>[] {
  const out: Found<string>[] = [];
  const explicit =
    /\bL\s?-?([1-3])\b|\b(?:level|tier|line)\s*-?\s*([1-3]|one|two|three)\b|\b(first|1st|second|2nd|third|3rd)[\s-]+(?:level|tier|line)\b/gi;
  for (const m of text.matchAll(explicit)) {
    const word = (m[1] ?? m[2] ?? m[3] ?? '').toLowerCase();
    out.push({ value: LEVEL_WORDS[word] ?? 'L1', explicit: true, at: m.index });
  }
  const inferred: readonly [RegExp, string][] = [
    [/\b(?:team\s?leads?|supervisors?|senior\s+(?:agents?|specialists?|staff))\b/gi, 'L2'],
    [/\b(?:managers?|management|product\s+safety|legal(?:\s+team)?|lawyers?|privacy\s+office)\b/gi, 'L3'],
  ];
  for (const [re, value] of inferred) for (const m of text.matchAll(re)) out.push({ value, explicit: false, at: m.index });
  return out.sort((a, b) => a.at - b.at);
}

const STATUS_OF: Readonly<Record<string, string>> = {
  open: 'open', reopen: 'open', 're-open': 'open', reopened: 'open', pending: 'pending', 'on hold': 'pending',
  resolved: 'resolved', resolve: 'resolved', solved: 'resolved', done: 'resolved', fixed: 'resolved', complete: 'resolved', completed: 'resolved', closed: 'closed', close: 'closed',
};

/** Statuses written as the target of a change ("to pending", "as closed", "status: resolved", "on hold"). */
export function findStatuses(text: string): Found<string>[] {
  const re = /(?:\b(?:to|as|status(?:\s+(?:to|of|=))?|into|is|be|TCKID|BAREID|it|this)|:|→|->)\s*(open|pending|resolved|solved|closed|re-?opened|done|fixed|completed?)\b|\b(on hold)\b/gi;
  return [...text.matchAll(re)].map((m) => ({ value: STATUS_OF[(m[1] ?? m[2])!.toLowerCase()]!, explicit: true, at: m.index }));
}

/** The status a verb itself sets: "close TCK-1" → closed. */
export function statusOfVerb(verb: string): string | undefined {
  return STATUS_OF[verb.toLowerCase()];
}

const PRIORITY_WORDS: Readonly<Record<string, string>> = {
  '1': 'P1', one: 'P1', urgent: 'P1', critical: 'P1', '2': 'P2', two: 'P2', high: 'P2',
  '3': 'P3', three: 'P3', normal: 'P3', medium: 'P3', '4': 'P4', four: 'P4', low: 'P4',
};

/** Priorities: "P2" explicitly, or the handbook's names for them (P1 urgent, P2 high, P3 normal, P4 low). */
export function findPriorities(text: string): Found<string>[] {
  const out: Found<string>[] = [];
  for (const m of text.matchAll(/\bP\s?-?([1-4])\b|\bpriority\s+(?:to\s+|of\s+|=\s*|:\s*)?([1-4]|one|two|three|four)\b/gi)) {
    out.push({ value: PRIORITY_WORDS[(m[1] ?? m[2])!.toLowerCase()]!, explicit: true, at: m.index });
  }
  const named = /\b(urgent|critical|high|normal|medium|low)(?=\s+priority\b)|\bpriority\s+(?:to\s+|as\s+|of\s+)?(urgent|critical|high|normal|medium|low)\b|\b(?:as|to|it|this|TCKID|BAREID|ticket)\s+(?:an?\s+)?(urgent|critical)\b/gi;
  for (const m of text.matchAll(named)) {
    if (out.some((f) => Math.abs(f.at - m.index) < 12)) continue;
    out.push({ value: PRIORITY_WORDS[(m[1] ?? m[2] ?? m[3])!.toLowerCase()]!, explicit: false, at: m.index });
  }
  return out.sort((a, b) => a.at - b.at);
}
