/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import records from '../../bench/pii/presidio-synth-dataset-v2.json';
import casesJsonl from '../../golden/cases.jsonl?raw';
import sorJson from '../../golden/system-of-record.json?raw';
import { detectPii } from './pii';
import { DEV_SIZE, IN_SCOPE, PII_TARGETS, precisionOf, recallOf, scorePii, type LabelledRecord } from './pii-benchmark';

const corpus = import.meta.glob('../../golden/corpus/[0-9]*.md', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

describe('PII detection on the held-out part of the Presidio synthetic set', () => {
  const score = scorePii((records as LabelledRecord[]).slice(DEV_SIZE));

  it('should reach the precision and in-scope recall targets', () => {
    expect(precisionOf(score)).toBeGreaterThanOrEqual(PII_TARGETS.precision);
    expect(recallOf(score, IN_SCOPE)).toBeGreaterThanOrEqual(PII_TARGETS.recall);
  });

  it('should reach the precision target and the recall target over every labelled span with quasi-identifiers', () => {
    const all = scorePii((records as LabelledRecord[]).slice(DEV_SIZE), { quasi: true });
    expect(precisionOf(all)).toBeGreaterThanOrEqual(PII_TARGETS.precision);
    expect(recallOf(all)).toBeGreaterThanOrEqual(PII_TARGETS.recall);
  });

  it('should find every checksum-validated identifier', () => {
    for (const type of ['CREDIT_CARD', 'IBAN_CODE', 'EMAIL_ADDRESS', 'US_SSN', 'IP_ADDRESS']) {
      const t = score.perType.get(type)!;
      expect(t.found / t.spans, type).toBeGreaterThanOrEqual(0.98);
    }
  });
});

describe('PII detection on the demo data', () => {
  const texts = [...Object.values(corpus), sorJson, casesJsonl];

  it.each([
    ['direct identifiers', false],
    ['quasi-identifiers too', true],
  ])('should flag no order id, ticket id, product code or price (%s)', (_name, quasi) => {
    const ids = /\b(?:ORD|TCK|INV|RMA)-\d+|\bNW-[A-Z]+-[A-Z0-9]+|[$€£]\d[\d,]*(?:\.\d+)?/g;
    let checked = 0;
    for (const text of texts) {
      const findings = detectPii(text, { quasi });
      for (const m of text.matchAll(ids)) {
        checked++;
        const hit = findings.find((f) => f.start < m.index + m[0].length && f.end > m.index);
        expect(hit, m[0]).toBeUndefined();
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('should take a postcode only where one is written, never the word after "ZIP"', () => {
    const zips = texts.flatMap((text) => detectPii(text, { quasi: true }).filter((f) => f.kind === 'zip').map((f) => text.slice(f.start, f.end)));
    expect(zips.filter((z) => !/\d/.test(z))).toEqual([]);
    expect(detectPii('My ZIP code is 90210.', { quasi: true }).map((f) => f.kind)).toContain('zip');
  });
});
