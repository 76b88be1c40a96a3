/** PII detection and redaction: emails, phone numbers, payment cards (Luhn), US SSNs, IBANs, IP addresses. */

export type PiiKind = 'email' | 'card' | 'ssn' | 'iban' | 'ip' | 'phone';

interface Detector {
  kind: PiiKind;
  pattern: RegExp;
  /** Extra check beyond the pattern, to keep false positives (order numbers, dates) out. */
  valid?: (match: string) => boolean;
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function ibanValid(raw: string): boolean {
  const s = raw.replace(/\s+/g, '').toUpperCase();
  const rearranged = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of rearranged) {
    const v = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of v) rem = (rem * 10 + Number(d)) % 97;
  }
  return rem === 1;
}

// Order matters: the more specific detectors run first so a card number is not also read as a phone.
const DETECTORS: readonly Detector[] = [
  { kind: 'email', pattern: /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g },
  { kind: 'iban', pattern: /\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?\b/g, valid: ibanValid },
  { kind: 'card', pattern: /\b\d(?:[ -]?\d){12,18}\b/g, valid: (m) => luhn(m.replace(/\D/g, '')) },
  { kind: 'ssn', pattern: /\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b/g },
  {
    kind: 'ip',
    pattern: /\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b/g,
  },
  { kind: 'phone', pattern: /(?:\+\d{1,3}[\s.-]?)?\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b/g },
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

export interface PiiFinding {
  kind: PiiKind;
  start: number;
  end: number;
}

export function detectPii(text: string): PiiFinding[] {
  const findings: PiiFinding[] = [];
  const taken: [number, number][] = [];
  for (const d of DETECTORS) {
    for (const m of text.matchAll(d.pattern)) {
      const start = m.index;
      const end = start + m[0].length;
      if (taken.some(([s, e]) => start < e && end > s)) continue;
      const length = d.valid ? validPrefix(m[0], d.valid) : m[0].length;
      if (length === 0) continue;
      findings.push({ kind: d.kind, start, end: start + length });
      taken.push([start, start + length]);
    }
  }
  return findings.sort((a, b) => a.start - b.start);
}

/** Replaces every finding with a typed placeholder such as `[REDACTED:email]`. */
export function redactPii(text: string): { text: string; findings: PiiFinding[] } {
  const findings = detectPii(text);
  let out = '';
  let at = 0;
  for (const f of findings) {
    out += `${text.slice(at, f.start)}[REDACTED:${f.kind}]`;
    at = f.end;
  }
  return { text: out + text.slice(at), findings };
}
