/** Documents: operators upload and delete; every reader lists and reads only what their groups allow. */
import { documentText, findDocument, listDocuments as listDocumentRows, type DocumentRow } from '../db/documents';
import { NotFoundError } from '../errors';
import { acceptUpload, type UploadInput } from '../rag/accept-upload';
import { canRead } from '../rag/access';
import { deleteDocument as removeDocument } from '../rag/delete-document';
import type { UseCaseContext } from './context';
import { assertLevelAllows, requireCaller } from './rules';

export type { UploadInput };

/** Stores the original and starts ingestion; the same bytes again return the existing document (regrouped if asked). */
export async function uploadDocument(ctx: UseCaseContext, input: UploadInput) {
  const me = requireCaller(ctx, 'documents:write');
  await assertLevelAllows(ctx, 'write');
  const { db, vectors, config } = ctx.services;
  return acceptUpload({ db, vectors, bucket: ctx.env.DOCUMENTS, ingest: ctx.env.INGEST_WORKFLOW, maxBytes: config.MAX_UPLOAD_BYTES }, me, input);
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
