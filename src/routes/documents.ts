/** /api/documents: operators upload and delete; every reader lists and views the documents their groups allow. */
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env';
import type { DocumentRow } from '../db/documents';
import { NotFoundError, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../errors';
import { MAX_BATCH_BYTES } from '../rag/accept-batch';
import { MEDIA_TYPES, mediaTypeFor } from '../rag/extract-text';
import {
  deleteDocument,
  getBatch,
  getDocument,
  getDocumentText,
  listBatches,
  listDocuments,
  uploadDocument,
  uploadDocumentBatch,
  type BatchItemInput,
  type BatchProgress,
  type UploadInput,
} from '../usecases/documents';
import { authorize, errors, jsonResponse, router } from './openapi';
import { contextOf } from './use-case-context';

export const groupsSchema = z.array(z.string().trim().regex(/^[\w*-]{1,64}$/, 'group names are letters, digits, _ - or *')).max(20);
export const jsonUpload = z.object({
  title: z.string().trim().min(1).max(300),
  text: z.string().min(1),
  source: z.string().max(500).optional(),
  groups: groupsSchema.min(1, 'name at least one group, or "*" for everyone'),
});
export const formFields = z.object({
  title: z.string().trim().min(1).max(300).optional(),
  source: z.string().max(500).optional(),
  groups: z
    .string()
    .optional()
    .transform((g) => (g ? g.split(',').map((x) => x.trim()).filter(Boolean) : undefined))
    .pipe(groupsSchema.optional()),
});

const documentSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    source: z.string().nullable(),
    mediaType: z.string(),
    sizeBytes: z.number().int(),
    groups: z.array(z.string()),
    status: z.enum(['queued', 'parsing', 'embedding', 'ready', 'failed']),
    progress: z.object({ done: z.number().int(), total: z.number().int() }),
    chunkCount: z.number().int(),
    error: z.string().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'Document' });
const idParam = z.object({ id: z.string().min(1).max(200) });
export const documentListQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(200) });

