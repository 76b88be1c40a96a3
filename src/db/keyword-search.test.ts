import { env } from 'cloudflare:workers';
import { count } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from './client';
import { keywordSearch } from './keyword-search';
import { chunks, documents } from './schema';

const db = getDb(env.DB);

/** `n` ready documents of one chunk each, visible to everyone. */
async function insertChunks(prefix: string, texts: string[]): Promise<void> {
  const docs = texts.map((_, i) => ({ id: `${prefix}${i}`, title: `Note ${i}`, contentHash: `${prefix}${i}`, objectKey: `k/${prefix}${i}`, mediaType: 'text/plain', sizeBytes: 1, groups: ['*'], status: 'ready' as const, createdBy: 'oscar' }));
  for (let i = 0; i < docs.length; i += 10) await db.insert(documents).values(docs.slice(i, i + 10));
  const rows = texts.map((text, i) => ({ id: `${prefix}${i}:0`, documentId: `${prefix}${i}`, ordinal: 0, text, start: 0, end: text.length }));
  for (let i = 0; i < rows.length; i += 10) await db.insert(chunks).values(rows.slice(i, i + 10));
}

describe('keywordSearch', () => {
  it('should not match on a term held by half the chunks or more (BM25 gives it no weight), only on the rarer ones', async () => {
    const n = (await db.select({ n: count() }).from(chunks).get())?.n ?? 0;
    // Enough chunks with "quorble" that it is in more than half of all of them, one of which also has "zintel".
    await insertChunks('kwcommon', Array.from({ length: n + 4 }, (_, i) => (i === 0 ? 'quorble zintel' : `quorble filler ${i}`)));
    const hits = await keywordSearch(db, ['quorble', 'zintel'], 'all', 50);
    expect(hits.map((h) => h.chunkId)).toEqual(['kwcommon0:0']);
    // When every term is that common, all are kept, so such a query still finds something.
    expect((await keywordSearch(db, ['quorble', 'filler'], 'all', 50)).length).toBe(n + 4);
  });
});
