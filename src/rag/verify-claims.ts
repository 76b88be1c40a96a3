/**
 * Claim-to-span verification: every answer sentence must cite a source and be supported by it (most of the
 * sentence's content terms occur in the cited text). Unsupported sentences are dropped.
 */
import { fuzzyEqual } from '../lib/similarity';
import { terms } from '../lib/terms';

export interface Claim {
  text: string;
  sources: number[];
}

/** Share of a sentence's content terms needed in its cited sources to count as supported. */
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
  const claimTerms = [...new Set(terms(claim))];
  if (claimTerms.length === 0) return 0;
  const available = new Set(terms(sourceText));
  const hits = claimTerms.filter((t) => available.has(t) || [...available].some((a) => fuzzyEqual(t, a))).length;
  return hits / claimTerms.length;
}

/** Keeps the claims whose cited sources exist and support them. */
export function verifyClaims(claims: readonly Claim[], sourceText: (n: number) => string | undefined): Claim[] {
  return claims.filter((c) => {
    const cited = c.sources.map(sourceText).filter((t): t is string => t !== undefined);
    return cited.length > 0 && cited.length === c.sources.length && support(c.text, cited.join('\n')) >= MIN_SUPPORT;
  });
}
