/**
 * Refuses text that is empty or binary before it is chunked and embedded, and accepts what business corpora hold:
 * prose, tables, tables of contents with dot leaders, price lists, CSV-like and numbers-heavy pages.
 *
 * Binary shows itself as characters no text file holds (NUL and other controls, U+FFFD left by a lossy decode, lone
 * surrogates, noncharacters), not as a low share of letters: "PHENYLALANINE TOXICITY 158 . . . . 160" is text.
 */
import { UnprocessableError } from '../errors';

/** Above this share of non-text characters the content is treated as binary. */
export const MAX_NON_TEXT_SHARE = 0.02;
/** Below this share of letters and digits among the visible characters there is nothing to index ("....", "|---|"). */
export const MIN_WORD_SHARE = 0.1;

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const UNICODE_SPACE = /\s/u;

export interface TextQuality {
  /** Code points, after trimming. */
  length: number;
  /** NUL, other controls (tab, newline, carriage return, form feed and vertical tab are text), DEL and C1 controls,
   * U+FFFD, lone surrogates and noncharacters. */
  nonText: number;
  nul: number;
  /** Letters and digits in any script. */
  wordChars: number;
  /** Code points that are neither whitespace nor non-text. */
  visible: number;
}

function isTextControl(code: number): boolean {
  return code === 9 || code === 10 || code === 11 || code === 12 || code === 13;
}

/** Counts, in one pass without per-character allocation, what the screening decides on. */
export function measureText(trimmed: string): TextQuality {
  let length = 0;
  let nonText = 0;
  let nul = 0;
  let wordChars = 0;
  let visible = 0;
  for (let i = 0; i < trimmed.length; i++) {
    let code = trimmed.charCodeAt(i);
    length++;
    if (code < 0x80) {
      if (code < 32 || code === 0x7f) {
        if (isTextControl(code)) continue;
        nonText++;
        if (code === 0) nul++;
        continue;
      }
      if (code === 32) continue;
      visible++;
      if ((code >= 48 && code <= 57) || ((code | 0x20) >= 97 && (code | 0x20) <= 122)) wordChars++;
      continue;
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = trimmed.charCodeAt(i + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else {
        nonText++; // a lone surrogate: not valid Unicode text
        continue;
      }
    }
    if ((code >= 0x80 && code <= 0x9f) || code === 0xfffd || (code >= 0xfdd0 && code <= 0xfdef) || (code & 0xfffe) === 0xfffe) {
      nonText++;
      continue;
    }
    const ch = String.fromCodePoint(code);
    if (UNICODE_SPACE.test(ch)) continue;
    visible++;
    if (LETTER_OR_DIGIT.test(ch)) wordChars++;
  }
  return { length, nonText, nul, wordChars, visible };
}

const share = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 1000);

/**
 * Throws UnprocessableError (422) for empty text, binary (non-text characters beyond MAX_NON_TEXT_SHARE) or
 * text with nothing to index (letters and digits under MIN_WORD_SHARE of the visible characters).
 */
export function assertUsableText(text: string): void {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw new UnprocessableError('The document contains no text.');
  const q = measureText(trimmed);
  if (q.nonText / q.length > MAX_NON_TEXT_SHARE) {
    throw new UnprocessableError('The document looks like binary data, not text.', {
      nonTextShare: share(q.nonText, q.length),
      nulShare: share(q.nul, q.length),
    });
  }
  if (q.visible === 0 || q.wordChars / q.visible < MIN_WORD_SHARE) {
    throw new UnprocessableError('The document has no words or numbers to index.', { wordShare: share(q.wordChars, q.visible) });
  }
}
