/**
 * Unit tests for the BEIR parsers and ranking metrics. Not in the default vitest config (which runs the Workers
 * pool over src/ and test/integration/); run with:
 *   npx vitest run --config /dev/null scripts/lib/ir-metrics.test.ts
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  evaluateRuns,
  firstRanks,
  mrrAtK,
  ndcgAtK,
  parseCorpus,
  parseQrels,
  parseQueries,
  percentile,
  readBeirFolder,
  recallAtK,
} from './ir-metrics';

const judged = (pairs: Record<string, number>) => new Map(Object.entries(pairs));

describe('BEIR parsing', () => {
  it('reads corpus and queries jsonl, skipping blank lines and defaulting a missing title', () => {
    const corpus = parseCorpus('{"_id":"d1","title":"T","text":"alpha"}\n\n{"_id":2,"text":"beta"}\r\n');
    expect(corpus).toEqual([
      { id: 'd1', title: 'T', text: 'alpha' },
      { id: '2', title: '', text: 'beta' },
    ]);
    expect(parseQueries('{"_id":"q1","text":"what?","metadata":{}}\n')).toEqual([{ id: 'q1', text: 'what?' }]);
  });

  it('rejects a line that is not JSON or has no _id', () => {
    expect(() => parseCorpus('{"_id":"d1","text":"x"}\nnot json\n')).toThrow(/line 2/);
    expect(() => parseQueries('{"text":"x"}')).toThrow(/missing _id/);
  });

  it('reads qrels, skipping the header and grouping by query', () => {
    const qrels = parseQrels('query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\td2\t2\nq2\td3\t0\n');
    expect([...qrels.keys()]).toEqual(['q1', 'q2']);
    expect(qrels.get('q1')).toEqual(judged({ d1: 1, d2: 2 }));
    expect(qrels.get('q2')).toEqual(judged({ d3: 0 }));
    expect(() => parseQrels('query-id\tcorpus-id\tscore\nq1\td1\n')).toThrow(/line 2/);
  });

  it('reads a BEIR folder from disk', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'beir-'));
    try {
      await mkdir(join(dir, 'qrels'));
      await writeFile(join(dir, 'corpus.jsonl'), '{"_id":"d1","title":"A","text":"a"}\n');
      await writeFile(join(dir, 'queries.jsonl'), '{"_id":"q1","text":"a?"}\n');
      await writeFile(join(dir, 'qrels', 'test.tsv'), 'query-id\tcorpus-id\tscore\nq1\td1\t1\n');
      const set = await readBeirFolder(dir);
      expect(set.corpus).toHaveLength(1);
      expect(set.queries[0]!.id).toBe('q1');
      expect(set.qrels.get('q1')!.get('d1')).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('ranking metrics', () => {
  it('counts a document at its first rank only', () => {
    expect(firstRanks(['a', 'b', 'a', 'c', 'b'])).toEqual(['a', 'b', 'c']);
    // 'x' fills two chunk slots; deduplicated, 'r' is at rank 2.
    expect(mrrAtK(['x', 'x', 'r'], judged({ r: 1 }), 10)).toBe(0.5);
  });

  it('nDCG is 1 for an ideal ranking and matches a hand computation otherwise', () => {
    const rels = judged({ a: 1, b: 1 });
    expect(ndcgAtK(['a', 'b', 'c'], rels, 10)).toBeCloseTo(1, 12);
    // relevant at ranks 2 and 3: (1/log2 3 + 1/log2 4) / (1 + 1/log2 3)
    const expected = (1 / Math.log2(3) + 1 / 2) / (1 + 1 / Math.log2(3));
    expect(ndcgAtK(['c', 'a', 'b'], rels, 10)).toBeCloseTo(expected, 12);
    expect(ndcgAtK(['c', 'd'], rels, 10)).toBe(0);
  });

  it('nDCG uses graded gains and cuts at k, the ideal included', () => {
    const rels = judged({ a: 2, b: 1 });
    // k = 1: ideal is a (gain 2); ranking b first gets 1.
    expect(ndcgAtK(['b', 'a'], rels, 1)).toBeCloseTo(0.5, 12);
    expect(ndcgAtK(['a', 'b'], rels, 1)).toBeCloseTo(1, 12);
    // zero-relevance judgements neither add gain nor raise the ideal
    expect(ndcgAtK(['z', 'a'], judged({ a: 1, z: 0 }), 10)).toBeCloseTo(1 / Math.log2(3), 12);
  });

  it('recall@k and MRR@k respect the cut-off', () => {
    const rels = judged({ a: 1, b: 1 });
    expect(recallAtK(['a', 'x', 'b'], rels, 2)).toBe(0.5);
    expect(recallAtK(['a', 'x', 'b'], rels, 3)).toBe(1);
    expect(recallAtK([], rels, 10)).toBe(0);
    expect(mrrAtK(['x', 'y', 'a'], rels, 2)).toBe(0);
    expect(mrrAtK(['x', 'y', 'a'], rels, 3)).toBeCloseTo(1 / 3, 12);
  });

  it('averages over judged queries, scoring missing runs as zero and skipping queries with no relevant doc', () => {
    const qrels = parseQrels('query-id\tcorpus-id\tscore\nq1\ta\t1\nq2\tb\t1\nq3\tc\t0\n');
    const scores = evaluateRuns(new Map([['q1', ['a']]]), qrels, 10);
    expect(scores).toEqual({ queries: 2, ndcg: 0.5, recall: 0.5, mrr: 0.5 });
    expect(evaluateRuns(new Map(), new Map(), 10)).toEqual({ queries: 0, ndcg: 0, recall: 0, mrr: 0 });
  });

  it('percentile uses the nearest rank', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 0.5)).toBe(50);
    expect(percentile(xs, 0.95)).toBe(95);
    expect(percentile([7], 0.95)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
  });
});
