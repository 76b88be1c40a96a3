/** /api/documents: operators upload and delete; every reader lists and views the documents their groups allow. */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env';
import type { DocumentRow } from '../db/documents';
import { NotFoundError, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../errors';
import { MEDIA_TYPES, mediaTypeFor } from '../rag/extract-text';
import { deleteDocument, getDocument, getDocumentText, listDocuments, uploadDocument, type UploadInput } from '../usecases/documents';
import { requireCaller } from '../usecases/rules';
import { contextOf } from './use-case-context';

const groupsSchema = z.array(z.string().trim().regex(/^[\w*-]{1,64}$/, 'group names are letters, digits, _ - or *')).max(20);
export const jsonUpload = z.object({
  title: z.string().trim().min(1).max(300),
  text: z.string().min(1),
  source: z.string().max(500).optional(),
  groups: groupsSchema.min(1, 'name at least one group, or "*" for everyone'),
});
const formFields = z.object({
  title: z.string().trim().min(1).max(300).optional(),
  source: z.string().max(500).optional(),
  groups: z
    .string()
    .optional()
    .transform((g) => (g ? g.split(',').map((x) => x.trim()).filter(Boolean) : undefined))
    .pipe(groupsSchema.optional()),
});

function view(doc: DocumentRow) {
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

export const documents = new Hono<AppEnv>()
  .post('/', async (c) => {
    const ctx = contextOf(c);
    requireCaller(ctx, 'documents:write');
    const input = await readUpload(c, c.var.services.config.MAX_UPLOAD_BYTES);
    const { document, duplicate } = await uploadDocument(ctx, input);
    return c.json({ ...view(document), duplicate }, duplicate ? 200 : 202);
  })
  .get('/', async (c) => {
    const limit = z.coerce.number().int().min(1).max(500).catch(200).parse(c.req.query('limit'));
    const rows = await listDocuments(contextOf(c), limit);
    return c.json({ documents: rows.map(view) });
  })
  .get('/:id', async (c) => c.json(view(await getDocument(contextOf(c), c.req.param('id')))))
  .get('/:id/text', async (c) => {
    const { document, text } = await getDocumentText(contextOf(c), c.req.param('id'));
    if (text === undefined) throw new NotFoundError('Document text (ingestion has not parsed it yet)');
    return c.json({ id: document.id, title: document.title, text });
  })
  .delete('/:id', async (c) => {
    const id = c.req.param('id');
    await deleteDocument(contextOf(c), id);
    return c.json({ id, deleted: true });
  });
