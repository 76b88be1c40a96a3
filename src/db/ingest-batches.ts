/** Bulk uploads and the set-at-a-time writes their ingestion needs: many documents, texts and chunks per round trip. */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from './client';
import type { ChunkRow, DocumentRow, NewDocument } from './documents';
import { chunks, documents, documentTexts, ingestBatches } from './schema';

export type BatchRow = typeof ingestBatches.$inferSelect;
export type DocumentStatus = DocumentRow['status'];

// D1 binds at most 100 parameters per statement; ids are the only bound values here.
const IDS_PER_STATEMENT = 90;
// A db.batch is one round trip and one transaction; keep each well inside D1's per-batch limits.
const STATEMENTS_PER_BATCH = 200;

/** Runs statements in as few D1 round trips as the limits allow. */
export async function runBatched(db: Db, statements: BatchItem<'sqlite'>[]): Promise<void> {
  for (let i = 0; i < statements.length; i += STATEMENTS_PER_BATCH) {
    const slice = statements.slice(i, i + STATEMENTS_PER_BATCH);
    await db.batch(slice as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
  }
}

/** Multi-row inserts sized to the bound-parameter limit (each row binds `columns` values). */
function insertsOf<T>(rows: T[], columns: number, build: (slice: T[]) => BatchItem<'sqlite'>): BatchItem<'sqlite'>[] {
  const perStatement = Math.max(1, Math.floor(100 / columns));
  const out: BatchItem<'sqlite'>[] = [];
  for (let i = 0; i < rows.length; i += perStatement) out.push(build(rows.slice(i, i + perStatement)));
  return out;
}

export async function insertBatch(db: Db, batch: typeof ingestBatches.$inferInsert): Promise<void> {
  await db.insert(ingestBatches).values(batch);
}

export async function findBatch(db: Db, id: string): Promise<BatchRow | undefined> {
  return db.select().from(ingestBatches).where(eq(ingestBatches.id, id)).get();
}

export async function listBatches(db: Db, limit: number): Promise<BatchRow[]> {
  return db.select().from(ingestBatches).orderBy(desc(ingestBatches.createdAt)).limit(limit).all();
}

export async function updateBatch(db: Db, id: string, patch: Partial<Pick<BatchRow, 'status' | 'error'>>): Promise<void> {
  await db
    .update(ingestBatches)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(ingestBatches.id, id));
}

/** The existing documents among these content hashes, by hash. */
export async function documentsByHash(db: Db, hashes: readonly string[]): Promise<Map<string, DocumentRow>> {
  const out = new Map<string, DocumentRow>();
  const unique = [...new Set(hashes)];
  for (let i = 0; i < unique.length; i += IDS_PER_STATEMENT) {
    const rows = await db.select().from(documents).where(inArray(documents.contentHash, unique.slice(i, i + IDS_PER_STATEMENT))).all();
    for (const r of rows) out.set(r.contentHash, r);
  }
  return out;
}

export async function insertDocuments(db: Db, rows: NewDocument[]): Promise<void> {
  // A document row binds 16 columns (every column, defaults included, is listed in a multi-row insert).
  // Another upload of the same bytes may land first: its document stands and the caller re-reads by hash.
  await runBatched(db, insertsOf(rows, 16, (slice) => db.insert(documents).values(slice).onConflictDoNothing({ target: documents.contentHash })));
}

/** Per-document counts by status for one batch: the batch's progress. */
export async function batchStatusCounts(db: Db, batchId: string): Promise<Record<DocumentStatus, number> & { chunks: number; chunksDone: number }> {
  const rows = await db
    .select({ status: documents.status, n: sql<number>`count(*)`, chunks: sql<number>`sum(${documents.progressTotal})`, done: sql<number>`sum(${documents.progressDone})` })
    .from(documents)
    .where(eq(documents.batchId, batchId))
    .groupBy(documents.status)
    .all();
  const out = { queued: 0, parsing: 0, embedding: 0, ready: 0, failed: 0, chunks: 0, chunksDone: 0 };
  for (const r of rows) {
    out[r.status] = Number(r.n);
    out.chunks += Number(r.chunks ?? 0);
    out.chunksDone += Number(r.done ?? 0);
  }
  return out;
}

