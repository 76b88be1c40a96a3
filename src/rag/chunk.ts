/**
 * Structure-aware chunking: sections follow headings, chunks grow paragraph by paragraph, long paragraphs
 * split at sentences, and each chunk overlaps the previous one by its last sentence(s). Every chunk is an
 * exact span [start, end) of the input, so citations can point back into the original text.
 */
import { sentences } from '../lib/terms';

export interface ChunkOptions {
  targetChars: number;
  maxChars: number;
  overlapChars: number;
  /**
   * A document without headings up to this long (an abstract, a note, a product blurb) is one chunk: split in two,
   * its evidence is cut in half and keyword search scores each half against whole documents. 2,000 characters is
   * about the 512-token window of the production embedder, so the whole chunk is still embedded.
   */
  wholeMaxChars?: number;
}

export interface Chunk {
  ordinal: number;
  heading: string | null;
  start: number;
  end: number;
  text: string;
}

export const DEFAULT_CHUNK_OPTIONS: ChunkOptions = { targetChars: 700, maxChars: 1100, overlapChars: 160, wholeMaxChars: 2000 };

interface Span {
  start: number;
  end: number;
}

interface Section {
  heading: string | null;
  spans: Span[];
}

/** Paragraph spans grouped into sections by Markdown-style headings (a heading line always starts a section). */
function sections(text: string): Section[] {
  const out: Section[] = [{ heading: null, spans: [] }];
  const headingPath: string[] = [];
  let paragraph: Span | null = null;
  const flush = () => {
    if (paragraph) out[out.length - 1]!.spans.push(paragraph);
    paragraph = null;
  };
  for (const m of text.matchAll(/[^\n]*(?:\n|$)/g)) {
    if (m[0] === '' && m.index >= text.length) break;
    const line = m[0].replace(/\n$/, '');
    const start = m.index;
    const end = start + line.length;
    const heading = /^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading) {
      flush();
      const level = heading[1]!.length;
      headingPath.length = level - 1;
      headingPath[level - 1] = heading[2]!.trim();
      out.push({ heading: headingPath.filter(Boolean).join(' › '), spans: [{ start, end }] });
    } else if (line.trim() === '') {
      flush();
    } else {
      paragraph = paragraph ? { start: paragraph.start, end } : { start: start + (line.length - line.trimStart().length), end };
    }
  }
  flush();
  return out.filter((s) => s.spans.length > 0);
}

/** Splits a span that is too long at sentence ends, then hard-splits any sentence still too long. */
function splitLong(text: string, span: Span, max: number): Span[] {
  if (span.end - span.start <= max) return [span];
  const parts: Span[] = [];
  for (const s of sentences(text.slice(span.start, span.end))) {
    for (let at = span.start + s.start; at < span.start + s.end; at += max) {
      parts.push({ start: at, end: Math.min(at + max, span.start + s.end) });
    }
  }
  return parts;
}

/** Start offset for the next chunk: the last sentence(s) of the previous one, within the overlap budget. */
function overlapStart(text: string, chunk: Span, overlapChars: number): number {
  const inner = sentences(text.slice(chunk.start, chunk.end));
  let start = chunk.end;
  for (let i = inner.length - 1; i >= 1; i--) {
    const candidate = chunk.start + inner[i]!.start;
    if (chunk.end - candidate > overlapChars) break;
    start = candidate;
  }
  return start;
}

export function chunkText(text: string, options: ChunkOptions = DEFAULT_CHUNK_OPTIONS): Chunk[] {
  const all = sections(text);
  const only = all.length === 1 ? all[0]! : undefined;
  if (only && only.heading === null && options.wholeMaxChars !== undefined) {
    const start = only.spans[0]!.start;
    const end = only.spans.at(-1)!.end;
    if (end - start <= options.wholeMaxChars) return [{ ordinal: 0, heading: null, start, end, text: text.slice(start, end) }];
  }
  const chunks: Chunk[] = [];
  for (const section of all) {
    const units = section.spans.flatMap((s) => splitLong(text, s, options.maxChars));
    const emit = (span: Span) =>
      chunks.push({ ordinal: chunks.length, heading: section.heading, ...span, text: text.slice(span.start, span.end) });
    let current: Span | undefined;
    for (const unit of units) {
      if (!current) {
        current = { ...unit };
      } else if (unit.end - current.start > options.targetChars) {
        emit(current);
        const carry = overlapStart(text, current, options.overlapChars);
        current = { start: carry < current.end && unit.end - carry <= options.maxChars ? carry : unit.start, end: unit.end };
      } else {
        current = { start: current.start, end: unit.end };
      }
    }
    if (current) emit(current);
  }
  return chunks;
}
