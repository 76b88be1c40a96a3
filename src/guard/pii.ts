/**
 * PII detection and redaction: emails, phone numbers (international formats), payment cards (12–19 digits,
 * Luhn), US SSNs, IBANs (any case, mod 97), IPv4 and IPv6 addresses, dates of birth, street addresses and
 * person names; on request also the quasi-identifiers (places, organisations, dates, ages, titles, nationalities,
 * web sites, postcodes). Runs in the Worker with no model: patterns, checksums, gazetteers and context cues.
 */
import { detectAddresses } from './pii-address';
import { ibanValid, ipv6Valid, luhn } from './pii-checks';
import { detectOrganizations } from './pii-organization';
import { detectPersons } from './pii-person';
import { detectPlaces } from './pii-place';
import { detectQuasi } from './pii-quasi';
import type { PiiFinding, PiiKind } from './pii-types';

export { DIRECT_KINDS, QUASI_KINDS, type PiiFinding, type PiiKind } from './pii-types';

interface Detector {
  kind: PiiKind;
  pattern: RegExp;
  /** Extra check beyond the pattern, to keep false positives (order numbers, dates, prices) out. */
  valid?: (match: string, text: string, index: number) => boolean;
}

const PHONE_CUE = /\b(?:phone|tel|telephone|call|calling|fax|mobile|cell|contact|reach|number|no|text|sms|whatsapp|dial|ring|messages to|answering at|telefon|handy|mobil)\b\.?(?:[ \t]+\w{1,4}){0,3}[\s:#]*$/i;

/** A phone number: at least 7 digits, and a shape or a cue that sets it apart from amounts, ids and dates. */
function phoneValid(match: string, text: string, index: number): boolean {
  // Dates, SSN-shaped numbers, 4×4 card-shaped groups and the tail of an IBAN-shaped string are not phones, even
  // when their checksum failed.
  if (/^\d{4}-\d{2}-\d{2}|^\d{3}-\d{2}-\d{4}$|^\d{4}([ -])\d{4}\1\d{4}\1\d{4}$/.test(match)) return false;
  if (/\b[A-Z]{2}\d{2}(?: [A-Z0-9]{4})+ $/i.test(text.slice(Math.max(0, index - 40), index))) return false;
  // A cut-down prefix of a longer digit run (a card that failed Luhn) is not a phone either.
  if (/^[ \t.-]?\d/.test(text.slice(index + match.length))) return false;
  const digits = match.replace(/\s?(?:x|ext\.?)\s?\d{1,5}$/i, '').replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return false;
  if (/^\+|\(/.test(match)) return true;
  const groups = match.split(/[\s.-]+/).filter(Boolean);
  const before = text.slice(Math.max(0, index - 40), index);
  if (PHONE_CUE.test(before)) return true;
  if (groups.length >= 3 && groups.every((g) => g.length >= 2)) return true;
  if (groups.length === 2 && digits.length >= 9 && groups[0]!.startsWith('0')) return true;
  return groups.length === 1 && digits.length >= 10 && digits.length <= 11;
}

const DOB_CUE = /\b(?:born(?: on| in)?|date of birth|birth ?date|birthday|d\.?o\.?b\.?|geboren(?: am)?|geburtsdatum)\b[\s:,-]*$/i;

// Order matters: the more specific detectors run first so a card number is not also read as a phone.
const DETECTORS: readonly Detector[] = [
  { kind: 'email', pattern: /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g },
  {
    kind: 'iban',
    pattern: /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b/gi,
    valid: (m) => ibanValid(m),
  },
  { kind: 'card', pattern: /(?<![\w.-])\d(?:[ -]?\d){11,18}\b/g, valid: (m) => luhn(m.replace(/\D/g, '')) },
  { kind: 'ssn', pattern: /\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b/g },
  { kind: 'ip', pattern: /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b(?!\.\d)/g },
  { kind: 'ip', pattern: /(?<![\w:])(?:[0-9a-f]{1,4}:){1,7}(?::|(?::?[0-9a-f]{1,4}){1,7})(?![\w:])/gi, valid: (m) => ipv6Valid(m) },
  {
    kind: 'dob',
    pattern:
      /\b(?:\d{1,2}[./-]\d{1,2}[./-](?:19|20)\d{2}|(?:19|20)\d{2}-\d{2}-\d{2}|(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2},?\s+(?:19|20)\d{2}|\d{1,2}\.?\s+(?:January|February|March|April|May|June|July|August|September|October|November|December|Januar|Februar|März|Juni|Juli|Oktober|Dezember)\s+(?:19|20)\d{2})\b/g,
    valid: (_m, text, index) => DOB_CUE.test(text.slice(Math.max(0, index - 30), index)),
  },
  {
    kind: 'phone',
    pattern:
      /(?<![\w$€£./-])(?<!\d,)(?:\+\d{1,3}[ \t.-]?)?(?:\(\d{1,4}\)[ \t.-]?)?\d{2,5}(?:[ \t.-]\d{2,8}){0,4}(?:[ \t]?(?:x|ext\.?)[ \t]?\d{1,5})?(?![\w%$€£]|:\d|[.,]\d|\/)/g,
    valid: phoneValid,
  },
];

/**
 * Greedy patterns can swallow a trailing token ("4111 1111 1111 1111 12/26"); drop trailing
 * space-separated groups until the check passes. Returns the valid length, or 0.
 */
function validPrefix(match: string, valid: (s: string) => boolean): number {
  let candidate = match;
  for (;;) {
    if (valid(candidate)) return candidate.length;
    const cut = candidate.search(/[\s-]+\S+$/);
    if (cut <= 0) return 0;
    candidate = candidate.slice(0, cut);
  }
}

function overlaps(taken: readonly PiiFinding[], start: number, end: number): boolean {
  return taken.some((f) => start < f.end && end > f.start);
}

export interface DetectOptions {
  /** Also find quasi-identifiers (see QUASI_KINDS); off by default, so questions keep their places and dates. */
  quasi?: boolean;
}

function addUnlessTaken(findings: PiiFinding[], candidates: readonly PiiFinding[]): void {
  for (const f of candidates) if (!overlaps(findings, f.start, f.end)) findings.push(f);
}

export function detectPii(text: string, options: DetectOptions = {}): PiiFinding[] {
  const findings: PiiFinding[] = [];
  for (const d of DETECTORS) {
    for (const m of text.matchAll(d.pattern)) {
      const start = m.index;
      if (overlaps(findings, start, start + m[0].length)) continue;
      const length = d.valid ? validPrefix(m[0], (s) => d.valid!(s, text, start)) : m[0].length;
      if (length === 0) continue;
      findings.push({ kind: d.kind, start, end: start + length });
    }
  }
  // Shaped quasi-identifiers and company names go before names, so "Davis, Reynolds and Williamson" is a firm.
  if (options.quasi) addUnlessTaken(findings, [...detectQuasi(text), ...detectOrganizations(text)]);
  // Addresses and names come last: they are the least certain, and never override a checked identifier.
  addUnlessTaken(findings, [...detectAddresses(text), ...detectPersons(text)]);
  if (options.quasi) addUnlessTaken(findings, detectPlaces(text));
  return findings.sort((a, b) => a.start - b.start);
}

export interface RedactOptions extends DetectOptions {
  /** Kinds to leave in place, e.g. the business addresses quoted from the organisation's own documents. */
  keep?: readonly PiiKind[];
}

/** Replaces every finding with a typed placeholder such as `[REDACTED:email]`. */
export function redactPii(text: string, options: RedactOptions = {}): { text: string; findings: PiiFinding[] } {
  const findings = detectPii(text, options).filter((f) => !options.keep?.includes(f.kind));
  let out = '';
  let at = 0;
  for (const f of findings) {
    out += `${text.slice(at, f.start)}[REDACTED:${f.kind}]`;
    at = f.end;
  }
  return { text: out + text.slice(at), findings };
}
