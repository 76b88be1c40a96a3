/**
 * Person names: a gazetteer of first names (name-lexicon.json, built by scripts/build-name-lexicon.ts) plus
 * context rules ("my name is", "Mrs.", "Dear", a signature), and runs of two or three capitalised words none of
 * which is an ordinary word, an organisation or a place word ("Tomomi Nishiyama", not "Mill Village").
 */
import { isCommonWord } from './common-words';
import lexicon from './name-lexicon.json';
import { knownPlace } from './pii-place';
import type { PiiFinding } from './pii-types';

const FIRST_NAMES = new Set(lexicon.firstNames.split(' '));

/** Words that end or start an organisation, a place or a heading rather than a person's name. */
const NOT_PERSON_WORDS = new Set([
  'Inc', 'Ltd', 'LLC', 'Corp', 'Corporation', 'Company', 'Co', 'Group', 'GmbH', 'AG', 'SA', 'Plc', 'Investments',
  'Holdings', 'Partners', 'Bank', 'University', 'College', 'School', 'Hospital', 'Hotel', 'Orchestra', 'Union',
  'Village', 'City', 'County', 'Street', 'Road', 'Avenue', 'Park', 'Parks', 'Pass', 'Extensions', 'Fax', 'Desk',
  'Office', 'Phone', 'Mobile', 'Email', 'Tel', 'Store', 'Team', 'Policy', 'Day', 'Eve', 'Republic', 'Kingdom',
  'States', 'Islands', 'Springs', 'Streets',
]);

/** A capitalised name word (Unicode letters, inner apostrophes or hyphens), or a middle initial. */
const NAME_WORD = String.raw`(?:\p{Lu}[\p{Ll}\p{M}]+(?:['’-]\p{Lu}?[\p{Ll}\p{M}]+)*|\p{Lu}\.?)(?![\p{L}\p{M}])`;
const NAME = String.raw`${NAME_WORD}(?:[ \t]+${NAME_WORD}){0,3}`;

/** Cues after which a capitalised word is a person even when the gazetteer does not know it. */
const STRONG_CUE = new RegExp(
  String.raw`(?:\b(?:my name is|my name's|name:|full name:|called|named|calls? me|last name(?: is)?\??|maiden name(?: is)?|your name\?|surname(?: is)?:?|first name(?: is)?:?|starring|directed by|written by|sung by|performed by|signed|regards,|sincerely,|cheers,|dear|attn:?|attention:|contact person:?|Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Herr|Frau)\.?[ \t]+)(${NAME})`,
  'giu',
);

/** Words that look like names after a cue but are not. */
const NOT_NAMES = new Set([
  'The', 'A', 'An', 'This', 'That', 'It', 'I', 'We', 'You', 'He', 'She', 'They', 'Sir', 'Madam', 'Customer', 'Team',
  'Support', 'All', 'Mr', 'Mrs', 'Ms', 'Miss', 'Mx', 'Dr', 'Prof', 'Herr', 'Frau', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday',
]);

function trimName(name: string): string {
  const words = name.split(/[ \t]+/);
  while (words.length && NOT_NAMES.has(words[words.length - 1]!)) words.pop();
  while (words.length && NOT_NAMES.has(words[0]!)) words.shift();
  return words.join(' ');
}

