/**
 * The synchronous half of ingestion: validate the upload, store the original in R2 under its content hash,
 * record the document as `queued` and start the durable ingest Workflow. Same bytes twice → the same document.
 */
import type { Identity } from '../auth/identity';
import type { Db } from '../db/client';
import { appendAudit } from '../db/audit';
import { findDocumentByHash, insertDocument, updateDocument, type DocumentRow } from '../db/documents';
import { PayloadTooLargeError, UnprocessableError, ValidationError } from '../errors';
import type { VectorIndex } from '../vector/vector-index';
import { chunkVectorIds } from './delete-document';
import { extractDocumentText, MEDIA_TYPES, type MediaType } from './extract-text';

export interface UploadInput {
  bytes: Uint8Array;
  fileName: string;
  mediaType: MediaType;
  title?: string;
  source?: string;
  groups?: string[];
}

export interface AcceptDeps {
  db: Db;
  bucket: R2Bucket;
  ingest: Workflow;
  vectors: VectorIndex;
  maxBytes: number;
}

/** Thrown when an upload names no groups: who may read a document is always an explicit choice. */
export class GroupsRequiredError extends ValidationError {
  constructor() {
    super('Name the groups that may read this document (for example "support"), or "*" for everyone.', { fieldErrors: { groups: ['required'] } });
  }
}

export const sameGroups = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join(',') === [...b].sort().join(',');

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export const newDocumentId = () => `doc_${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;

/** Cheap checks in the request so the uploader gets 413/422 at once; the Workflow does the full parse. */
async function preflight(input: UploadInput): Promise<{ title?: string; groups?: string[] }> {
  if (input.mediaType === MEDIA_TYPES.pdf) {
    const magic = new TextDecoder().decode(input.bytes.subarray(0, 5));
    if (magic !== '%PDF-') throw new UnprocessableError('The file is not a PDF (it does not start with %PDF-).');
    return {};
  }
  const extracted = await extractDocumentText(input.bytes, input.mediaType);
  return { title: extracted.title, groups: extracted.groups };
}

export async function acceptUpload(
  deps: AcceptDeps,
  uploader: Identity,
  input: UploadInput,
): Promise<{ document: DocumentRow; duplicate: boolean }> {
  if (input.bytes.byteLength > deps.maxBytes) {
    throw new PayloadTooLargeError(`The file is ${input.bytes.byteLength} bytes; the limit is ${deps.maxBytes}.`);
  }
  const declared = await preflight(input);
  const groups = input.groups?.length ? input.groups : declared.groups?.length ? declared.groups : undefined;
  if (!groups) throw new GroupsRequiredError();
  const contentHash = await sha256Hex(input.bytes);
  const existing = await findDocumentByHash(deps.db, contentHash);
  if (existing) {
    if (!sameGroups(existing.groups, groups)) await regroup(deps, uploader, existing, groups);
    return { document: (await findDocumentByHash(deps.db, contentHash)) ?? existing, duplicate: true };
  }

  const objectKey = `originals/sha256/${contentHash}`;
  await deps.bucket.put(objectKey, input.bytes, {
    httpMetadata: { contentType: input.mediaType },
    customMetadata: { fileName: input.fileName.slice(0, 200) },
    sha256: contentHash,
  });
  const id = newDocumentId();
  await insertDocument(deps.db, {
    id,
    title: (input.title ?? declared.title ?? input.fileName).slice(0, 300),
    source: input.source ?? input.fileName,
    contentHash,
    objectKey,
    mediaType: input.mediaType,
    sizeBytes: input.bytes.byteLength,
    groups,
    status: 'queued',
    createdBy: uploader.id,
  });
  await appendAudit(deps.db, { actorId: uploader.id, event: 'document.uploaded', subjectType: 'document', subjectId: id, details: { contentHash, groups } });
  await deps.ingest.create({ id, params: { documentId: id } });
  const document = await findDocumentByHash(deps.db, contentHash);
  if (!document) throw new Error(`document ${id} vanished after insert`);
  return { document, duplicate: false };
}

/**
 * The same bytes uploaded with other groups: the new groups apply at once (retrieval re-checks groups in
 * D1 on every hit), and the document is re-indexed because each vector carries one group in its metadata.
 */
export async function regroup(deps: AcceptDeps, uploader: Identity, doc: DocumentRow, groups: string[]): Promise<void> {
  await deps.vectors.deleteByIds(await chunkVectorIds(deps.db, doc));
  await updateDocument(deps.db, doc.id, { groups, status: 'queued', progressDone: 0, error: null });
  await appendAudit(deps.db, { actorId: uploader.id, event: 'document.regrouped', subjectType: 'document', subjectId: doc.id, details: { from: doc.groups, to: groups } });
  await deps.ingest.create({ id: `${doc.id}-regroup-${Date.now().toString(36)}`, params: { documentId: doc.id } });
}
