/**
 * A mutation suite for claim verification, built from the golden set: each answered case's expected facts are
 * found in their documents, the sentence holding a fact becomes a faithful claim, and each mutation (negation,
 * number, unit, date, entity swap, role swap) becomes a claim the verifier must reject.
 */
import { sentences } from '../lib/terms';
import { claimFacts } from './claim-facts';

export interface SuiteClaim {
  /** Which golden case and which mutation ("faithful" for the unmutated sentence). */
  id: string;
  kind: 'faithful' | 'negation' | 'number' | 'unit' | 'date' | 'entity' | 'role';
  claim: string;
  /** The cited document text. */
  source: string;
}

interface GoldenAsk {
  id: string;
  kind: string;
  expect: { route?: string; documents?: string[]; facts?: string[] };
}

/** Markdown emphasis and list markers off, as the chunker's plain text would read. */
export function plain(markdown: string): string {
  return markdown
    .replace(/^---[\s\S]*?---\n/, '')
    .replace(/\*\*|__/g, '')
    .replace(/(^|\s)_([^_]+)_/g, '$1$2')
    .replace(/^\s*(?:[-*]|\d+\.)\s+/gm, '')
    .replace(/^#+\s+/gm, '');
}

const AUX = /\b(is|are|was|were|may|can|must|will|should|could|would|has|have|does|do)\b/;
const UNIT_SWAPS: [RegExp, string][] = [
  [/\bbusiness days\b/, 'business weeks'],
  [/\bdays\b/, 'weeks'],
  [/\bday\b/, 'week'],
  [/\bweeks\b/, 'months'],
  [/\bmonths\b/, 'years'],
  [/\bhours\b/, 'days'],
  [/\bminutes\b/, 'hours'],
  [/(\d)%/, '$1 dollars'],
  [/\$(\d[\d,]*(?:\.\d+)?)/, '$1%'],
];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const ROLES = ['customer', 'agent', 'team lead', 'finance', 'Northwind', 'carrier', 'warehouse', 'manager', 'supervisor', 'store'];

function negate(s: string): string | null {
  if (/\bnot\b/.test(s)) return s.replace(/\s*\bnot\b/, '');
  if (/\bnever\b/.test(s)) return s.replace(/\bnever\b/, 'always');
  if (/\bno\b/.test(s)) return s.replace(/\bno\b/, 'a');
  const m = AUX.exec(s);
  return m ? `${s.slice(0, m.index + m[0].length)} not${s.slice(m.index + m[0].length)}` : null;
}

function changeNumber(s: string): string | null {
  const m = /\d[\d,]*(?:\.\d+)?/.exec(s);
  if (!m) return null;
  const n = Number(m[0].replace(/,/g, ''));
  const changed = n === 0 ? 1 : n * 2;
  return s.slice(0, m.index) + String(changed) + s.slice(m.index + m[0].length);
}

function changeUnit(s: string): string | null {
  for (const [re, to] of UNIT_SWAPS) if (re.test(s)) return s.replace(re, to);
  return null;
}

function changeDate(s: string): string | null {
  for (const list of [MONTHS, WEEKDAYS]) {
    const i = list.findIndex((d) => new RegExp(`\\b${d}\\b`).test(s));
    if (i >= 0) return s.replace(new RegExp(`\\b${list[i]}\\b`), list[(i + 1) % list.length]!);
  }
  return null;
}

function swapEntity(s: string, source: string, pool: readonly string[]): string | null {
  const own = claimFacts(s).entities;
  if (own.length === 0) return null;
  const target = own[0]!;
  const replacement = pool.find((p) => !source.toLowerCase().includes(p.toLowerCase()));
  if (!replacement) return null;
  const m = new RegExp(`\\b${target.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&')}\\b`, 'i').exec(s);
  return m ? s.slice(0, m.index) + replacement + s.slice(m.index + m[0].length) : null;
}

function swapRoles(s: string): string | null {
  const found = ROLES.map((r) => ({ r, at: s.search(new RegExp(`\\b${r}`, 'i')) })).filter((x) => x.at >= 0);
  if (found.length === 0) return null;
  found.sort((a, b) => a.at - b.at);
  if (found.length === 1) {
    // One party named: hand its part to another party ("the customer pays" → "the agent pays").
    const { r, at } = found[0]!;
    const other = ROLES.find((x) => x.toLowerCase() !== r.toLowerCase() && !new RegExp(`\\b${x}`, 'i').test(s))!;
    return s.slice(0, at) + other + s.slice(at + r.length);
  }
  const [a, b] = [found[0]!, found[1]!];
  const word = (x: { r: string; at: number }) => s.slice(x.at, x.at + x.r.length);
  return s.slice(0, a.at) + word(b) + s.slice(a.at + a.r.length, b.at) + word(a) + s.slice(b.at + b.r.length);
}

/** Builds the suite; `documents` maps a document id (file name without `.md`) to its Markdown. */
export function mutationSuite(casesJsonl: string, documents: ReadonlyMap<string, string>): SuiteClaim[] {
  const texts = new Map([...documents].map(([id, md]) => [id, plain(md)]));
  const pool = [...new Set([...texts.values()].flatMap((t) => claimFacts(t).entities.map((e) => e)))]
    .filter((e) => e.length > 3)
    .map((e) => e.replace(/(^|-)(\w)/g, (_, d: string, c: string) => d + c.toUpperCase()));
  const out: SuiteClaim[] = [];
  const seen = new Set<string>();
  for (const line of casesJsonl.trim().split('\n')) {
    const c = JSON.parse(line) as GoldenAsk;
    if (c.kind !== 'ask' || c.expect.route !== 'answered') continue;
    for (const doc of c.expect.documents ?? []) {
      const source = texts.get(doc);
      if (!source) continue;
      for (const fact of c.expect.facts ?? []) {
        const sentence = sentences(source).find((s) => s.text.toLowerCase().includes(fact.toLowerCase()));
        if (!sentence || seen.has(sentence.text)) continue;
        seen.add(sentence.text);
        const s = sentence.text;
        out.push({ id: c.id, kind: 'faithful', claim: s, source });
        // The clause that holds the fact, as an answer quoting only part of the sentence would.
        const clause = s.split(/;\s+|:\s+|,\s+(?=(?:and|but|or|so|while|unless)\b)/).find((p) => p.toLowerCase().includes(fact.toLowerCase()));
        if (clause && clause !== s && clause.split(/\s+/).length >= 4) out.push({ id: c.id, kind: 'faithful', claim: clause, source });
        const mutants: [SuiteClaim['kind'], string | null][] = [
          ['negation', negate(s)],
          ['number', changeNumber(s)],
          ['unit', changeUnit(s)],
          ['date', changeDate(s)],
          ['entity', swapEntity(s, source, pool)],
          ['role', swapRoles(s)],
        ];
        for (const [kind, claim] of mutants) if (claim && claim !== s) out.push({ id: c.id, kind, claim, source });
      }
    }
  }
  return out;
}
