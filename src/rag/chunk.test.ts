import { describe, expect, it } from 'vitest';
import { chunkText, DEFAULT_CHUNK_OPTIONS, type Chunk, type ChunkOptions } from './chunk';

/** Small deterministic PRNG so property-style tests are reproducible. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 0x100000000;
  };
}

const VOCAB = ['refund', 'order', 'shipping', 'policy', 'store', 'Denver', 'price', 'return', 'label', 'box', 'item', 'days'];

function randomDocument(rand: () => number): string {
  const sentence = () => {
    const n = 3 + Math.floor(rand() * 15);
    const ws = Array.from({ length: n }, () => VOCAB[Math.floor(rand() * VOCAB.length)]!);
    const s = ws.join(' ');
    return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
  };
  const parts: string[] = [];
  const paragraphs = 1 + Math.floor(rand() * 8);
  for (let p = 0; p < paragraphs; p++) {
    if (rand() < 0.3) parts.push(`${'#'.repeat(1 + Math.floor(rand() * 3))} Heading ${p}`);
    parts.push(Array.from({ length: 1 + Math.floor(rand() * 10) }, sentence).join(' '));
  }
  return parts.join('\n\n');
}

function spans(chunks: Chunk[]): [number, number][] {
  return chunks.map((c) => [c.start, c.end]);
}

describe('chunkText', () => {
  it('should return no chunks for empty text', () => {
    expect(chunkText('')).toEqual([]);
    expect(chunkText('', { targetChars: 10, maxChars: 20, overlapChars: 5 })).toEqual([]);
  });

  it('should return a short text as one chunk spanning the whole input', () => {
    const text = 'Refunds are issued within 5 business days.';
    expect(chunkText(text)).toEqual([{ ordinal: 0, heading: null, start: 0, end: text.length, text }]);
  });

  it('should use the documented default options', () => {
    expect(DEFAULT_CHUNK_OPTIONS).toEqual({ targetChars: 700, maxChars: 1100, overlapChars: 160, wholeMaxChars: 2000 });
  });

  it('should keep a document without headings up to wholeMaxChars as one chunk, paragraphs and all', () => {
    const para = 'Statins lowered the risk of death in the cohort. '.repeat(12).trim();
    const text = `${para}\n\n${para}`;
    expect(text.length).toBeGreaterThan(1100);
    expect(text.length).toBeLessThanOrEqual(2000);
    expect(chunkText(text)).toEqual([{ ordinal: 0, heading: null, start: 0, end: text.length, text }]);
    expect(chunkText(text, { ...DEFAULT_CHUNK_OPTIONS, wholeMaxChars: undefined }).length).toBeGreaterThan(1);
  });

  it('should split a document longer than wholeMaxChars, or one with headings, as before', () => {
    const para = 'Statins lowered the risk of death in the cohort. '.repeat(12).trim();
    expect(chunkText(`${para}\n\n${para}\n\n${para}\n\n${para}`).length).toBeGreaterThan(1);
    expect(chunkText(`# Results\n\n${para}\n\n${para}`).length).toBeGreaterThan(1);
  });

  it('should start a new chunk at every heading and record the heading path', () => {
    const text = '# A\n\nIntro para.\n\n## B\n\nBody one. Body two.\n\n# C\n\nAnother.';
    const chunks = chunkText(text);
    expect(chunks.map((c) => c.heading)).toEqual(['A', 'A › B', 'C']);
    expect(chunks.map((c) => c.text)).toEqual(['# A\n\nIntro para.', '## B\n\nBody one. Body two.', '# C\n\nAnother.']);
    expect(chunks.map((c) => c.ordinal)).toEqual([0, 1, 2]);
  });

  it('should keep text before the first heading under a null heading', () => {
    const chunks = chunkText('Preface text.\n\n# Title\n\nBody.');
    expect(chunks.map((c) => [c.heading, c.text])).toEqual([
      [null, 'Preface text.'],
      ['Title', '# Title\n\nBody.'],
    ]);
  });

  it('should reset deeper levels when a shallower heading follows and skip missing levels', () => {
    const text = '# A\n\n### C\n\nText c.\n\n## B\n\nText b.\n\n# D\n\n## E\n\nText e.';
    expect(chunkText(text).map((c) => c.heading)).toEqual(['A', 'A › C', 'A › B', 'D', 'D › E']);
  });

  it('should not treat a hash without a following space as a heading', () => {
    const chunks = chunkText('# A\n\nText.\n\n#hashtag is not a heading.');
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.heading).toBe('A');
    expect(chunks[0]!.text).toBe('# A\n\nText.\n\n#hashtag is not a heading.');
  });

  it('should group paragraphs up to the target and split beyond it', () => {
    const text = 'Para one here.\n\nPara two here.\n\nPara three.';
    const chunks = chunkText(text, { targetChars: 30, maxChars: 60, overlapChars: 20 });
    expect(chunks.map((c) => c.text)).toEqual(['Para one here.\n\nPara two here.', 'Para two here.\n\nPara three.']);
  });

  it('should split a long paragraph at sentence ends without exceeding maxChars', () => {
    const text = 'One one one. Two two two. Three three three. Four four four. Five five five.';
    const options: ChunkOptions = { targetChars: 30, maxChars: 40, overlapChars: 0 };
    const chunks = chunkText(text, options);
    expect(chunks.map((c) => c.text)).toEqual(['One one one. Two two two.', 'Three three three.', 'Four four four.', 'Five five five.']);
    for (const c of chunks) expect(c.end - c.start).toBeLessThanOrEqual(options.maxChars);
  });

  it('should carry the last sentence into the next chunk when it fits the overlap budget', () => {
    const text = 'One one one. Two two two. Three three three. Four four four. Five five five.';
    const chunks = chunkText(text, { targetChars: 30, maxChars: 40, overlapChars: 15 });
    expect(chunks.map((c) => c.text)).toEqual(['One one one. Two two two.', 'Two two two. Three three three.', 'Four four four.', 'Five five five.']);
    // "Two two two." (12 chars) fits 15; "Three three three." (18 chars) does not.
    expect(chunks[0]!.end - chunks[1]!.start).toBe('Two two two.'.length);
    expect(chunks[2]!.start).toBeGreaterThanOrEqual(chunks[1]!.end);
  });

  it('should hard-split a single sentence longer than maxChars', () => {
    const text = `${'x'.repeat(250)} ${'y'.repeat(50)}.`;
    const chunks = chunkText(text, { targetChars: 50, maxChars: 100, overlapChars: 20 });
    expect(spans(chunks)).toEqual([
      [0, 100],
      [100, 200],
      [200, 300],
      [300, 302],
    ]);
    expect(chunks.map((c) => c.text).join('')).toBe(text);
  });

  it('should not overlap chunks across a heading boundary', () => {
    const text = '# A\n\nAlpha one. Alpha two.\n\n# B\n\nBeta one.';
    const chunks = chunkText(text, { targetChars: 10, maxChars: 100, overlapChars: 50 });
    const a = chunks.filter((c) => c.heading === 'A');
    const b = chunks.filter((c) => c.heading === 'B');
    expect(a.length).toBeGreaterThan(0);
    expect(b[0]!.start).toBe(text.indexOf('# B'));
    expect(b[0]!.start).toBeGreaterThanOrEqual(a[a.length - 1]!.end);
  });

  it('should keep exact spans, maxChars, bounded overlap and full coverage on random documents', () => {
    const rand = rng(42);
    const options: ChunkOptions = { targetChars: 200, maxChars: 320, overlapChars: 80 };
    for (let trial = 0; trial < 80; trial++) {
      const text = randomDocument(rand);
      const chunks = chunkText(text, options);
      expect(chunks.length).toBeGreaterThan(0);
      chunks.forEach((c, i) => {
        expect(c.ordinal).toBe(i);
        expect(c.text).toBe(text.slice(c.start, c.end));
        expect(c.end - c.start).toBeLessThanOrEqual(options.maxChars);
        expect(c.text.trim()).toBe(c.text);
        const prev = chunks[i - 1];
        if (prev) {
          expect(c.start).toBeGreaterThan(prev.start);
          expect(c.end).toBeGreaterThan(prev.end);
          if (prev.heading === c.heading) expect(prev.end - c.start).toBeLessThanOrEqual(options.overlapChars);
          else expect(c.start).toBeGreaterThanOrEqual(prev.end);
        }
      });
      const covered = new Array<boolean>(text.length).fill(false);
      for (const c of chunks) covered.fill(true, c.start, c.end);
      const uncovered = text.split('').filter((ch, k) => /\S/.test(ch) && !covered[k]).length;
      expect(uncovered).toBe(0);
    }
  });
});

describe('chunkText headings without blank lines', () => {
  it('should start a section at a heading line directly under a paragraph', () => {
    const chunks = chunkText('Intro line\n## Hours\nOpen 9 to 5.');
    expect(chunks.map((c) => c.heading)).toEqual([null, 'Hours']);
  });

  it('should produce no chunks for whitespace-only text', () => {
    expect(chunkText('  \n\n ')).toEqual([]);
  });
});
