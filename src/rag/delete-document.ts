/** Removes a document everywhere it lives: R2 original, vectors, chunks (and their keyword entries), text, row. */
import { appendAudit } from '../db/audit';
import type { Db } from '../db/client';
import { bumpCorpusVersion } from '../db/corpus';
import { chunkIdsOfDocument, deleteDocumentRows, type DocumentRow } from '../db/documents';
import type { VectorIndex } from '../vector/vector-index';
import { vectorId } from './access';

/** The ids of every vector a document's chunks have in the index (one per chunk and group). */
export async function chunkVectorIds(db: Db, doc: Pick<DocumentRow, 'id' | 'groups'>): Promise<string[]> {
  const chunkIds = await chunkIdsOfDocument(db, doc.id);
  return chunkIds.flatMap((id) => doc.groups.map((g) => vectorId(id, g)));
}

export async function deleteDocument(
  deps: { db: Db; bucket: R2Bucket; vectors: VectorIndex; ingest: Workflow },
  doc: DocumentRow,
  actorId: string,
): Promise<void> {
  if (doc.status !== 'ready' && doc.status !== 'failed') {
    // Stop an ingest in flight so it cannot re-add vectors after we remove them; it may already be finished.
    await deps.ingest
      .get(doc.id)
      .then((instance) => instance.terminate())
      .catch(() => undefined);
  }
  const vectorIds = await chunkVectorIds(deps.db, doc);
  await deps.vectors.deleteByIds(vectorIds);
  await deps.bucket.delete(doc.objectKey);
  await deleteDocumentRows(deps.db, doc.id);
  await bumpCorpusVersion(deps.db);
  await appendAudit(deps.db, { actorId, event: 'document.deleted', subjectType: 'document', subjectId: doc.id, details: { chunks: vectorIds.length / Math.max(1, doc.groups.length) } });
}
