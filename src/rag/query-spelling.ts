/**
 * Spelling correction of a retrieval query against the corpus's own vocabulary, so "overnite shiping" finds the
 * passage about overnight shipping through BM25 (which matches whole stems only) and the embedder alike.
 *
 * A query word is a candidate when it is a plain word (no digit, not an all-capitals acronym, not part of an id or
 * code like ORD-1002 or NW-ABC-1) that no English word list holds (a real word the corpus lacks, "pointer", is what
 * the asker meant) and whose porter stem is not in the keyword index. It is replaced by the stem
 * within edit distance 1 (2 for words of 8 letters or more whose stem keeps 7; a swap of two letters counts 1) that
 * starts with the same letter and that the most chunks hold, and only when that choice is clear: the nearest
 * distance wins, and among stems at that distance the most frequent must be held by at least twice as many chunks
 * as the next. A word the list lacks can still be replaced by a neighbour (a name, "Franklin" by "frankly"); the
 * limits above are what kept that rare on the public development sets (see the README's retrieval section).
 *
 * Groups: the vocabulary spans every document, so a correction chosen from it could point at a word that only
 * documents the reader cannot see hold, and the reader could notice by the change in what comes back. For a reader
 * restricted to some groups, candidates are therefore counted over the chunks that reader may read (one statement,
 * run only when the query has an unknown word), so which word a query is corrected to depends on readable text
 * alone. The corrected query is never shown, stored or cached under: the stored question stays what was typed.
 * What remains visible is that a word typed exactly as it stands in an unreadable document is left uncorrected.
 */
import type { Identity } from '../auth/identity';
import type { Db } from '../db/client';
import { corpusVersion } from '../db/corpus';
import type { SettingsReader } from '../db/settings';
import { indexVocabulary, readableWordCounts, type VocabularyTerm } from '../db/vocabulary';
import { isCommonWord } from '../guard/common-words';
import { editDistance } from '../lib/edit-distance';
import { porterStem } from '../lib/porter-stem';
import { timed } from '../ops/stage-timing';
import { readerScope } from './access';

// Words of four letters or fewer, or whose stem is ("cries": "cri"), have too many real neighbours ("lost" is one
// edit from "cost") to guess safely.
const MIN_LETTERS = 5;
const MIN_STEM = 4;
/** Two edits are allowed only for a long word whose stem is long too: "cocitation" (stem "cocit") is not "cost". */
const LONG_WORD = 8;
const LONG_STEM = 7;
/** The most frequent stem at the nearest distance must be held by this many times the chunks of the runner-up. */
const CLEAR_MARGIN = 2;

export class SpellingVocabulary {
  private readonly chunks = new Map<string, number>();
  /** Stems by first letter and length: a correction keeps the first letter (typos rarely hit it), so a scan reads one bucket per length. */
  private readonly buckets = new Map<string, string[]>();

  constructor(terms: readonly VocabularyTerm[]) {
    for (const { term, chunks } of terms) {
      this.chunks.set(term, chunks);
      const key = `${term[0]}${term.length}`;
      const bucket = this.buckets.get(key) ?? [];
      bucket.push(term);
      this.buckets.set(key, bucket);
    }
  }

  has(stem: string): boolean {
    return this.chunks.has(stem);
  }

  /** Stems with the same first letter within `max` edits of `stem`, nearest first, then most frequent first. */
  neighbours(stem: string, max: number): { term: string; distance: number; chunks: number }[] {
    const out: { term: string; distance: number; chunks: number }[] = [];
    for (let len = stem.length - max; len <= stem.length + max; len++) {
      for (const term of this.buckets.get(`${stem[0]}${len}`) ?? []) {
        const distance = editDistance(stem, term, max);
        if (distance <= max) out.push({ term, distance, chunks: this.chunks.get(term)! });
      }
    }
    return out.sort((a, b) => a.distance - b.distance || b.chunks - a.chunks);
  }
}

/** A word that stems to `stem`, for the query text: BM25 stems it back, and the embedder reads a word, not a stem. */
export function surfaceForm(stem: string): string | null {
  const tries = [stem.endsWith('i') ? `${stem.slice(0, -1)}y` : stem, stem, `${stem}e`, `${stem}s`, `${stem}ing`, `${stem}ion`];
  return tries.find((w) => porterStem(w) === stem) ?? null;
}

