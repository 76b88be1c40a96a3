/** Documents: operators upload and delete; every reader lists and reads only what their groups allow. */
import { documentText, findDocument, listDocuments as listDocumentRows, type DocumentRow } from '../db/documents';
import { batchStatusCounts, documentsOfBatch, findBatch, listBatches as listBatchRows, type BatchRow } from '../db/ingest-batches';
import { NotFoundError } from '../errors';
import { acceptBatch, type BatchItemInput, type BatchItemResult } from '../rag/accept-batch';
import { acceptUpload, type UploadInput } from '../rag/accept-upload';
import { canRead } from '../rag/access';
import { deleteDocument as removeDocument } from '../rag/delete-document';
import type { UseCaseContext } from './context';
import { assertLevelAllows, requireCaller } from './rules';

export type { BatchItemInput, UploadInput };

/** Stores the original and starts ingestion; the same bytes again return the existing document (regrouped if asked). */
export async function uploadDocument(ctx: UseCaseContext, input: UploadInput) {
  const me = requireCaller(ctx, 'documents:write');
  await assertLevelAllows(ctx, 'write');
  const { db, vectors, config } = ctx.services;
  return acceptUpload({ db, vectors, bucket: ctx.env.DOCUMENTS, ingest: ctx.env.INGEST_WORKFLOW, maxBytes: config.MAX_UPLOAD_BYTES }, me, input);
}

/**
 * Many documents at once under the same rules as uploadDocument: new ones are ingested by one Workflow for the
 * batch, duplicates are reported with their document, and an item that cannot be stored is refused alone.
 */
export async function uploadDocumentBatch(ctx: UseCaseContext, items: BatchItemInput[]): Promise<{ batch: BatchProgress; items: BatchItemResult[] }> {
  const me = requireCaller(ctx, 'documents:write');
  await assertLevelAllows(ctx, 'write');
  const { db, vectors, config } = ctx.services;
  const accepted = await acceptBatch({ db, vectors, bucket: ctx.env.DOCUMENTS, ingest: ctx.env.INGEST_WORKFLOW, maxBytes: config.MAX_UPLOAD_BYTES }, me, items);
  return { batch: { ...accepted.batch, counts: await batchStatusCounts(db, accepted.batch.id) }, items: accepted.items };
}

export type BatchProgress = BatchRow & { counts: Awaited<ReturnType<typeof batchStatusCounts>> };

/** Recent bulk uploads with their progress; batches are an operator's tool, like uploading. */
export async function listBatches(ctx: UseCaseContext, limit: number): Promise<BatchProgress[]> {
  requireCaller(ctx, 'documents:write');
  await assertLevelAllows(ctx, 'read');
  const rows = await listBatchRows(ctx.services.db, limit);
  return Promise.all(rows.map(async (b) => ({ ...b, counts: await batchStatusCounts(ctx.services.db, b.id) })));
}

/** One bulk upload: its progress, its documents (those the caller may read) with theirs, and its refused items. */
export async function getBatch(ctx: UseCaseContext, id: string): Promise<BatchProgress & { documents: DocumentRow[] }> {
  const me = requireCaller(ctx, 'documents:write');
  await assertLevelAllows(ctx, 'read');
  const batch = await findBatch(ctx.services.db, id);
  if (!batch) throw new NotFoundError('Batch');
  const [counts, documents] = await Promise.all([batchStatusCounts(ctx.services.db, id), documentsOfBatch(ctx.services.db, id)]);
  return { ...batch, counts, documents: documents.filter((d) => canRead(me, d.groups)) };
}

export async function listDocuments(ctx: UseCaseContext, limit: number): Promise<DocumentRow[]> {
  const me = requireCaller(ctx, 'documents:read');
  await assertLevelAllows(ctx, 'read');
  const rows = await listDocumentRows(ctx.services.db, limit);
  return rows.filter((d) => canRead(me, d.groups));
}

/** The document, or a 404 that does not reveal whether it exists outside the caller's groups. */
export async function getDocument(ctx: UseCaseContext, id: string): Promise<DocumentRow> {
  const me = requireCaller(ctx, 'documents:read');
  await assertLevelAllows(ctx, 'read');
  const doc = await findDocument(ctx.services.db, id);
  if (!doc || !canRead(me, doc.groups)) throw new NotFoundError('Document');
  return doc;
}

/** The document with its extracted text (undefined until ingestion has parsed it). */
export async function getDocumentText(ctx: UseCaseContext, id: string): Promise<{ document: DocumentRow; text: string | undefined }> {
  const document = await getDocument(ctx, id);
  return { document, text: await documentText(ctx.services.db, document.id) };
}

export async function deleteDocument(ctx: UseCaseContext, id: string): Promise<void> {
  const me = requireCaller(ctx, 'documents:write');
  await assertLevelAllows(ctx, 'write');
  const doc = await getDocument(ctx, id);
  const { db, vectors } = ctx.services;
  await removeDocument({ db, vectors, bucket: ctx.env.DOCUMENTS, ingest: ctx.env.INGEST_WORKFLOW }, doc, me.id);
}
