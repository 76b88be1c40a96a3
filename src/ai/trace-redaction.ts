/**
 * Redaction of traced prompts. A prompt joins separate texts (the retrieved passages, each in its own source tag or
 * after a '---' join, and the question), and the same passages come back ask after ask; so each part is redacted on
 * its own and remembered per isolate, instead of scanning the whole prompt again on every model call. A part is a
 * separate document, so nothing personal spans two parts.
 */
import { redactPii } from '../guard/pii';
import { boundedMemo } from '../lib/bounded-memo';

/** The joins between parts: '---' lines, and the line breaks around our own tag lines (data cannot forge a tag). */
const JOINS = /(\n---\n|\n(?=<\/?(?:source|context|question)\b)|(?<=^<\/?(?:source|context|question)\b[^>\n]*>)\n)/m;

const redactPart = boundedMemo((part: string) => redactPii(part).text, 1024);

export function redactTracedText(text: string): string {
  return text
    .split(JOINS)
    .map((part, i) => (i % 2 === 1 ? part : redactPart(part)))
    .join('');
}