/**
 * Words of the query that could be typos, with where they are: plain words no English word list holds. Ids, codes,
 * numbers and acronyms are skipped, and so is a real word the corpus lacks ("pointer", "shoes"): the asker meant it.
 */
export function correctableWords(query: string): { word: string; start: number }[] {
  const out: { word: string; start: number }[] = [];
  for (const token of query.matchAll(/\S+/g)) {
    // A token holding a digit, an inner hyphen, underscore, @, slash or dot is an id, code, email or address.
    if (/[\d_@/\\]|\p{L}[-.:]\p{L}/u.test(token[0])) continue;
    for (const run of token[0].matchAll(/\p{L}+/gu)) {
      const word = run[0];
      if (word.length < MIN_LETTERS || !/^[a-z]+$/i.test(word) || (word === word.toUpperCase() && word.length > 1)) continue;
      if (isCommonWord(word.toLowerCase())) continue;
      out.push({ word, start: token.index + run.index });
    }
  }
  return out;
}

/** Counts, for a restricted reader, the readable chunks holding each word; `null` for a reader who sees everything. */
export type ReadableCounts = ((words: readonly string[]) => Promise<number[]>) | null;

/** The query with each clearly misspelled word replaced; the query itself when nothing is. */
export async function correctQuery(query: string, vocabulary: SpellingVocabulary, readable: ReadableCounts): Promise<string> {
  const proposals = correctableWords(query).flatMap(({ word, start }) => {
    const stem = porterStem(word.toLowerCase());
    if (stem.length < MIN_STEM || vocabulary.has(stem)) return [];
    const near = vocabulary
      .neighbours(stem, word.length >= LONG_WORD && stem.length >= LONG_STEM ? 2 : 1)
      .flatMap((n) => {
        const surface = surfaceForm(n.term);
        return surface ? [{ ...n, surface }] : [];
      });
    return near.length > 0 ? [{ word, start, near }] : [];
  });
  if (proposals.length === 0) return query;

  if (readable) {
    const surfaces = [...new Set(proposals.flatMap((p) => p.near.map((n) => n.surface)))];
    const counts = await readable(surfaces);
    const readableChunks = new Map(surfaces.map((s, i) => [s, counts[i] ?? 0]));
    for (const p of proposals) {
      p.near = p.near
        .map((n) => ({ ...n, chunks: readableChunks.get(n.surface) ?? 0 }))
        .filter((n) => n.chunks > 0)
        .sort((a, b) => a.distance - b.distance || b.chunks - a.chunks);
    }
  }

  let corrected = query;
  // Right to left, so earlier offsets stay valid.
  for (const { word, start, near } of [...proposals].sort((a, b) => b.start - a.start)) {
    const [best, next] = near;
    if (!best) continue;
    if (next && next.distance === best.distance && best.chunks < CLEAR_MARGIN * next.chunks) continue;
    corrected = corrected.slice(0, start) + best.surface + corrected.slice(start + word.length);
  }
  return corrected;
}

interface CachedVocabulary {
  version: number;
  vocabulary: SpellingVocabulary;
}

// One vocabulary per D1 binding object, so separate test databases never share one.
const cache = new WeakMap<object, CachedVocabulary>();

/** Corrects retrieval queries; the vocabulary is read once per isolate and again whenever the corpus version moves. */
export class QuerySpeller {
  constructor(
    private readonly db: Db,
    private readonly cacheKey: object,
    private readonly settings: SettingsReader,
  ) {}

  async correct(query: string, reader: Pick<Identity, 'groups'>): Promise<string> {
    if (correctableWords(query).length === 0) return query;
    const vocabulary = await this.vocabulary();
    const scope = readerScope(reader);
    const readable: ReadableCounts = scope === 'all' ? null : (words) => readableWordCounts(this.db, words, scope);
    return timed('spelling', () => correctQuery(query, vocabulary, readable));
  }

  private async vocabulary(): Promise<SpellingVocabulary> {
    const version = await corpusVersion(this.settings);
    const cached = cache.get(this.cacheKey);
    if (cached && cached.version === version) return cached.vocabulary;
    const vocabulary = new SpellingVocabulary(await timed('vocabulary-load', () => indexVocabulary(this.db)));
    cache.set(this.cacheKey, { version, vocabulary });
    return vocabulary;
  }
}
