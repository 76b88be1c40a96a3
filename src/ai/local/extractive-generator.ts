/**
 * The embedded local answer model: picks the context sentences that best cover the question and cites them.
 * It never invents text, so its answers are grounded by construction; it refuses when coverage is too low.
 * A sentence is read with its context: the section it sits under, for a table row the table's header, and
 * for a list item the line that introduces the list. Sentences that state the kind of thing the question
 * asks for (an amount, a duration, a rule) rank above those that only share its words.
 */
import { fuzzyEqual, idfTable } from '../../lib/similarity';
import { sentences, stem, terms, words } from '../../lib/terms';
import { readPrompt, type PromptSource } from '../../rag/prompt-format';
import { answerKinds, focusTerms, isEveryday, questionParts, kindWeight, statesKind, withoutExclusions, type AnswerKind } from './question-focus';

/** Below this share of the question's weight, the context does not answer it. */
const MIN_COVERAGE = 0.4;
const MAX_SENTENCES = 3;
/** Each half of a two-part question adds at most this many sentences to the answer to the whole. */
const PART_SENTENCES = 2;
/** Context terms (section, table header) count for less than the sentence's own words. */
const CONTEXT_WEIGHT = 0.5;
/** Retrieval already ranked the sources; each rank down costs this share of the score. */
const RANK_PENALTY = 0.06;
/** Sentences covering at least this share of the best coverage compete on the kind of answer they state. */
const CONTENDER_SHARE = 0.7;
/** A row keyed by the question's subject outranks a sentence that mentions the subject in passing. */
const KEYED_ROW_WEIGHT = 1.1;

interface Candidate {
  n: number;
  title: string;
  rank: number;
  text: string;
  own: Set<string>;
  context: Set<string>;
  /** A table row's first cell: the thing the row is about. */
  key: string[];
  score: number;
  /** For a line that introduces a list ("Escalate when:"), the list's items: alone, the line says nothing. */
  items: Candidate[];
  /** For a list item, what introduces its list: alone, "- not included in the price" says nothing either. */
  introducer?: Candidate;
}

function cleanSentence(s: string): string {
  return s.replace(/^[>*\-\s]+/, '').replace(/\*\*/g, '').trim();
}

/**
 * Share of the question's weight a set of terms covers, where each question term may be matched by any of
 * its alternatives; exact matches count fully, near-misses (typos) 0.7.
 */
function slotCoverage(slots: readonly string[][], candidate: ReadonlySet<string>, weights: readonly number[]): number {
  let total = 0;
  let hit = 0;
  for (const [i, slot] of slots.entries()) {
    const w = weights[i]!;
    total += w;
    if (slot.some((t) => candidate.has(t))) hit += w;
    else if (slot.some((t) => [...candidate].some((c) => fuzzyEqual(t, c)))) hit += 0.7 * w;
  }
  return total === 0 ? 0 : hit / total;
}

/** Two neighbouring words written as one ("gift cards" → "giftcard"), so run-together spellings match. */
function joinedPairs(text: string): string[] {
  const ws = words(text);
  return ws.slice(1).map((w, i) => stem(`${ws[i]}${w}`));
}

function candidatesOf(source: PromptSource, rank: number): Candidate[] {
  const out: Candidate[] = [];
  const section = terms(`${source.title} ${source.section ?? ''}`);
  let tableHeader: string[] = [];
  let listLead: string[] = [];
  let lead: Candidate | undefined;
  let previous: { candidate: Candidate; end: number } | undefined;
  for (const s of sentences(source.text)) {
    const line = s.text.trim();
    if (/^#{1,6}\s/.test(line) || /^\|?[\s:|-]+\|?$/.test(line)) continue;
    const isRow = line.startsWith('|');
    const isItem = /^(?:[-*+]|\d+[.)])\s/.test(line);
    if (!isRow) tableHeader = [];
    else if (tableHeader.length === 0) {
      tableHeader = terms(line);
      continue;
    }
    if (!isItem && !isRow) {
      listLead = [];
      lead = undefined;
    }
    const text = cleanSentence(isRow ? line.replace(/^\|\s*|\s*\|$/g, '').replace(/\s*\|\s*/g, ' | ') : line);
    const own = new Set([...terms(text), ...joinedPairs(text)]);
    const key = isRow ? terms(text.split(' | ')[0] ?? '') : [];
    const candidate: Candidate = { n: source.n, title: source.title, rank, text, own, context: new Set([...section, ...tableHeader, ...listLead]), key, score: 0, items: [] };
    if (terms(text).length >= 2) out.push(candidate);
    if (isItem && lead) {
      lead.items.push(candidate);
      candidate.introducer = lead.introducer ?? lead;
    }
    // A line that introduces a list ("Every claim needs:") is read with each of its items; "This means:" is
    // read with the sentence before it on the same line ("Orders ship Delivered Duty Unpaid. This means:").
    if (!isItem && !isRow && text.endsWith(':')) {
      const before = previous && terms(text).length < 3 && !source.text.slice(previous.end, s.start).includes('\n') ? previous.candidate : undefined;
      listLead = [...terms(text), ...(before ? terms(before.text) : [])];
      lead = candidate;
      if (before) lead.introducer = before;
    }
    previous = { candidate, end: s.end };
  }
  return out;
}

