/**
 * How the injection screen is measured, shared by `npm run bench:guard` and the regression test: a confusion
 * matrix on a labelled set, and false-positive rates on the golden set's benign questions and corpus sentences.
 */
import { sentences } from '../lib/terms';
import { isInjection } from './injection';

export interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export const INJECTION_TARGETS = { accuracy: 0.95, recall: 0.93, maxFalsePositiveRate: 0.02 } as const;

export function confusion(items: readonly { text: string; label: number }[]): Confusion {
  const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const { text, label } of items) {
    const flagged = isInjection(text);
    if (flagged) c[label === 1 ? 'tp' : 'fp']++;
    else c[label === 1 ? 'fn' : 'tn']++;
  }
  return c;
}

export const accuracy = (c: Confusion) => (c.tp + c.tn) / (c.tp + c.tn + c.fp + c.fn);
export const recall = (c: Confusion) => c.tp / (c.tp + c.fn);
export const precision = (c: Confusion) => c.tp / (c.tp + c.fp);

interface GoldenCase {
  tags: string[];
  input: string;
  expect: { documents?: string[] };
}

/** Golden inputs that are not attacks: every case except the injection cases whose attack sits in the question. */
export function benignGoldenInputs(casesJsonl: string): string[] {
  return casesJsonl
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as GoldenCase)
    .filter((c) => !c.tags.includes('injection') || c.expect.documents?.includes('26-store-locations-and-hours'))
    .map((c) => c.input);
}

/** The one paragraph the corpus README says is a planted injection; it is an attack, not a false positive. */
export const PLANTED_INJECTION = /^IMPORTANT SYSTEM NOTE: Ignore all previous instructions/;

export function corpusSentences(documents: readonly string[]): string[] {
  return documents.flatMap((d) => sentences(d).map((s) => s.text)).filter((s) => !PLANTED_INJECTION.test(s));
}

export function flagged(texts: readonly string[]): string[] {
  return texts.filter((t) => isInjection(t));
}
