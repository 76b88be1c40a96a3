import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { asUser, jsonBody, waitForIngest, type DocumentView } from './helpers';

async function add(title: string, text: string): Promise<string> {
  const res = await asUser('oscar', '/api/documents', jsonBody({ title, text, groups: ['*'] }));
  const { id } = (await res.json()) as DocumentView;
  const { doc } = await waitForIngest(id);
  expect(doc.status).toBe('ready');
  return id;
}

async function ranked(q: string, stages?: string): Promise<string[]> {
  const res = await asUser('alice', `/api/search?q=${encodeURIComponent(q)}${stages ? `&stages=${stages}` : ''}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { results: { documentId: string }[] }).results.map((r) => r.documentId);
}

describe('GET /api/search stages (the retrieval ablation)', () => {
  it('should find a document by a word only its title holds, through BM25 alone', async () => {
    const id = await add('Quillfeather refill guide', 'Pour the ink slowly into the reservoir and wipe the nib before capping.');
    expect(await ranked('quillfeather', 'keyword')).toContain(id);
  });

  it('should keep the keyword index in step when a document is retitled', async () => {
    const id = await add('Spare guy lines', 'Each kit holds four reflective cords with tensioners.');
    await env.DB.prepare('update documents set title = ? where id = ?').bind('Zephyrcrest cord kit', id).run();
    expect(await ranked('zephyrcrest', 'keyword')).toContain(id);
  });

  it('should run each retriever alone: a misspelling only the vector side can match', async () => {
    const id = await add('Marrowgate lantern', 'The Marrowgate lantern burns lamp oil for nine hours on one filling.');
    // Three edits from "marrowgate": too far for the query's spelling correction, near enough for the embedder.
    expect(await ranked('marrowgayte', 'keyword')).not.toContain(id);
    expect(await ranked('marrowgayte', 'vector')).toContain(id);
    expect(await ranked('marrowgayte', 'fused')).toContain(id);
    expect(await ranked('marrowgayte')).toContain(id);
  });

  it('should refuse an unknown stage', async () => {
    const res = await asUser('alice', '/api/search?q=lantern&stages=everything');
    expect(res.status).toBe(400);
  });
});