/** Every context sentence with its coverage of the question and its ranking score, best first. */
function rankSentences(sources: readonly PromptSource[], question: string): {
  candidates: Candidate[];
  covered: Map<Candidate, number>;
  focus: string[][];
  kinds: Set<AnswerKind>;
} {
  const candidates = sources.flatMap(candidatesOf);
  const vocabulary = new Set(candidates.flatMap((c) => [...c.own, ...c.context]));
  const known = (t: string) => vocabulary.has(t) || [...vocabulary].some((v) => fuzzyEqual(t, v));
  const focus = focusTerms(withoutExclusions(question), known);
  const kinds = answerKinds(question);
  const idf = idfTable(candidates.map((c) => c.own));
  // An everyday word the context lacks weighs what a word it holds once weighs, not what a missing topic does.
  const weights = focus.map((slot) =>
    isEveryday(slot[0]!) && !slot.some((t) => vocabulary.has(t)) ? Math.log(1 + (candidates.length + 1) / 1.5) : idf(slot[0]!),
  );
  // A table row keyed by a word of the question ("Standard | 5–7 days | $7.95") is about what is asked: its
  // header and section are then as much its own words as its cells are.
  const keyed = (c: Candidate) => c.key.length > 0 && c.key.every((k) => focus.some((slot) => slot.some((f) => f === k || fuzzyEqual(f, k))));
  const coverage = (c: Candidate) =>
    Math.max(
      slotCoverage(focus, c.own, weights),
      slotCoverage(focus, new Set([...c.own, ...c.context]), weights) * (keyed(c) ? 1 : 1 - CONTEXT_WEIGHT / 2),
    );
  const covered = new Map<Candidate, number>();
  for (const c of candidates) {
    covered.set(c, coverage(c) * (1 - RANK_PENALTY * c.rank));
    c.score = covered.get(c)! * kindWeight(kinds, c.text, focus) * (keyed(c) ? KEYED_ROW_WEIGHT : 1);
  }
  return { candidates: candidates.sort((a, b) => b.score - a.score), covered, focus, kinds };
}

/** The sentences that answer one question, best first, with the coverage of the best; null when none does. */
function pickSentences(
  sources: readonly PromptSource[],
  question: string,
  limit: number,
  taken: ReadonlySet<string>,
): { chosen: Candidate[]; coverage: number } | null {
  const { candidates, covered, focus: q, kinds } = rankSentences(sources, question);
  // Only sentences that cover enough of the question compete; among them, the kind of answer decides.
  const top = Math.max(0, ...covered.values());
  if (q.length === 0 || top < MIN_COVERAGE) return null;
  // A sentence an earlier question already chose answers this one only if it states what this one asks for.
  const factual = [...kinds].filter((k) => k !== 'rule');
  const fresh = (c: Candidate) => !taken.has(c.text) || factual.length === 0 || factual.some((k) => statesKind(k, c.text, q));
  const contenders = candidates.filter((c) => covered.get(c)! >= top * CONTENDER_SHARE);
  const eligible = contenders.some(fresh) ? contenders.filter(fresh) : contenders;
  const best = eligible[0]!;
  const coverage = Math.min(1, covered.get(best)!);

  // A line that introduces a list is answered by the list: its items follow it instead of other sentences.
  if (best.items.length > 0) return { chosen: [best, ...best.items.slice(0, limit - 1)], coverage };
  const chosen = best.introducer ? [best.introducer, best] : [best];
  const matches = (c: Candidate, slot: string[]) => slot.some((t) => c.own.has(t));
  const seen = new Set(q.filter((slot) => matches(best, slot)));
  for (const c of eligible.slice(1)) {
    if (chosen.length >= limit || c.score < best.score * 0.8) break;
    const adds = q.some((slot) => matches(c, slot) && !seen.has(slot));
    if (!adds || chosen.some((x) => x.text === c.text)) continue;
    chosen.push(c);
    for (const slot of q) if (matches(c, slot)) seen.add(slot);
  }
  // A sentence that shares the question's words but not the thing it asks for ("how long…" answered without a
  // duration) is completed by the best sentence of the same passage, else of the same document, that states it.
  for (const kind of [...kinds].filter((k) => k !== 'rule')) {
    if (chosen.length >= limit || chosen.some((c) => statesKind(kind, c.text, q))) continue;
    const states = (c: Candidate) => !chosen.includes(c) && statesKind(kind, c.text, q);
    const extra = candidates.find((c) => c.n === best.n && states(c)) ?? candidates.find((c) => c.title === best.title && states(c));
    if (extra) chosen.push(extra);
  }
  return { chosen, coverage };
}

/**
 * Answers the question as a whole, then each question it asks ("How much is a crown and how many visits does it
 * take?" asks two) with its own sentences, since the words of one half dilute the other's coverage: a half the
 * context does not answer is left out, and the whole is refused only when neither it nor any half is answered.
 */
export function generateExtractiveAnswer(prompt: string): { answer: string; citations: number[]; confidence: number } {
  const { sources, question } = readPrompt(prompt);
  const parts = questionParts(question);
  const asked = parts.length > 1 ? [question, ...parts] : parts;
  const taken = new Set<string>();
  const picked = asked.flatMap((part, i) => {
    const p = pickSentences(sources, part, i === 0 ? MAX_SENTENCES : PART_SENTENCES, taken);
    for (const c of p?.chosen ?? []) taken.add(c.text);
    return p ?? [];
  });
  if (picked.length === 0) return { answer: '', citations: [], confidence: 0 };
  const chosen = [...new Map(picked.flatMap((p) => p.chosen).map((c) => [c.text, c])).values()].slice(0, MAX_SENTENCES + parts.length - 1);
  return {
    answer: chosen.map((c) => `${c.text} [${c.n}]`).join(' '),
    citations: [...new Set(chosen.map((c) => c.n))],
    confidence: Math.round(Math.max(...picked.map((p) => p.coverage)) * 100) / 100,
  };
}
