/** Documents, their extracted text and chunks: rows written by ingestion and read by retrieval. */
import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from './client';
import { chunks, documents, documentTexts } from './schema';

export type DocumentRow = typeof documents.$inferSelect;
export type NewDocument = typeof documents.$inferInsert;
export type ChunkRow = typeof chunks.$inferSelect;

export async function insertDocument(db: Db, doc: NewDocument): Promise<void> {
  await db.insert(documents).values(doc);
}

export async function findDocument(db: Db, id: string): Promise<DocumentRow | undefined> {
  return db.select().from(documents).where(eq(documents.id, id)).get();
}

export async function findDocumentByHash(db: Db, contentHash: string): Promise<DocumentRow | undefined> {
  return db.select().from(documents).where(eq(documents.contentHash, contentHash)).get();
}

export async function listDocuments(db: Db, limit: number): Promise<DocumentRow[]> {
  return db.select().from(documents).orderBy(desc(documents.createdAt)).limit(limit).all();
}

export async function updateDocument(
  db: Db,
  id: string,
  patch: Partial<Pick<DocumentRow, 'status' | 'progressDone' | 'progressTotal' | 'chunkCount' | 'error' | 'title' | 'groups'>>,
): Promise<void> {
  await db
    .update(documents)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(documents.id, id));
}

export async function saveDocumentText(db: Db, documentId: string, text: string): Promise<void> {
  await db.insert(documentTexts).values({ documentId, text }).onConflictDoUpdate({ target: documentTexts.documentId, set: { text } });
}

export async function documentText(db: Db, documentId: string): Promise<string | undefined> {
  const row = await db.select({ text: documentTexts.text }).from(documentTexts).where(eq(documentTexts.documentId, documentId)).get();
  return row?.text;
}

/** Replaces a document's chunks (idempotent, so a retried ingest step never duplicates rows). */
export async function replaceChunks(db: Db, documentId: string, rows: Omit<ChunkRow, 'documentId'>[]): Promise<void> {
  await db.delete(chunks).where(eq(chunks.documentId, documentId));
  // D1 binds at most 100 parameters per statement; a chunk row binds 7.
  const perStatement = 14;
  const statements = [];
  for (let i = 0; i < rows.length; i += perStatement) {
    statements.push(db.insert(chunks).values(rows.slice(i, i + perStatement).map((r) => ({ ...r, documentId }))));
  }
  if (statements.length > 0) await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
}

export async function chunksOfDocument(db: Db, documentId: string, range?: { from: number; to: number }): Promise<ChunkRow[]> {
  const conditions = [eq(chunks.documentId, documentId)];
  if (range) conditions.push(sql`${chunks.ordinal} >= ${range.from} and ${chunks.ordinal} < ${range.to}`);
  return db.select().from(chunks).where(and(...conditions)).orderBy(asc(chunks.ordinal)).all();
}

export async function chunkIdsOfDocument(db: Db, documentId: string): Promise<string[]> {
  const rows = await db.select({ id: chunks.id }).from(chunks).where(eq(chunks.documentId, documentId)).all();
  return rows.map((r) => r.id);
}

/** Chunks with their document, for hydrating retrieval hits. */
export async function chunksWithDocuments(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ chunk: chunks, title: documents.title, source: documents.source, groups: documents.groups, status: documents.status })
    .from(chunks)
    .innerJoin(documents, eq(documents.id, chunks.documentId))
    .where(inArray(chunks.id, ids))
    .all();
}

/** Deletes the document row; chunks, text and keyword index entries go with it (FK cascade and triggers). */
export async function deleteDocumentRows(db: Db, documentId: string): Promise<void> {
  await db.batch([db.delete(chunks).where(eq(chunks.documentId, documentId)), db.delete(documents).where(eq(documents.id, documentId))]);
}

/** The groups of each of these documents (missing ids are simply absent from the result). */
export async function groupsOfDocuments(db: Db, ids: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const unique = [...new Set(ids)];
  // D1 binds at most 100 parameters per statement.
  for (let i = 0; i < unique.length; i += 90) {
    const rows = await db.select({ id: documents.id, groups: documents.groups }).from(documents).where(inArray(documents.id, unique.slice(i, i + 90))).all();
    for (const r of rows) out.set(r.id, r.groups);
  }
  return out;
}

/** The `source` (file name) of each of these documents, for naming them the way the golden set does. */
export async function sourcesOfDocuments(db: Db, ids: readonly string[]): Promise<Map<string, string | null>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.select({ id: documents.id, source: documents.source }).from(documents).where(inArray(documents.id, unique.slice(0, 90))).all();
  return new Map(rows.map((r) => [r.id, r.source]));
}

export async function documentsUploadedBy(db: Db, userId: string): Promise<DocumentRow[]> {
  return db.select().from(documents).where(eq(documents.createdBy, userId)).all();
}

/** Documents still `queued` and unchanged since a moment: the cron checks each (or its batch) still has its Workflow. */
export async function queuedDocuments(db: Db, unchangedSince: Date, limit: number): Promise<{ id: string; batchId: string | null }[]> {
  return db
    .select({ id: documents.id, batchId: documents.batchId })
    .from(documents)
    .where(and(eq(documents.status, 'queued'), lt(documents.updatedAt, unchangedSince)))
    .limit(limit)
    .all();
}
