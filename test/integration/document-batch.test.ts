import { env } from 'cloudflare:workers';
import { inArray, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '../../src/db/client';
import { auditLog, localVectors } from '../../src/db/schema';
import { asUser, tinyPdf, type DocumentView } from './helpers';

const db = getDb(env.DB);

interface BatchView {
  id: string;
  status: string;
  itemCount: number;
  duplicateCount: number;
  refused: { index: number; title: string; reason: string }[];
  documents: Record<'queued' | 'parsing' | 'embedding' | 'ready' | 'failed', number>;
  chunks: { done: number; total: number };
  items?: DocumentView[];
}
interface BatchResponse {
  batch: BatchView;
  items: { index: number; title: string; outcome: string; documentId?: string; reason?: string }[];
}

const jsonl = (rows: unknown[]) => rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n');

function postBatch(user: string, body: BodyInit, contentType?: string) {
  return asUser(user, '/api/documents/batch', { method: 'POST', body, ...(contentType ? { headers: { 'Content-Type': contentType } } : {}) });
}

async function waitForBatch(id: string, timeoutMs = 30_000): Promise<BatchView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const batch = (await (await asUser('oscar', `/api/documents/batches/${id}`)).json()) as BatchView;
    if (batch.status === 'done' || batch.status === 'failed') return batch;
    if (Date.now() > deadline) throw new Error(`batch ${id} still ${batch.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const TOC = 'CONTENTS\nPHENYLALANINE TOXICITY 158\nTyrosine in the neonate . . . . . . . . . . . 160\nDietary management . . . . . . . . . . . 171';
const LINES = [
  { title: 'Batch tent care', text: 'Dry the zephyrtent fully before storing it to prevent mildew on the fly sheet.', source: 'kb-1', groups: ['*'] },
  { title: 'Batch contents page', text: TOC, source: 'kb-2', groups: ['support'] },
  { title: 'Batch stove note', text: 'The quillstove burns white gas and canister fuel; clean the jet every season.', groups: ['*'] },
  { title: 'Batch blank', text: '   \n  ', groups: ['*'] },
  { title: 'Batch binary', text: '\u0000\u0001\u0002PK\u0003\u0004'.repeat(40), groups: ['*'] },
  '{"title": "broken json',
  { title: 'Batch no groups', text: 'A perfectly readable note with nobody named to read it.' },
  { title: 'Batch tent care again', text: 'Dry the zephyrtent fully before storing it to prevent mildew on the fly sheet.', groups: ['*'] },
];

describe('bulk ingestion (POST /api/documents/batch)', () => {
  let first: BatchResponse;

  it('should ingest a JSON Lines batch in one Workflow, fail bad documents alone with their reasons, and refuse unusable items', async () => {
    const res = await postBatch('oscar', jsonl(LINES), 'application/x-ndjson');
    expect(res.status).toBe(202);
    first = (await res.json()) as BatchResponse;
    expect(first.batch.itemCount).toBe(8);
    expect(first.items.map((i) => i.outcome)).toEqual(['queued', 'queued', 'queued', 'queued', 'queued', 'refused', 'refused', 'duplicate']);
    expect(first.items[7]!.documentId).toBe(first.items[0]!.documentId);
    expect(first.items[5]!.reason).toContain('not valid JSON');
    expect(first.items[6]!.reason).toMatch(/groups/);

    const done = await waitForBatch(first.batch.id);
    expect(done).toMatchObject({ status: 'done', duplicateCount: 1, documents: { ready: 3, failed: 2, queued: 0, parsing: 0, embedding: 0 } });
    expect(done.refused.map((r) => r.index)).toEqual([5, 6]);
    const byTitle = new Map(done.items!.map((d) => [d.title, d]));
    expect(byTitle.get('Batch blank')).toMatchObject({ status: 'failed', error: expect.stringContaining('no text') });
    expect(byTitle.get('Batch binary')).toMatchObject({ status: 'failed', error: expect.stringContaining('binary') });
    const contents = byTitle.get('Batch contents page')!;
    expect(contents).toMatchObject({ status: 'ready', groups: ['support'] });
    expect(contents.progress).toEqual({ done: contents.chunkCount, total: contents.chunkCount });
    expect(done.chunks.done).toBe(done.chunks.total);

    // One Workflow instance for the batch, none per document.
    expect(await (await env.INGEST_WORKFLOW.get(first.batch.id)).status()).toMatchObject({ status: 'complete' });
    await expect(env.INGEST_WORKFLOW.get(first.items[0]!.documentId!)).rejects.toThrow();

    // Vectors (one per chunk and group) and keyword rows exist for the ready documents.
    const ready = done.items!.filter((d) => d.status === 'ready');
    const vectors = await db.select({ id: localVectors.id }).from(localVectors).where(like(localVectors.id, `${contents.id}:%`)).all();
    expect(vectors).toHaveLength(contents.chunkCount);
    const keyword = (await (await asUser('rita', '/api/search?q=PHENYLALANINE%20TOXICITY')).json()) as { results: { documentId: string }[] };
    expect(keyword.results.map((r) => r.documentId)).toContain(contents.id);
    const semantic = (await (await asUser('alice', '/api/search?q=how%20to%20store%20a%20zephyrtent')).json()) as { results: { documentId: string }[] };
    expect(semantic.results[0]?.documentId).toBe(first.items[0]!.documentId);
    expect(ready).toHaveLength(3);
  });

  it('should skip what is already done when the same batch is sent again', async () => {
    const res = await postBatch('oscar', jsonl(LINES), 'application/x-ndjson');
    const again = (await res.json()) as BatchResponse;
    expect(again.items.map((i) => i.outcome)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate', 'refused', 'refused', 'duplicate']);
    expect(again.items.slice(0, 5).map((i) => i.documentId)).toEqual(first.items.slice(0, 5).map((i) => i.documentId));
    expect(again.batch).toMatchObject({ status: 'done', duplicateCount: 6 });
    await expect(env.INGEST_WORKFLOW.get(again.batch.id)).rejects.toThrow();
  });

  it('should take many files in one multipart body, each failing or succeeding on its own', async () => {
    const form = new FormData();
    form.append('file', new File(['---\ntitle: Batch lantern guide\ngroups: [finance]\n---\n# Lanterns\nThe glimlantern runs 40 hours on one charge.'], 'lantern.md'));
    form.append('file', new File([tinyPdf('The pebbleboot sole is resoled for free within a year.')], 'boots.pdf'));
    form.append('file', new File(['%PDF-1.4 this is not really a PDF'], 'broken.pdf'));
    form.append('file', new File(['MZ'], 'tool.exe'));
    form.append('groups', 'support');
    const res = await postBatch('oscar', form);
    expect(res.status).toBe(202);
    const body = (await res.json()) as BatchResponse;
    expect(body.items.map((i) => i.outcome)).toEqual(['queued', 'queued', 'queued', 'refused']);
    expect(body.items[3]!.reason).toContain('Unsupported file type');
    const done = await waitForBatch(body.batch.id, 60_000);
    const byTitle = new Map(done.items!.map((d) => [d.title, d]));
    // Groups named in the form apply to every file, as for a single upload.
    expect(byTitle.get('Batch lantern guide')).toMatchObject({ status: 'ready', groups: ['support'] });
    expect(byTitle.get('boots.pdf')).toMatchObject({ status: 'ready' });
    expect(byTitle.get('broken.pdf')).toMatchObject({ status: 'failed', error: expect.stringContaining('PDF') });
    const audit = await db.select().from(auditLog).where(inArray(auditLog.subjectId, [body.batch.id])).all();
    expect(audit.map((a) => a.event)).toEqual(['documents.batch-uploaded', 'documents.batch-ingested']);
  });

  it('should refuse a batch from a non-operator and list batches with progress for operators', async () => {
    expect((await postBatch('rita', jsonl([LINES[0]]), 'application/x-ndjson')).status).toBe(403);
    expect((await asUser('rita', `/api/documents/batches/${first.batch.id}`)).status).toBe(403);
    expect((await postBatch('oscar', 'plain text', 'text/plain')).status).toBe(415);
    const list = (await (await asUser('oscar', '/api/documents/batches')).json()) as { batches: BatchView[] };
    expect(list.batches.find((b) => b.id === first.batch.id)).toMatchObject({ documents: { ready: 3, failed: 2 } });
  });
});
