/**
 * Claim-to-span verification: every answer sentence must cite a source, and some span of the cited text (one
 * sentence or two adjacent ones) must both share most of its content terms and agree with it on quantities,
 * units, dates, negation and named entities (claim-facts.ts). That span is returned as the claim's evidence,
 * so the citation highlights exactly what supported the claim. Unsupported sentences are dropped.
 */
import { fuzzyEqual } from '../lib/similarity';
import { sentences, terms } from '../lib/terms';
import { disagreement } from './claim-facts';

export interface Claim {
  text: string;
  sources: number[];
}

/** Where a kept claim's support lies: a span of one cited source's text. */
export interface Evidence {
  source: number;
  start: number;
  end: number;
  text: string;
}

export interface VerifiedClaim extends Claim {
  evidence: Evidence[];
}

/** Share of a sentence's content terms needed in its evidence to count as supported. */
export const MIN_SUPPORT = 0.6;

/**
 * Splits an answer into claims: each claim is the text up to and including a run of `[n]` markers (a full stop
 * may sit before or after the markers). Trailing text with no marker becomes a claim with no sources.
 */
export function claimsOf(answer: string): Claim[] {
  const claims: Claim[] = [];
  const re = /([^[\]]*?)((?:\s*\[\d+\])+)\s*([.!?])?/g;
  let at = 0;
  for (let m = re.exec(answer); m; m = re.exec(answer)) {
    const text = `${m[1] ?? ''}${m[3] ?? ''}`.replace(/\s+([.!?])/g, '$1').trim();
    const sources = [...(m[2] ?? '').matchAll(/\[(\d+)\]/g)].map((x) => Number(x[1]));
    if (text) claims.push({ text, sources: [...new Set(sources)] });
    at = re.lastIndex;
  }
  const rest = answer.slice(at).trim();
  if (rest) claims.push({ text: rest, sources: [] });
  return claims;
}

export function support(claim: string, sourceText: string): number {
  return coverage([...new Set(terms(claim))], new Set(terms(sourceText)));
}

function coverage(claimTerms: readonly string[], available: ReadonlySet<string>): number {
  if (claimTerms.length === 0) return 0;
  let hits = 0;
  for (const t of claimTerms) {
    if (available.has(t)) hits++;
    else for (const a of available) if (fuzzyEqual(t, a)) { hits++; break; }
  }
  return hits / claimTerms.length;
}

interface Span extends Evidence {
  terms: ReadonlySet<string>;
}

/** A source's sentences and adjacent-sentence pairs with their terms, computed once per source text. */
function spansOf(source: number, text: string): { singles: Span[]; pairs: Span[] } {
  const singles = sentences(text).map((s) => ({ source, start: s.start, end: s.end, text: s.text, terms: new Set(terms(s.text)) }));
  const pairs = singles.slice(1).map((b, i) => {
    const a = singles[i]!;
    return { source, start: a.start, end: b.end, text: text.slice(a.start, b.end), terms: new Set([...a.terms, ...b.terms]) };
  });
  return { singles, pairs };
}

/**
 * Candidate evidence spans of one source, best first: single sentences when any of them carries enough of the
 * claim's terms, otherwise pairs of adjacent sentences. A pair is never preferred to a sentence that already
 * covers the claim, so a neighbour cannot lend the claim a negation or a number it does not have.
 */
function candidates(claimTerms: readonly string[], spans: { singles: Span[]; pairs: Span[] }): { e: Evidence; score: number }[] {
  const ranked = (list: Span[]) =>
    list.map(({ terms: t, ...e }) => ({ e, score: coverage(claimTerms, t) })).sort((a, b) => b.score - a.score);
  const singles = ranked(spans.singles);
  if (singles[0] && singles[0].score >= MIN_SUPPORT) return singles;
  return [...ranked(spans.pairs), ...singles];
}

/**
 * The evidence that supports a claim in its cited texts, or null. One span per cited source: with several
 * sources the claim may combine them, so their best spans are judged together.
 */
export function evidenceFor(claim: Claim, cited: readonly string[]): Evidence[] | null {
  const claimTerms = [...new Set(terms(claim.text))];
  const perSource = cited.map((text, i) => candidates(claimTerms, spansOf(claim.sources[i]!, text)));
  if (perSource.length === 1) {
    const hit = perSource[0]!.find(({ e, score }) => score >= MIN_SUPPORT && disagreement(claim.text, e.text) === null);
    return hit ? [hit.e] : null;
  }
  const best = perSource.map((list) => list[0]?.e).filter((e): e is Evidence => e !== undefined);
  const joined = best.map((e) => e.text).join('\n');
  return best.length === cited.length && support(claim.text, joined) >= MIN_SUPPORT && disagreement(claim.text, joined) === null
    ? best
    : null;
}

/** Keeps the claims whose cited sources exist and support them, each with the span that did. */
export function verifyClaims(claims: readonly Claim[], sourceText: (n: number) => string | undefined): VerifiedClaim[] {
  const kept: VerifiedClaim[] = [];
  for (const c of claims) {
    const cited = c.sources.map(sourceText).filter((t): t is string => t !== undefined);
    if (cited.length === 0 || cited.length !== c.sources.length) continue;
    const evidence = evidenceFor(c, cited);
    if (evidence) kept.push({ ...c, evidence });
  }
  return kept;
}
