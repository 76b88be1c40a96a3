/**
 * Organisations (an employer is a quasi-identifier): runs of capitalised words ending in a company word ("Aunt
 * Bertha Inc", "Allstate Insurance Group"), partnership names ("Davis, Reynolds and Williamson", "Mayo-Walters"),
 * and any capitalised run after an employment cue ("I work for", "a year at", "later became").
 */
import { bloomHas } from './bloom';
import lexicon from './name-lexicon.json';
import type { PiiFinding } from './pii-types';

const FIRST_NAMES = new Set(lexicon.firstNames.split(' '));
const isCommonWord = bloomHas(lexicon.commonWords);

const WORD = String.raw`\p{Lu}[\p{L}\p{M}&'’.-]*`;
const SUFFIX =
  'Inc|Inc\\.|LLC|L\\.L\\.C\\.|Ltd|Ltd\\.|Limited|Corp|Corp\\.|Corporation|Company|Co\\.|GmbH|AG|SA|S\\.A\\.|SAS|BV|NV|Plc|PLC|Oy|AB|AS|ApS|Pty|Group|Holdings|Partners|Associates|Technologies|Technology|Solutions|Systems|Software|Insurance|Bank|Bancorp|Capital|Global|Labs|Analytics|Consulting|Services|Bioscience|Biosciences|Pharmaceuticals|Foundation|Institute|Agency|Networks|Media|Industries|Enterprises|Ventures|International|Trust';
const SUFFIXED = new RegExp(String.raw`(?<![\p{L}\p{M}])${WORD}(?:[ \t]+(?:${WORD}|&|and|of))*?[ \t]+(?:${SUFFIX})(?![\p{L}\p{M}])`, 'gu');
const SURNAME = String.raw`\p{Lu}[\p{Ll}\p{M}'’]+`;
const FIRM = new RegExp(String.raw`(?<![\p{L}\p{M}])${SURNAME},[ \t]+${SURNAME},?[ \t]+(?:and|&)[ \t]+${SURNAME}(?![\p{L}\p{M}])|(?<![\p{L}\p{M}-])${SURNAME}-${SURNAME}(?=[ \t]+(?:invested|is|was|in|as|has|had|announced|office))`, 'gu');
const CUE =
  /\b(?:work(?:s|ed|ing)? (?:for|at)|employed (?:by|at)|a year at|years at|joined|later became|the address of|the office of|speaker from|(?:is|am|are) from)\s+$|\b(?:The|the)\s+$/;
const RUN = new RegExp(String.raw`(?<![\p{L}\p{M}])${WORD}(?:[ \t]+(?:${WORD}|&|and)(?=[ \t]|$|[^\p{L}]))*`, 'gu');
/** After "the", only a run followed by one of these is an organisation ("The Exversion Orchestra"). */
const THE_NOUN = /^[ \t]+(?:Orchestra|office|team|company|foundation|band|group)\b/;
const NOT_ORGS = new Set(['I', 'We', 'You', 'He', 'She', 'They', 'My', 'Our', 'The', 'This', 'Mr', 'Mrs', 'Ms', 'Dr']);

export function detectOrganizations(text: string): PiiFinding[] {
  const out: PiiFinding[] = [];
  for (const m of text.matchAll(SUFFIXED)) out.push({ kind: 'organization', start: m.index, end: m.index + m[0].length });
  for (const m of text.matchAll(FIRM)) {
    // "Eklund, Michael and Hodge" or "our 3 founders: Monjeau, Graves and Reed" lists people, not a firm.
    const words = m[0].split(/[^\p{L}\p{M}'’]+/u).filter((w) => /^\p{Lu}/u.test(w));
    if (words.filter((w) => FIRST_NAMES.has(w)).length > 1) continue;
    // "Comedy, Kids & Family" is a list of words; a firm's surnames are at most once an ordinary word ("Hall").
    if (words.filter((w) => isCommonWord(w.toLowerCase())).length > 1) continue;
    if (/\d+[ \t]+\w+:[ \t]*$/.test(text.slice(Math.max(0, m.index - 20), m.index))) continue;
    out.push({ kind: 'organization', start: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(RUN)) {
    const before = text.slice(Math.max(0, m.index - 25), m.index);
    const cue = CUE.exec(before);
    if (!cue) continue;
    const name = m[0].replace(/[ \t]+(?:and|&)$/u, '').replace(/[.'’-]+$/u, '');
    if (NOT_ORGS.has(name.split(/[ \t]+/)[0]!.replace(/\.$/, ''))) continue;
    if (/^the\s+$/i.test(cue[0]) && !THE_NOUN.test(text.slice(m.index + name.length))) continue;
    out.push({ kind: 'organization', start: m.index, end: m.index + name.length });
  }
  return out;
}