export async function documentsOfBatch(db: Db, batchId: string, statuses?: readonly DocumentStatus[]): Promise<DocumentRow[]> {
  const conditions = [eq(documents.batchId, batchId)];
  if (statuses) conditions.push(inArray(documents.status, [...statuses]));
  return db.select().from(documents).where(and(...conditions)).orderBy(asc(documents.id)).all();
}

/** One parsed document: its text and chunks are stored and it moves to `embedding`. */
export interface ParsedDocument {
  documentId: string;
  text: string;
  chunks: Omit<ChunkRow, 'documentId'>[];
}

/**
 * Stores the texts and chunks of many documents and moves them to `embedding`, in a few round trips.
 * Idempotent: earlier chunks of these documents are replaced (chunks_fts follows through its triggers).
 */
export async function storeParsedDocuments(db: Db, parsed: ParsedDocument[]): Promise<void> {
  if (parsed.length === 0) return;
  const ids = parsed.map((p) => p.documentId);
  const statements: BatchItem<'sqlite'>[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) statements.push(db.delete(chunks).where(inArray(chunks.documentId, ids.slice(i, i + IDS_PER_STATEMENT))));
  statements.push(
    ...insertsOf(parsed, 2, (slice) =>
      db
        .insert(documentTexts)
        .values(slice.map((p) => ({ documentId: p.documentId, text: p.text })))
        .onConflictDoUpdate({ target: documentTexts.documentId, set: { text: sql`excluded."text"` } }),
    ),
  );
  const chunkRows = parsed.flatMap((p) => p.chunks.map((c) => ({ ...c, documentId: p.documentId })));
  statements.push(...insertsOf(chunkRows, 7, (slice) => db.insert(chunks).values(slice)));
  const now = new Date();
  for (const p of parsed) {
    statements.push(
      db
        .update(documents)
        .set({ status: 'embedding', progressDone: 0, progressTotal: p.chunks.length, chunkCount: p.chunks.length, error: null, updatedAt: now })
        .where(eq(documents.id, p.documentId)),
    );
  }
  await runBatched(db, statements);
}

/** Marks documents failed, each with its own reason. */
export async function failDocuments(db: Db, failures: { documentId: string; reason: string }[]): Promise<void> {
  const now = new Date();
  await runBatched(
    db,
    failures.map((f) => db.update(documents).set({ status: 'failed', error: f.reason.slice(0, 500), updatedAt: now }).where(eq(documents.id, f.documentId))),
  );
}

/** Sets each document's embedded-chunk count (progress) in one round trip. */
export async function setProgress(db: Db, done: Map<string, number>): Promise<void> {
  const now = new Date();
  await runBatched(
    db,
    [...done].map(([id, n]) => db.update(documents).set({ progressDone: n, updatedAt: now }).where(eq(documents.id, id))),
  );
}

/** Moves a batch's documents from one status to another in one statement. */
export async function moveBatchDocuments(db: Db, batchId: string, from: DocumentStatus[], to: DocumentStatus, error?: string): Promise<void> {
  await db
    .update(documents)
    .set({ status: to, updatedAt: new Date(), ...(error !== undefined ? { error: error.slice(0, 500) } : {}) })
    .where(and(eq(documents.batchId, batchId), inArray(documents.status, from)));
}

/** A window of the chunks still to embed in a batch, in a stable order (document, then ordinal). */
export async function batchChunkWindow(db: Db, batchId: string, offset: number, limit: number) {
  return db
    .select({ chunk: chunks, title: documents.title, groups: documents.groups })
    .from(chunks)
    .innerJoin(documents, eq(documents.id, chunks.documentId))
    .where(and(eq(documents.batchId, batchId), eq(documents.status, 'embedding')))
    .orderBy(asc(chunks.documentId), asc(chunks.ordinal))
    .limit(limit)
    .offset(offset)
    .all();
}