function view(doc: DocumentRow): z.infer<typeof documentSchema> {
  return {
    id: doc.id,
    title: doc.title,
    source: doc.source,
    mediaType: doc.mediaType,
    sizeBytes: doc.sizeBytes,
    groups: doc.groups,
    status: doc.status,
    progress: { done: doc.progressDone, total: doc.progressTotal },
    chunkCount: doc.chunkCount,
    error: doc.error,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

export function batchView(b: BatchProgress) {
  const { counts } = b;
  return {
    id: b.id,
    status: b.status,
    itemCount: b.itemCount,
    duplicateCount: b.duplicateCount,
    refused: b.refused,
    documents: { queued: counts.queued, parsing: counts.parsing, embedding: counts.embedding, ready: counts.ready, failed: counts.failed },
    chunks: { done: counts.chunksDone, total: counts.chunks },
    error: b.error,
    createdAt: b.createdAt,
    updatedAt: b.updatedAt,
  };
}

const JSON_LINES_TYPES = ['application/x-ndjson', 'application/jsonl', 'application/x-jsonlines', 'application/json-lines'];

/** One JSON line → an upload, or the reason it cannot be one (the batch goes on without it). */
function jsonLineItem(line: string, lineNo: number): BatchItemInput {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { invalid: `line ${lineNo}: not valid JSON` };
  }
  const parsed = jsonUpload.safeParse(value);
  const title = typeof (value as { title?: unknown })?.title === 'string' ? ((value as { title: string }).title.slice(0, 300) || undefined) : undefined;
  if (!parsed.success) return { invalid: `line ${lineNo}: ${z.prettifyError(parsed.error).replace(/\s+/g, ' ')}`, title };
  const { text, source, groups } = parsed.data;
  return { bytes: new TextEncoder().encode(text), fileName: `${parsed.data.title}.txt`, mediaType: MEDIA_TYPES.txt, title: parsed.data.title, source, groups };
}

/** A bulk body: JSON Lines of { title, text, source?, groups }, or multipart with many "file" fields and shared groups/source. */
async function readBatch(c: Context<AppEnv>): Promise<BatchItemInput[]> {
  const declared = Number(c.req.header('Content-Length') ?? 0);
  if (declared > MAX_BATCH_BYTES) throw new PayloadTooLargeError(`The batch is ${declared} bytes; the limit is ${MAX_BATCH_BYTES}. Split it.`);
  const type = (c.req.header('Content-Type') ?? '').toLowerCase();
  if (JSON_LINES_TYPES.some((t) => type.startsWith(t))) {
    const bytes = await c.req.arrayBuffer();
    if (bytes.byteLength > MAX_BATCH_BYTES) throw new PayloadTooLargeError(`The batch is over ${MAX_BATCH_BYTES} bytes. Split it.`);
    return new TextDecoder()
      .decode(bytes)
      .split('\n')
      .map((line, i) => ({ line: line.trim(), lineNo: i + 1 }))
      .filter((l) => l.line !== '')
      .map((l) => jsonLineItem(l.line, l.lineNo));
  }
  if (type.startsWith('multipart/form-data')) {
    const form = await c.req.formData().catch(() => {
      throw new ValidationError('The multipart body could not be read.');
    });
    const fields = formFields.omit({ title: true }).safeParse({ source: form.get('source') ?? undefined, groups: form.get('groups') ?? undefined });
    if (!fields.success) throw new ValidationError('Invalid form fields.', z.flattenError(fields.error));
    const files = form.getAll('file').filter((f): f is File => f instanceof File);
    if (files.length === 0) throw new ValidationError('Attach the documents as "file" fields.');
    return Promise.all(
      files.map(async (file): Promise<BatchItemInput> => {
        const fileName = file.name.split(/[\\/]/).pop() || 'upload';
        try {
          return { bytes: new Uint8Array(await file.arrayBuffer()), fileName, mediaType: mediaTypeFor(fileName), ...fields.data };
        } catch (err) {
          return { invalid: err instanceof Error ? err.message : String(err), title: fileName };
        }
      }),
    );
  }
  throw new UnsupportedMediaTypeError('Send application/x-ndjson (one { title, text, source?, groups } per line), or multipart/form-data with "file" fields.');
}

async function readUpload(c: Context<AppEnv>, maxBytes: number): Promise<UploadInput> {
  const declared = Number(c.req.header('Content-Length') ?? 0);
  // Refuse before buffering; the multipart envelope adds a little, hence the slack.
  if (declared > maxBytes + 64 * 1024) throw new PayloadTooLargeError(`The upload is ${declared} bytes; the limit is ${maxBytes}.`);
  const type = c.req.header('Content-Type') ?? '';
  if (type.startsWith('application/json')) {
    const parsed = jsonUpload.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) throw new ValidationError('Send { title, text, source?, groups } (groups: who may read it, "*" for everyone).', z.flattenError(parsed.error));
    const { title, text, source, groups } = parsed.data;
    return { bytes: new TextEncoder().encode(text), fileName: `${title}.txt`, mediaType: MEDIA_TYPES.txt, title, source, groups };
  }
  if (type.startsWith('multipart/form-data')) {
    const form = await c.req.formData().catch(() => {
      throw new ValidationError('The multipart body could not be read.');
    });
    const file = form.get('file');
    if (!(file instanceof File)) throw new ValidationError('Attach the document as the "file" field.');
    const fields = formFields.safeParse({
      title: form.get('title') ?? undefined,
      source: form.get('source') ?? undefined,
      groups: form.get('groups') ?? undefined,
    });
    if (!fields.success) throw new ValidationError('Invalid form fields.', z.flattenError(fields.error));
    const fileName = file.name.split(/[\\/]/).pop() || 'upload';
    return { bytes: new Uint8Array(await file.arrayBuffer()), fileName, mediaType: mediaTypeFor(fileName), ...fields.data };
  }
  throw new UnsupportedMediaTypeError('Send multipart/form-data with a "file" field, or application/json { title, text }.');
}

/** The multipart form, documented from the same field schema the handler validates with. */
const multipartUpload = {
  type: 'object',
  required: ['file'],
  properties: {
    file: { type: 'string', format: 'binary', description: '.md, .txt, .html or .pdf' },
    ...(z.toJSONSchema(formFields, { io: 'input' }) as { properties: Record<string, unknown> }).properties,
  },
  description: 'groups: comma-separated; required unless a Markdown file names them in front matter; "*" means everyone.',
};

const uploadRoute = createRoute({
  method: 'post',
  path: '/',
  summary: 'Upload a document (operators); the same bytes with other groups regroup it',
  middleware: [authorize('documents:write')] as const,
  request: {
    body: {
      required: true,
      // Read by readUpload (it must refuse oversized bodies before buffering), so documented here, not validated by the router.
      content: { 'application/json': { schema: z.toJSONSchema(jsonUpload, { io: 'input' }) as never }, 'multipart/form-data': { schema: multipartUpload as never } },
    },
  },
  responses: {
    200: jsonResponse(documentSchema.extend({ duplicate: z.literal(true) }), 'These bytes were already uploaded: the existing document (regrouped if other groups were named).'),
    202: jsonResponse(documentSchema.extend({ duplicate: z.literal(false) }), 'Stored; ingestion runs in the background (poll GET /api/documents/{id}).'),
    ...errors(400, 401, 403, 413, 415, 422, 503),
  },
});
const listRoute = createRoute({
  method: 'get',
  path: '/',
  summary: 'Documents you may read, newest first',
  middleware: [authorize('documents:read')] as const,
  request: { query: documentListQuery },
  responses: { 200: jsonResponse(z.object({ documents: z.array(documentSchema) }), 'Within your groups.'), ...errors(401, 403, 503) },
});
const getRoute = createRoute({
  method: 'get',
  path: '/{id}',
  summary: 'A document with its status and ingestion progress',
  middleware: [authorize('documents:read')] as const,
  request: { params: idParam },
  responses: { 200: jsonResponse(documentSchema, 'The document.'), ...errors(401, 403, 404, 503) },
});
const textRoute = createRoute({
  method: 'get',
  path: '/{id}/text',
  summary: "A document's extracted text (citations' start/end index into it)",
  middleware: [authorize('documents:read')] as const,
  request: { params: idParam },
  responses: { 200: jsonResponse(z.object({ id: z.string(), title: z.string(), text: z.string() }), 'The text.'), ...errors(401, 403, 404, 503) },
});
const deleteRoute = createRoute({
  method: 'delete',
  path: '/{id}',
  summary: 'Delete a document: original, chunks, keyword entries and vectors',
  middleware: [authorize('documents:write')] as const,
  request: { params: idParam },
  responses: { 200: jsonResponse(z.object({ id: z.string(), deleted: z.literal(true) }), 'Deleted.'), ...errors(401, 403, 404, 503) },
});

