/**
 * How PII detection is scored on a labelled span set (Presidio's synthetic data set): a finding is right when it
 * overlaps a labelled span of a matching type, and a labelled span is found when a finding of a matching type
 * overlaps it. Shared by `npm run bench:guard` and the regression test.
 */
import { detectPii, type DetectOptions, type PiiKind } from './pii';

export interface LabelledRecord {
  full_text: string;
  spans: { entity_type: string; start_position: number; end_position: number }[];
}

/** Labelled types that each of our kinds stands for (a street address may be labelled by its city or postcode). */
const MATCHES: Record<PiiKind, readonly string[]> = {
  email: ['EMAIL_ADDRESS'],
  card: ['CREDIT_CARD'],
  ssn: ['US_SSN'],
  iban: ['IBAN_CODE'],
  ip: ['IP_ADDRESS'],
  phone: ['PHONE_NUMBER'],
  dob: ['DATE_TIME'],
  address: ['STREET_ADDRESS', 'GPE', 'ZIP_CODE'],
  person: ['PERSON'],
  location: ['GPE', 'STREET_ADDRESS'],
  organization: ['ORGANIZATION'],
  date: ['DATE_TIME'],
  age: ['AGE'],
  title: ['TITLE'],
  nrp: ['NRP'],
  url: ['DOMAIN_NAME'],
  zip: ['ZIP_CODE', 'STREET_ADDRESS'],
};

/** The labelled types recall is measured on: the personal data this guard sets out to find. */
export const IN_SCOPE = ['PERSON', 'STREET_ADDRESS', 'PHONE_NUMBER', 'EMAIL_ADDRESS', 'CREDIT_CARD', 'IBAN_CODE', 'IP_ADDRESS', 'US_SSN'] as const;

export const PII_TARGETS = { precision: 0.85, recall: 0.7 } as const;

/** Records 0–499 were looked at while writing the rules; 500–1499 are only ever scored. */
export const DEV_SIZE = 500;

export interface PiiScore {
  predicted: number;
  correctPredicted: number;
  /** Per labelled type: spans and how many were found. */
  perType: Map<string, { spans: number; found: number }>;
  /** Per kind of ours: findings and how many were right. */
  perKind: Map<PiiKind, { findings: number; right: number }>;
}

export function scorePii(records: readonly LabelledRecord[], options: DetectOptions = {}): PiiScore {
  const score: PiiScore = { predicted: 0, correctPredicted: 0, perType: new Map(), perKind: new Map() };
  for (const r of records) {
    const findings = detectPii(r.full_text, options);
    for (const f of findings) {
      const right = r.spans.some((s) => MATCHES[f.kind].includes(s.entity_type) && f.start < s.end_position && f.end > s.start_position);
      score.predicted++;
      if (right) score.correctPredicted++;
      const k = score.perKind.get(f.kind) ?? { findings: 0, right: 0 };
      score.perKind.set(f.kind, { findings: k.findings + 1, right: k.right + (right ? 1 : 0) });
    }
    for (const s of r.spans) {
      const found = findings.some((f) => MATCHES[f.kind].includes(s.entity_type) && f.start < s.end_position && f.end > s.start_position);
      const t = score.perType.get(s.entity_type) ?? { spans: 0, found: 0 };
      score.perType.set(s.entity_type, { spans: t.spans + 1, found: t.found + (found ? 1 : 0) });
    }
  }
  return score;
}

export const precisionOf = (s: PiiScore) => (s.predicted ? s.correctPredicted / s.predicted : 1);

/** Recall over the given labelled types (all types when none are given). */
export function recallOf(s: PiiScore, types?: readonly string[]): number {
  let spans = 0;
  let found = 0;
  for (const [type, t] of s.perType) {
    if (types && !types.includes(type)) continue;
    spans += t.spans;
    found += t.found;
  }
  return spans ? found / spans : 1;
}
