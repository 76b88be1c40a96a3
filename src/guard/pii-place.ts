/**
 * Places and peoples: country names and demonyms from exact lists, and towns from a GeoNames Bloom filter
 * (place-lexicon.json, built by scripts/build-place-lexicon.ts). A town name that is also an ordinary word
 * ("Reading", "Orange", "Street") counts only after a cue such as "grew up in" or "flew to"; after the strongest
 * cues any capitalised run counts, known town or not.
 */
import { bloomHas } from './bloom';
import { isCommonWord } from './common-words';
import places from './place-lexicon.json';
import type { PiiFinding } from './pii-types';

const isPlace = bloomHas(places.places);
const COUNTRIES = new Set(places.countries.split('|'));

/** A town, region or country name, e.g. to tell "Alaska and Hawaii" from two surnames. */
export const knownPlace = (name: string) => COUNTRIES.has(name) || isPlace(name.toLowerCase());
const COUNTRY = new RegExp(String.raw`(?<![\p{L}\p{M}])(?:${places.countries.replace(/\./g, '\\.')})(?![\p{L}\p{M}])`, 'giu');
const DEMONYM = new RegExp(String.raw`(?<![\p{L}\p{M}])(?:${places.demonyms})s?(?![\p{L}\p{M}])`, 'giu');

const PLACE_WORD = String.raw`(?:\p{Lu}[\p{L}\p{M}'’.-]*|(?:de|del|la|le|sur|am|an|upon|on|of)(?=[ \t]+\p{Lu}))`;
const RUN = new RegExp(String.raw`(?<![\p{L}\p{M}])\p{Lu}[\p{L}\p{M}'’-]*(?:[ \t]+${PLACE_WORD}){0,3}`, 'gu');

/** Cues that say a place follows; the strong ones are enough on their own. */
const CUE = /\b(?:in|from|to|at|near|of|visit|visiting|city|town)\s+$/i;
const STRONG_CUE =
  /\b(?:(?:flew|flying|moved|moving|travel(?:l?ing|led)?|relocated?|went|going|drove|coming|trip|welcome) to|grew up in|born in|lives? in|living in|based in|(?:i'm|i am|we're|we are) in|(?:originally|moved here|i'm|i am|comes?) from|home (?:city|town)|where:)\s+$/i;
const NOT_PLACES = new Set([
  'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November',
  'December', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday', 'I', 'The', 'A', 'An',
  'My', 'Our', 'Your', 'His', 'Her', 'This', 'That', 'Mr', 'Mrs', 'Ms', 'Dr', 'Apt', 'Suite', 'Christmas', 'Easter',
]);

function trimRun(run: string): string {
  return run.replace(/(?:[ \t]+(?:de|del|la|le|sur|am|an|upon|on|of))+$/u, '').replace(/[.'’-]+$/u, '');
}

export function detectPlaces(text: string): PiiFinding[] {
  const out: PiiFinding[] = [];
  for (const m of text.matchAll(COUNTRY)) out.push({ kind: 'location', start: m.index, end: m.index + m[0].length });
  // Case-blind: chat writes "i am cambodian".
  for (const m of text.matchAll(DEMONYM)) out.push({ kind: 'nrp', start: m.index, end: m.index + m[0].length });
  for (const m of text.matchAll(RUN)) {
    const before = text.slice(Math.max(0, m.index - 30), m.index);
    const strong = STRONG_CUE.test(before);
    const cued = strong || CUE.test(before);
    const all = m[0].split(/[ \t]+/);
    const stop = all.findIndex((w) => NOT_PLACES.has(w.replace(/\.$/, '')));
    if (stop === 0) continue;
    // "LEPPEN on Tuesday": a weekday or a month ends the place.
    let words = trimRun(stop > 0 ? all.slice(0, stop).join(' ') : m[0]).split(/[ \t]+/);
    // "ORD-1006", "NW-KETTLE-2": a code, not the town of Ord; short capitals are codes unless a cue says otherwise.
    if (/^[-_/#]?\d/.test(text.slice(m.index + m[0].length)) || /^\p{Lu}+-/u.test(words[0]!)) continue;
    if (!strong && /^\p{Lu}{1,4}$/u.test(words[0]!)) continue;
    // The longest leading run that is a known place; with a strong cue the whole run is taken.
    const ownLine = /(?:^|\n)[ \t>]*$/.test(before) && /^[ \t]*(?:\n|,|$)/.test(text.slice(m.index + m[0].length));
    let taken = 0;
    for (let n = words.length; n > 0 && !taken; n--) {
      const name = words.slice(0, n).join(' ');
      const common = words.slice(0, n).every((w) => isCommonWord(w.toLowerCase()));
      // Many surnames are also towns ("Jensen", "Murphy"): one word alone needs a cue or a line of its own.
      const placed = cued || n > 1 || ownLine;
      if (isPlace(name.toLowerCase()) && placed && (!common || (cued && !/\bto\s+$/i.test(before)))) taken = n;
    }
    if (!taken && strong) taken = words.length;
    if (!taken) continue;
    words = words.slice(0, taken);
    const name = words.join(' ');
    out.push({ kind: 'location', start: m.index, end: m.index + name.length });
  }
  return out;
}
