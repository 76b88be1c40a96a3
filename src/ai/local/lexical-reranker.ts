/**
 * The embedded local reranker: IDF-weighted coverage of the question's focus terms, with a bonus for dense
 * matches. It reads the question as the answerer does: chat filler and framing ("customer calling from … asks
 * how much") are not terms, so they cannot pull a passage that merely repeats them above the one that answers.
 */
import { fuzzyEqual, idfTable, weightedCoverage } from '../../lib/similarity';
import { terms } from '../../lib/terms';
import { focusTerms } from './question-focus';

/** The query's terms as the answerer reads them; all its terms when nothing but filler is left. */
function queryTerms(query: string, vocabulary: ReadonlySet<string>): string[] {
  const known = (t: string) => vocabulary.has(t) || [...vocabulary].some((v) => fuzzyEqual(t, v));
  const focus = focusTerms(query, known).map((slot) => slot[0]!);
  return focus.length > 0 ? focus : terms(query);
}

export function rerankLexical(query: string, documents: readonly string[]): number[] {
  const bags = documents.map((d) => terms(d));
  const sets = bags.map((b) => new Set(b));
  const q = queryTerms(query, new Set(bags.flat()));
  const idf = idfTable(sets);
  return bags.map((bag, i) => {
    const coverage = weightedCoverage(q, sets[i]!, idf);
    const hits = bag.filter((t) => q.includes(t)).length;
    const density = bag.length ? hits / Math.sqrt(bag.length) : 0;
    return coverage + 0.1 * Math.min(1, density);
  });
}