/** A capitalised word that can be part of a name: not an ordinary word, not an organisation or place word. */
function nameLike(word: string): boolean {
  return /^\p{Lu}[\p{Ll}\p{M}'’-]+$/u.test(word) && !isCommonWord(word.toLowerCase()) && !NOT_PERSON_WORDS.has(word) && !NOT_NAMES.has(word);
}

const initial = (w: string) => /^\p{Lu}\.?$/u.test(w) && w !== 'I';

/** A speaker's label opening a line of dialogue or chat: "Halldór: What a wife.", "tracy: i'm here". */
const SPEAKER = /(?:^|\n)[ \t>]*(\p{L}[\p{Ll}\p{M}'’-]+)(?=[ \t]*:[ \t]*["“\p{L}])/gu;
/** A quoted person: '…in that direction," says Bergqvist.' */
const ATTRIBUTION = /\b(?:says|said|according to)[ \t]+(\p{Lu}[\p{Ll}\p{M}'’-]+(?:[ \t]+\p{Lu}[\p{Ll}\p{M}'’-]+)?)(?=[ \t]*[.,;!?]|$)/gu;
const PERSON_VERB = String.raw`[ \t]+(?:shouted|whispered|smiled|laughed|cried|replied|spent a|had given|married)\b`;
const PERSON_KIN = String.raw`['’]s[ \t]+(?:daughter|son|kid|kids|wife|husband|mother|father|brother|sister|boyfriend|girlfriend|killers?|funeral)\b`;
/** A single name followed by what only people do, or by their kin: "Mehrudin shouted", "Franciska's kid". */
const PERSON_CONTEXT = new RegExp(String.raw`(?<![\p{L}\p{M}])(\p{Lu}[\p{Ll}\p{M}'’-]+)(?=${PERSON_VERB}|${PERSON_KIN})`, 'gu');
/** The cue alone: scanning for it is far cheaper than trying a name at every capital, and most texts lack it. */
const PERSON_CONTEXT_CUE = new RegExp(`${PERSON_VERB}|${PERSON_KIN}`, 'u');
/** Two surnames joined by "and": "Marrero and Murphy were precision engineers". */
const PAIR = /(?<![\p{L}\p{M}])(\p{Lu}[\p{Ll}\p{M}'’-]+)[ \t]+(?:and|&)[ \t]+(\p{Lu}[\p{Ll}\p{M}'’-]+)(?![\p{L}\p{M}])/gu;
/** A lower-case first name and surname, as typed in chat: "follow up with patricia desrosiers". */
const LOWER_PAIR = /(?<![\p{L}\p{M}@.])(\p{Ll}[\p{Ll}\p{M}]+)[ \t]+(?:\p{Ll}\.[ \t]+)?(\p{Ll}[\p{Ll}\p{M}'’-]+)(?![\p{L}\p{M}@])/gu;
const capitalise = (w: string) => w[0]!.toUpperCase() + w.slice(1);

export function detectPersons(text: string): PiiFinding[] {
  const out: PiiFinding[] = [];
  for (const m of text.matchAll(SPEAKER)) {
    const word = /^\p{Ll}/u.test(m[1]!) ? capitalise(m[1]!) : m[1]!;
    if (/^\p{Ll}/u.test(m[1]!) ? !FIRST_NAMES.has(word) || isCommonWord(m[1]!) : !nameLike(word) && !FIRST_NAMES.has(word)) continue;
    const start = m.index + m[0].length - m[1]!.length;
    out.push({ kind: 'person', start, end: start + m[1]!.length });
  }
  for (const m of text.matchAll(ATTRIBUTION)) {
    if (!m[1]!.split(/[ \t]+/).every((w) => nameLike(w) || FIRST_NAMES.has(w))) continue;
    const start = m.index + m[0].length - m[1]!.length;
    out.push({ kind: 'person', start, end: start + m[1]!.length });
  }
  for (const m of PERSON_CONTEXT_CUE.test(text) ? text.matchAll(PERSON_CONTEXT) : []) {
    if (!nameLike(m[1]!) && !FIRST_NAMES.has(m[1]!)) continue;
    out.push({ kind: 'person', start: m.index, end: m.index + m[1]!.length });
  }
  for (const m of text.matchAll(PAIR)) {
    if (![m[1]!, m[2]!].every((w) => (nameLike(w) || FIRST_NAMES.has(w)) && !knownPlace(w))) continue;
    out.push({ kind: 'person', start: m.index, end: m.index + m[1]!.length });
    const second = m.index + m[0].length - m[2]!.length;
    out.push({ kind: 'person', start: second, end: second + m[2]!.length });
  }
  for (const m of text.matchAll(LOWER_PAIR)) {
    if (!FIRST_NAMES.has(capitalise(m[1]!)) || isCommonWord(m[1]!) || isCommonWord(m[2]!)) continue;
    out.push({ kind: 'person', start: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(STRONG_CUE)) {
    // The cue is matched case-blind, and so then is the name: a capitalised name stops at the next lower-case word.
    const words = m[1]!.split(/[ \t]+/);
    const lower = /^\p{Lu}/u.test(words[0]!) ? words.findIndex((w) => !/^\p{Lu}/u.test(w)) : 2;
    const name = trimName(lower > 0 ? words.slice(0, lower).join(' ') : m[1]!);
    if (!name || !/^\p{Lu}/u.test(name)) continue;
    const start = m.index + m[0].length - m[1]!.length + m[1]!.indexOf(name);
    out.push({ kind: 'person', start, end: start + name.length });
  }
  for (const m of text.matchAll(new RegExp(NAME, 'gu'))) {
    let words = m[0].split(/[ \t]+/);
    const next = /^[ \t]*([\p{L}]+)/u.exec(text.slice(m.index + m[0].length))?.[1];
    // "Bertha Inc", "Russell Investments": the run names an organisation, not a person.
    if (NOT_PERSON_WORDS.has(words[words.length - 1]!) || (next && NOT_PERSON_WORDS.has(next))) continue;
    const first = words.findIndex((w) => FIRST_NAMES.has(w) && !NOT_NAMES.has(w) && !NOT_PERSON_WORDS.has(w));
    if (first >= 0) words = words.slice(first);
    else if (!(words.length >= 2 && words.every((w) => nameLike(w) || initial(w)) && !initial(words[0]!))) continue;
    while (words.length > 1 && !nameLike(words[words.length - 1]!) && !FIRST_NAMES.has(words[words.length - 1]!)) words.pop();
    if (first < 0 && words.length < 2) continue;
    const name = words.join(' ');
    const start = m.index + m[0].indexOf(name);
    out.push({ kind: 'person', start, end: start + name.length });
  }
  return out;
}
