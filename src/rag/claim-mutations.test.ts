/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import casesJsonl from '../../golden/cases.jsonl?raw';
import { mutationSuite, type SuiteClaim } from './claim-mutations';
import { verifyClaims } from './verify-claims';

const files = import.meta.glob('../../golden/corpus/[0-9]*.md', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const documents = new Map(Object.entries(files).map(([path, md]) => [path.replace(/^.*\/|\.md$/g, ''), md]));
const suite = mutationSuite(casesJsonl, documents);
const kept = (s: SuiteClaim) => verifyClaims([{ text: s.claim, sources: [1] }], (n) => (n === 1 ? s.source : undefined)).length === 1;

describe('claim verification on the golden mutation suite', () => {
  const faithful = suite.filter((s) => s.kind === 'faithful');
  const mutated = suite.filter((s) => s.kind !== 'faithful');

  it('should build every kind of mutation from the golden answers', () => {
    expect(faithful.length).toBeGreaterThanOrEqual(60);
    for (const kind of ['negation', 'number', 'unit', 'date', 'entity', 'role'] as const) {
      expect(mutated.filter((s) => s.kind === kind).length, kind).toBeGreaterThan(0);
    }
  });

  it('should keep at least 95% of faithful claims', () => {
    expect(faithful.filter(kept).length / faithful.length).toBeGreaterThanOrEqual(0.95);
  });

  it('should reject at least 95% of mutated claims, and at least 90% of each kind', () => {
    expect(mutated.filter((s) => !kept(s)).length / mutated.length).toBeGreaterThanOrEqual(0.95);
    for (const kind of new Set(mutated.map((s) => s.kind))) {
      const ofKind = mutated.filter((s) => s.kind === kind);
      expect(ofKind.filter((s) => !kept(s)).length / ofKind.length, kind).toBeGreaterThanOrEqual(0.9);
    }
  });
});
