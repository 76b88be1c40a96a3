/**
 * Organisations (an employer is a quasi-identifier): runs of capitalised words ending in a company word ("Aunt
 * Bertha Inc", "Allstate Insurance Group"), partnership names ("Davis, Reynolds and Williamson", "Mayo-Walters"),
 * and any capitalised run after an employment cue ("I work for", "a year at", "later became").
 */
import { isCommonWord } from './common-words';
import lexicon from './name-lexicon.json';
import { knownPlace } from './pii-place';
import type { PiiFinding } from './pii-types';

const FIRST_NAMES = new Set(lexicon.firstNames.split(' '));

/** A capitalised word; no full stop inside, so a run does not cross a sentence end ("the United States. International"). */
const WORD = String.raw`\p{Lu}[\p{L}\p{M}&'’-]*`;
const SUFFIX =
  'Inc|Inc\\.|LLC|L\\.L\\.C\\.|Ltd|Ltd\\.|Limited|Corp|Corp\\.|Corporation|Company|Co\\.|GmbH|AG|SA|S\\.A\\.|SAS|BV|NV|Plc|PLC|Oy|AB|AS|ApS|Pty|Group|Holdings|Partners|Associates|Technologies|Technology|Solutions|Systems|Software|Insurance|Bank|Bancorp|Capital|Global|Labs|Analytics|Consulting|Services|Bioscience|Biosciences|Pharmaceuticals|Foundation|Institute|Agency|Networks|Media|Industries|Enterprises|Ventures|International|Trust';
const SUFFIXED = new RegExp(String.raw`(?<![\p{L}\p{M}])${WORD}(?:[ \t]+(?:${WORD}|&|and|of))*?(?:[ \t]+(?:${SUFFIX}))+(?![\p{L}\p{M}])`, 'gu');
const SURNAME = String.raw`\p{Lu}[\p{Ll}\p{M}'’]+`;
const FIRM = new RegExp(String.raw`(?<![\p{L}\p{M}])${SURNAME},[ \t]+${SURNAME},?[ \t]+(?:and|&)[ \t]+${SURNAME}(?![\p{L}\p{M}])|(?<![\p{L}\p{M}-])${SURNAME}-${SURNAME}(?=[ \t]+(?:invested|is|was|in|as|has|had|announced|office))`, 'gu');
const CUE =
  /\b(?:work(?:s|ed|ing)? (?:for|at)|employed (?:by|at)|a year at|years at|joined|later became|the address of|the office of|speaker from|(?:is|am|are) from)\s+$|\bthe\s+$/i;
/** What a sentence says after a company's name: "Verdafero is the brainchild of…", "Coden is a design agency". */
const PREDICATE =
  /^[ \t]+(?:is|was)[ \t]+(?:a|an|the)[ \t]+(?:[\w-]+[ \t]+)?(?:company|firm|agency|startup|start-up|brainchild|multinational|nonprofit|non-profit|501\(c\)|corporation|organi[sz]ation|business|employer|vendor|supplier|manufacturer|retailer|brand)\b/i;
const RUN = new RegExp(String.raw`(?<![\p{L}\p{M}])${WORD}(?:[ \t]+(?:${WORD}|&|and)(?=[ \t]|$|[^\p{L}]))*`, 'gu');
/** After "the", only a run followed by one of these is an organisation ("The Exversion Orchestra"). */
const THE_NOUN = /^[ \t]+(?:Orchestra|office|offices|company|foundation|band|headquarters)\b/;
const NOT_ORGS = new Set(['I', 'We', 'You', 'He', 'She', 'They', 'My', 'Our', 'The', 'This', 'Mr', 'Mrs', 'Ms', 'Dr']);

export function detectOrganizations(text: string): PiiFinding[] {
  const out: PiiFinding[] = [];
  for (const m of text.matchAll(SUFFIXED)) out.push({ kind: 'organization', start: m.index, end: m.index + m[0].length });
  for (const m of text.matchAll(FIRM)) {
    // "Eklund, Michael and Hodge" or "our 3 founders: Monjeau, Graves and Reed" lists people, not a firm.
    const words = m[0].split(/[^\p{L}\p{M}'’]+/u).filter((w) => /^\p{Lu}/u.test(w));
    if (words.filter((w) => FIRST_NAMES.has(w)).length > 1) continue;
    // "stores in Portland, Denver and Burlington" are places; many surnames are towns too, so the preposition decides.
    const placeCue = /\b(?:in|to|near|at|across|between|around)[ \t]+$/i.test(text.slice(Math.max(0, m.index - 10), m.index));
    if (placeCue && words.filter((w) => knownPlace(w)).length > 1) continue;
    // "Comedy, Kids & Family" is a list of words; a firm's surnames are at most once an ordinary word ("Hall").
    if (words.filter((w) => isCommonWord(w.toLowerCase())).length > 1) continue;
    if (/\d+[ \t]+\w+:[ \t]*$/.test(text.slice(Math.max(0, m.index - 20), m.index))) continue;
    out.push({ kind: 'organization', start: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(RUN)) {
    // "The Exversion Orchestra": the run starts at "The", which is the cue, not the name.
    const leadingThe = /^The[ \t]+/.exec(m[0])?.[0] ?? '';
    const start = m.index + leadingThe.length;
    const name = m[0].slice(leadingThe.length).replace(/[ \t]+(?:and|&)$/u, '').replace(/[.'’-]+$/u, '');
    if (!name || NOT_ORGS.has(name.split(/[ \t]+/)[0]!.replace(/\.$/, ''))) continue;
    const before = leadingThe ? 'the ' : text.slice(Math.max(0, m.index - 25), m.index);
    const after = text.slice(start + name.length);
    const cue = CUE.exec(before);
    if (!cue && !PREDICATE.test(after)) continue;
    const namedBody = /[ \t](?:Orchestra|Band|Choir|Ensemble|Club|Society|Foundation)$/.test(name);
    if (cue && /^the\s+$/i.test(cue[0]) && !namedBody && !THE_NOUN.test(after) && !PREDICATE.test(after)) continue;
    out.push({ kind: 'organization', start, end: start + name.length });
  }
  return out;
}
