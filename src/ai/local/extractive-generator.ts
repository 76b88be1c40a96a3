/**
 * The embedded local answer model: picks the context sentences that best cover the question and cites them.
 * It never invents text, so its answers are grounded by construction; it refuses when coverage is too low.
 * A sentence is read with its context: the section it sits under and, for a table row, the table's header.
 */
import { idfTable, weightedCoverage } from '../../lib/similarity';
import { sentences, terms } from '../../lib/terms';
import { readPrompt, type PromptSource } from '../../rag/prompt-format';

/** Below this share of the question's weight, the context does not answer it. */
const MIN_COVERAGE = 0.4;
const MAX_SENTENCES = 3;
/** Context terms (section, table header) count for less than the sentence's own words. */
const CONTEXT_WEIGHT = 0.5;
/** Retrieval already ranked the sources; each rank down costs this share of the score. */
const RANK_PENALTY = 0.06;

interface Candidate {
  n: number;
  rank: number;
  text: string;
  own: Set<string>;
  context: Set<string>;
  score: number;
}

function cleanSentence(s: string): string {
  return s.replace(/^[>*\-\s]+/, '').replace(/\*\*/g, '').trim();
}

function candidatesOf(source: PromptSource, rank: number): Candidate[] {
  const out: Candidate[] = [];
  const section = terms(`${source.title} ${source.section ?? ''}`);
  let tableHeader: string[] = [];
  for (const s of sentences(source.text)) {
    const line = s.text.trim();
    if (/^#{1,6}\s/.test(line) || /^\|?[\s:|-]+\|?$/.test(line)) continue;
    const isRow = line.startsWith('|');
    if (!isRow) tableHeader = [];
    else if (tableHeader.length === 0) {
      tableHeader = terms(line);
      continue;
    }
    const text = cleanSentence(isRow ? line.replace(/^\|\s*|\s*\|$/g, '').replace(/\s*\|\s*/g, ' | ') : line);
    const own = new Set(terms(text));
    if (own.size >= 2) out.push({ n: source.n, rank, text, own, context: new Set([...section, ...tableHeader]), score: 0 });
  }
  return out;
}

export function generateExtractiveAnswer(prompt: string): { answer: string; citations: number[]; confidence: number } {
  const { sources, question } = readPrompt(prompt);
  const q = terms(question);
  const candidates = sources.flatMap(candidatesOf);
  const idf = idfTable(candidates.map((c) => c.own));
  const coverage = (c: Candidate) =>
    Math.max(weightedCoverage(q, c.own, idf), weightedCoverage(q, new Set([...c.own, ...c.context]), idf) * (1 - CONTEXT_WEIGHT / 2));
  for (const c of candidates) c.score = coverage(c) * (1 - RANK_PENALTY * c.rank);
  candidates.sort((a, b) => b.score - a.score);
  const best = candidates[0];
  if (!best || q.length === 0 || best.score < MIN_COVERAGE) return { answer: '', citations: [], confidence: 0 };

  const chosen = [best];
  const covered = new Set(q.filter((t) => best.own.has(t)));
  for (const c of candidates.slice(1)) {
    if (chosen.length >= MAX_SENTENCES || c.score < best.score * 0.8) break;
    const adds = q.some((t) => c.own.has(t) && !covered.has(t));
    if (!adds || chosen.some((x) => x.text === c.text)) continue;
    chosen.push(c);
    for (const t of q) if (c.own.has(t)) covered.add(t);
  }
  return {
    answer: chosen.map((c) => `${c.text} [${c.n}]`).join(' '),
    citations: [...new Set(chosen.map((c) => c.n))],
    confidence: Math.round(Math.min(1, best.score) * 100) / 100,
  };
}
