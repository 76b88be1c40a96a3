/**
 * Quasi-identifiers with a fixed shape: ages ("a 19 year old", "I'll turn 47"), honorifics and job titles,
 * dates and times, web addresses and postcodes. Each pattern needs the cue or the shape that tells it from an
 * amount, a quantity or a version number.
 */
import type { PiiFinding, PiiKind } from './pii-types';

const MONTH = String.raw`(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?`;
const YEAR = String.raw`(?:1[89]|20)\d{2}`;

/** Each pattern's first capture group, when it has one, is the span; otherwise the whole match. */
const PATTERNS: readonly [PiiKind, RegExp][] = [
  ['url', /\b(?:https?:\/\/|www\.)[\w.-]+(?:\/[\w\-./?%&=#~+]*)?|\b[\w-]+\.(?:com|org|net|io|co|info|biz)(?:\.[a-z]{2})?\b(?![.@\w-])/gi],
  ['age', /\b(\d{1,3})(?:[ -]years?[ -]old|[ -]y\/?o\b|[ -]yrs?[ -]old)/gi],
  ['age', /\b(?:turn(?:ed|s|ing)?|aged?|age of|at the age of|age:)\s+(\d{1,3})\b(?![.,]\d|\s*(?:%|percent|days|hours|minutes|items|units|orders|[$€£]))/gi],
  ['title', /\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Rev|Herr|Frau)\.?(?=[ \t]+\p{Lu})/gu],
  ['date', new RegExp(String.raw`\b(?:${YEAR}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?|\d{1,2}[./]\d{1,2}[./](?:${YEAR}|\d{2})|${MONTH}[ \t]+\d{1,2}(?:st|nd|rd|th)?,?[ \t]+${YEAR}|\d{1,2}(?:st|nd|rd|th)?[ \t]+${MONTH},?[ \t]+${YEAR}|${MONTH}[ \t]+${YEAR})\b`, 'g')],
  // A bare year or weekday is a date only when it dates an event ("in 1977", "on Tuesday morning").
  ['date', new RegExp(String.raw`\b(?:in|since|during|of|until|from|by)[ \t]+(${YEAR})\b(?![.,]?\d|[ \t]*(?:[$€£%]|items|units|orders|ORD))`, 'gi')],
  ['date', /\b(?:on|last|next|this|every)[ \t]+((?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:[ \t]+(?:morning|afternoon|evening|night))?)\b/g],
  // Every postcode format holds a digit; without one the cue is followed by a word ("a ZIP file", "ZIP or postal code").
  ['zip', /\b(?:zip code|postal code|post code|postcode|zip|plz)(?: is)?[:\s]+((?=[A-Z]*\d)[A-Z0-9]{2,5}(?:[ -][A-Z0-9]{2,4})?)\b/gi],
];

export function detectQuasi(text: string): PiiFinding[] {
  const out: PiiFinding[] = [];
  for (const [kind, pattern] of PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      const span = m[1] ?? m[0];
      const start = m.index + m[0].indexOf(span);
      out.push({ kind, start, end: start + span.length });
    }
  }
  return out;
}