const loose = z.record(z.string(), z.unknown());
const batchUploadRoute = createRoute({
  method: 'post',
  path: '/batch',
  summary: 'Upload many documents at once: JSON Lines of { title, text, source?, groups }, or multipart with many "file" fields',
  description: 'One ingest Workflow per batch. Each item is reported: queued, duplicate, or refused with its reason; a bad item never fails the batch.',
  middleware: [authorize('documents:write')] as const,
  request: {
    body: {
      required: true,
      // Read by readBatch (it refuses oversized bodies before buffering and reports bad lines one by one).
      content: {
        'application/x-ndjson': { schema: { type: 'string', description: 'one JSON object per line', 'x-item-schema': z.toJSONSchema(jsonUpload, { io: 'input' }) } as never },
        'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'array', items: { type: 'string', format: 'binary' } }, groups: { type: 'string' }, source: { type: 'string' } } } as never },
      },
    },
  },
  responses: { 202: jsonResponse(z.object({ batch: loose, items: z.array(loose) }), 'Accepted; follow it with GET /api/documents/batches/{id}.'), ...errors(400, 401, 403, 413, 415, 503) },
});
const batchListRoute = createRoute({
  method: 'get',
  path: '/batches',
  summary: 'Recent bulk uploads with their progress',
  middleware: [authorize('documents:write')] as const,
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }) },
  responses: { 200: jsonResponse(z.object({ batches: z.array(loose) }), 'Newest first.'), ...errors(400, 401, 403, 503) },
});
const batchGetRoute = createRoute({
  method: 'get',
  path: '/batches/{id}',
  summary: 'One bulk upload: progress per batch and per document',
  middleware: [authorize('documents:write')] as const,
  request: { params: idParam, query: z.object({ summary: z.enum(['0', '1']).optional().describe('1 leaves out the per-document list, for clients that poll often') }) },
  responses: { 200: jsonResponse(loose, 'The batch.'), ...errors(401, 403, 404, 503) },
});

export const documents = router()
  .openapi(batchUploadRoute, async (c) => {
    const ctx = contextOf(c);
    const { batch, items } = await uploadDocumentBatch(ctx, await readBatch(c));
    return c.json({ batch: batchView(batch), items: items as unknown as Record<string, unknown>[] }, 202);
  })
  .openapi(batchListRoute, async (c) => c.json({ batches: (await listBatches(contextOf(c), c.req.valid('query').limit)).map(batchView) }, 200))
  .openapi(batchGetRoute, async (c) => {
    const batch = await getBatch(contextOf(c), c.req.valid('param').id);
    if (c.req.valid('query').summary === '1') return c.json(batchView(batch), 200);
    return c.json({ ...batchView(batch), items: batch.documents.map(view) }, 200);
  })
  .openapi(uploadRoute, async (c) => {
    const input = await readUpload(c, c.var.services.config.MAX_UPLOAD_BYTES);
    const { document, duplicate } = await uploadDocument(contextOf(c), input);
    return duplicate ? c.json({ ...view(document), duplicate: true as const }, 200) : c.json({ ...view(document), duplicate: false as const }, 202);
  })
  .openapi(listRoute, async (c) => c.json({ documents: (await listDocuments(contextOf(c), c.req.valid('query').limit)).map(view) }, 200))
  .openapi(getRoute, async (c) => c.json(view(await getDocument(contextOf(c), c.req.valid('param').id)), 200))
  .openapi(textRoute, async (c) => {
    const { document, text } = await getDocumentText(contextOf(c), c.req.valid('param').id);
    if (text === undefined) throw new NotFoundError('Document text (ingestion has not parsed it yet)');
    return c.json({ id: document.id, title: document.title, text }, 200);
  })
  .openapi(deleteRoute, async (c) => {
    const { id } = c.req.valid('param');
    await deleteDocument(contextOf(c), id);
    return c.json({ id, deleted: true as const }, 200);
  });
