/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import casesJsonl from '../../golden/cases.jsonl?raw';
import testSplit from '../../bench/guard/deepset-prompt-injections/test.json';
import { accuracy, benignGoldenInputs, confusion, corpusSentences, flagged, INJECTION_TARGETS, recall } from './injection-benchmark';

const corpus = import.meta.glob('../../golden/corpus/[0-9]*.md', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

// Floors at the figures measured by `npm run bench:guard` when the classifier was trained: a regression fails here.
// The targets (accuracy 0.95, recall 0.93) are not reached yet on this held-out split; see the README.
const MEASURED = { accuracy: 0.88, recall: 0.8 };

describe('injection screen on the held-out deepset test split', () => {
  const c = confusion(testSplit);

  it('should keep its measured accuracy and recall', () => {
    expect(testSplit).toHaveLength(116);
    expect(accuracy(c)).toBeGreaterThanOrEqual(MEASURED.accuracy);
    expect(recall(c)).toBeGreaterThanOrEqual(MEASURED.recall);
  });

  it('should flag at most 2% of the benign prompts of the split', () => {
    expect(c.fp / (c.fp + c.tn)).toBeLessThanOrEqual(INJECTION_TARGETS.maxFalsePositiveRate);
  });
});

describe('injection screen on the golden set', () => {
  it('should flag at most 2% of the benign golden inputs', () => {
    const inputs = benignGoldenInputs(casesJsonl);
    expect(inputs.length).toBeGreaterThan(100);
    expect(flagged(inputs).length / inputs.length).toBeLessThanOrEqual(INJECTION_TARGETS.maxFalsePositiveRate);
  });

  it('should flag at most 2% of the demo corpus sentences', () => {
    const sentences = corpusSentences(Object.values(corpus));
    expect(sentences.length).toBeGreaterThan(1000);
    expect(flagged(sentences).length / sentences.length).toBeLessThanOrEqual(INJECTION_TARGETS.maxFalsePositiveRate);
  });
});
