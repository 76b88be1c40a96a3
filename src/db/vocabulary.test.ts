import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { getDb } from './client';
import { chunks, documents } from './schema';
import { indexVocabulary, readableWordCounts } from './vocabulary';

const db = getDb(env.DB);

async function insertDocument(id: string, groups: string[], text: string): Promise<void> {
  await db.insert(documents).values({ id, title: 'Vocabulary note', contentHash: id, objectKey: `k/${id}`, mediaType: 'text/plain', sizeBytes: 1, groups, status: 'ready', createdBy: 'oscar' });
  await db.insert(chunks).values({ id: `${id}:0`, documentId: id, ordinal: 0, text, start: 0, end: text.length });
}

describe('vocabulary', () => {
  it('should list the index stems with their chunk counts, numbers left out', async () => {
    await insertDocument('vocab-a', ['*'], 'Zorbling shipments ship in 3 days');
    await insertDocument('vocab-b', ['*'], 'zorbling again');
    const terms = new Map((await indexVocabulary(db)).map((t) => [t.term, t.chunks]));
    expect(terms.get('zorbl')).toBe(2);
    expect(terms.get('shipment')).toBe(1);
    expect(terms.has('3')).toBe(false);
  });

  it('should count only the chunks a restricted reader may read', async () => {
    await insertDocument('vocab-secret', ['finance'], 'the quindlewort budget');
    await insertDocument('vocab-open', ['*'], 'a quindlewort in the open');
    expect(await readableWordCounts(db, ['quindlewort', 'budget'], ['support'])).toEqual([1, 0]);
    expect(await readableWordCounts(db, ['quindlewort', 'budget'], ['finance'])).toEqual([2, 1]);
  });
});
