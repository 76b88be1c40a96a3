/** The embedded local reranker: IDF-weighted coverage of the query's terms, with a bonus for dense matches. */
import { terms } from '../../lib/terms';
import { idfTable, weightedCoverage } from '../../lib/similarity';

export function rerankLexical(query: string, documents: readonly string[]): number[] {
  const q = terms(query);
  const bags = documents.map((d) => terms(d));
  const sets = bags.map((b) => new Set(b));
  const idf = idfTable(sets);
  return bags.map((bag, i) => {
    const coverage = weightedCoverage(q, sets[i]!, idf);
    const hits = bag.filter((t) => q.includes(t)).length;
    const density = bag.length ? hits / Math.sqrt(bag.length) : 0;
    return coverage + 0.1 * Math.min(1, density);
  });
}
