/**
 * The embedded local answer model: picks the context sentences that best cover the question and cites them.
 * It never invents text, so its answers are grounded by construction; it refuses when coverage is too low.
 */
import { sentences, terms } from '../../lib/terms';
import { idfTable, weightedCoverage } from '../../lib/similarity';
import { readPrompt } from '../../rag/prompt-format';

/** Below this share of the question's weight, the context does not answer it. */
const MIN_COVERAGE = 0.5;
const MAX_SENTENCES = 3;

interface Candidate {
  n: number;
  rank: number;
  text: string;
  terms: Set<string>;
  score: number;
}

function cleanSentence(s: string): string {
  return s.replace(/^[#>*\-\s]+/, '').replace(/\*\*/g, '').trim();
}

export function generateExtractiveAnswer(prompt: string): { answer: string; citations: number[]; confidence: number } {
  const { sources, question } = readPrompt(prompt);
  const q = terms(question);
  const candidates: Candidate[] = [];
  sources.forEach((source, rank) => {
    for (const s of sentences(source.text)) {
      const text = cleanSentence(s.text);
      const ts = new Set(terms(text));
      if (ts.size >= 3) candidates.push({ n: source.n, rank, text, terms: ts, score: 0 });
    }
  });
  const idf = idfTable(candidates.map((c) => c.terms));
  for (const c of candidates) {
    // Earlier sources ranked higher in retrieval; a small prior breaks ties toward them.
    c.score = weightedCoverage(q, c.terms, idf) * (1 - 0.02 * c.rank);
  }
  candidates.sort((a, b) => b.score - a.score);
  const best = candidates[0];
  if (!best || q.length === 0 || best.score < MIN_COVERAGE) return { answer: '', citations: [], confidence: 0 };

  const chosen = [best];
  const covered = new Set([...best.terms].filter((t) => q.includes(t)));
  for (const c of candidates.slice(1)) {
    if (chosen.length >= MAX_SENTENCES || c.score < best.score * 0.75) break;
    const adds = q.some((t) => c.terms.has(t) && !covered.has(t));
    if (!adds || chosen.some((x) => x.text === c.text)) continue;
    chosen.push(c);
    for (const t of c.terms) if (q.includes(t)) covered.add(t);
  }
  const allTerms = new Set(chosen.flatMap((c) => [...c.terms]));
  const confidence = Math.round(weightedCoverage(q, allTerms, idf) * 100) / 100;
  return {
    answer: chosen.map((c) => `${c.text} [${c.n}]`).join(' '),
    citations: [...new Set(chosen.map((c) => c.n))],
    confidence,
  };
}
