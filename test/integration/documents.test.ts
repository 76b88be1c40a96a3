import { env } from 'cloudflare:workers';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { getDb } from '../../src/db/client';
import { chunks, localVectors } from '../../src/db/schema';
import { asUser, ingest, jsonBody, tinyPdf, uploadFile, waitForIngest, type DocumentView } from './helpers';

const db = getDb(env.DB);

const HANDBOOK = `---
title: Returns Handbook
groups: [support]
---
# Returns

## Window
Customers may return unused items within 45 days of delivery. Opened electronics carry a 12% restocking fee.

## Labels
A prepaid label is emailed within one business day of the request.
`;

describe('document ingestion', () => {
  it('should ingest JSON text durably through queued → … → ready with progress n/N', async () => {
    const res = await asUser('oscar', '/api/documents', jsonBody({ title: 'Shipping note', text: 'Orders ship within two business days from the Reno warehouse.', groups: ['*'] }));
    expect(res.status).toBe(202);
    const created = (await res.json()) as DocumentView;
    expect(created.status).toBe('queued');
    const { doc, seen } = await waitForIngest(created.id);
    expect(seen.at(-1)).toBe('ready');
    expect(doc.chunkCount).toBeGreaterThan(0);
    expect(doc.progress).toEqual({ done: doc.chunkCount, total: doc.chunkCount });
  });

  it('should take title and groups from Markdown front matter and chunk along headings with offsets', async () => {
    const doc = await ingest('returns.md', HANDBOOK, { groups: '' });
    expect(doc).toMatchObject({ title: 'Returns Handbook', groups: ['support'] });
    const text = (await (await asUser('oscar', `/api/documents/${doc.id}/text`)).json()) as { text: string };
    const rows = await db.select().from(chunks).where(eq(chunks.documentId, doc.id)).all();
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) expect(text.text.slice(row.start, row.end)).toBe(row.text);
    expect(rows.map((r) => r.heading)).toContain('Returns › Window');
  });

  it('should extract HTML text without scripts or styles', async () => {
    const html = '<html><head><title>Warranty page</title><style>p{}</style></head><body><h1>Warranty</h1><script>alert(1)</script><p>Tents carry a 3&nbsp;year warranty.</p></body></html>';
    const doc = await ingest('warranty.html', html);
    expect(doc.title).toBe('Warranty page');
    const { text } = (await (await asUser('oscar', `/api/documents/${doc.id}/text`)).json()) as { text: string };
    expect(text).toContain('Tents carry a 3 year warranty.');
    expect(text).not.toContain('alert');
  });

  it('should extract text from a PDF', async () => {
    const doc = await ingest('policy.pdf', tinyPdf('Gift cards never expire and can be used online.'));
    const { text } = (await (await asUser('oscar', `/api/documents/${doc.id}/text`)).json()) as { text: string };
    expect(text).toContain('Gift cards never expire');
  });

  it('should store the same bytes once and answer the second upload with the first document', async () => {
    const first = await ingest('dupe.txt', 'Loyalty points expire after eighteen months without a purchase.');
    const again = await uploadFile('copy-of-dupe.txt', 'Loyalty points expire after eighteen months without a purchase.');
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ id: first.id, duplicate: true });
  });

  it('should refuse unsupported types (415), empty or binary text (422) and oversized files (413)', async () => {
    const exe = await uploadFile('tool.exe', 'MZ');
    expect(exe.status).toBe(415);
    expect(await exe.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });
    expect((await uploadFile('empty.txt', '   \n ')).status).toBe(422);
    const garbage = new Uint8Array(2000).map((_, i) => (i * 7919) % 32);
    expect((await uploadFile('noise.txt', garbage)).status).toBe(422);
    expect((await uploadFile('fake.pdf', 'not a pdf at all')).status).toBe(422);
    const small = createApp();
    const big = new FormData();
    big.append('file', new File(['x'.repeat(5000)], 'big.txt'));
    const res = await small.request('/api/documents', { method: 'POST', body: big, headers: { Authorization: 'Bearer demo-oscar' } }, { ...env, MAX_UPLOAD_BYTES: '1000' });
    expect(res.status).toBe(413);
  });

  it('should record a failed ingest with its reason when the PDF cannot be parsed', async () => {
    const res = await uploadFile('broken.pdf', '%PDF-1.4\nthis is not really a pdf');
    const { id } = (await res.json()) as DocumentView;
    const { doc } = await waitForIngest(id);
    expect(doc.status).toBe('failed');
    expect(doc.error).toBeTruthy();
  });

  it('should delete the original, chunks, keyword entries and vectors', async () => {
    const doc = await ingest('to-delete.md', '# Temp\n\nThe Denver store rents snowshoes for twelve dollars a day.');
    const key = (await env.DB.prepare('select object_key as k from documents where id = ?').bind(doc.id).first<{ k: string }>())!.k;
    expect(await env.DOCUMENTS.head(key)).not.toBeNull();
    const del = await asUser('oscar', `/api/documents/${doc.id}`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect(await env.DOCUMENTS.head(key)).toBeNull();
    expect(await db.select().from(chunks).where(eq(chunks.documentId, doc.id)).all()).toHaveLength(0);
    const fts = await env.DB.prepare('select count(*) as n from chunks_fts where document_id = ?').bind(doc.id).first<{ n: number }>();
    expect(fts!.n).toBe(0);
    const vectors = await db.select().from(localVectors).where(sql`json_extract(${localVectors.metadata}, '$.documentId') = ${doc.id}`).all();
    expect(vectors).toHaveLength(0);
    expect((await asUser('oscar', `/api/documents/${doc.id}`)).status).toBe(404);
  });

  it('should refuse an upload that names no groups, for JSON, Markdown, text and PDF alike', async () => {
    const json = await asUser('oscar', '/api/documents', jsonBody({ title: 'No groups', text: 'Nobody said who may read this note.' }));
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({ error: { code: 'invalid_request', details: { fieldErrors: { groups: expect.any(Array) } } } });
    for (const [name, content] of [
      ['plain.txt', 'Nobody said who may read this text.'],
      ['plain.md', '# Note\n\nNobody said who may read this either.'],
      ['plain.pdf', tinyPdf('Nobody said who may read this PDF.')],
    ] as const) {
      const res = await uploadFile(name, content, { groups: '' });
      expect(res.status, name).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/groups/);
    }
    const pdf = await uploadFile('finance.pdf', tinyPdf('Quarterly refunds reached nine percent.'), { groups: 'finance' });
    expect(pdf.status).toBe(202);
    expect(await pdf.json()).toMatchObject({ groups: ['finance'] });
  });

  it('should apply new groups to a re-upload of the same bytes, audit it, and re-index for the new groups', async () => {
    const text = 'The Kestrel backpack recall covers serial numbers starting with KB-7.';
    const first = await ingest('recall.txt', text, { groups: '*' });
    expect((await asUser('ravi', `/api/documents/${first.id}`)).status).toBe(200);
    const again = await uploadFile('recall-again.txt', text, { groups: 'finance' });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ id: first.id, duplicate: true, groups: ['finance'] });
    // The narrower groups hold at once, before re-indexing finishes.
    expect((await asUser('ravi', `/api/documents/${first.id}`)).status).toBe(404);
    const { doc } = await waitForIngest(first.id);
    expect(doc.status).toBe('ready');
    const vectors = await db.select().from(localVectors).where(sql`json_extract(${localVectors.metadata}, '$.documentId') = ${first.id}`).all();
    expect(new Set(vectors.map((v) => v.metadata.group))).toEqual(new Set(['finance']));
    const search = (await (await asUser('ravi', '/api/search?q=Kestrel%20backpack%20recall')).json()) as { results: { documentId: string }[] };
    expect(search.results.map((r) => r.documentId)).not.toContain(first.id);
    const audit = await env.DB.prepare("select details from audit_log where event = 'document.regrouped' and subject_id = ?").bind(first.id).first<{ details: string }>();
    expect(JSON.parse(audit!.details)).toEqual({ from: ['*'], to: ['finance'] });
  });

  it('should refuse uploads from non-operators', async () => {
    const res = await asUser('alice', '/api/documents', jsonBody({ title: 't', text: 'some text here' }));
    expect(res.status).toBe(403);
  });
});
