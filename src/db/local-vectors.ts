/** Storage for the local vector index: one D1 row per vector, and a generation counter for cache invalidation. */
import { inArray, sql } from 'drizzle-orm';
import { decodeVector, encodeVector } from '../vector/vector-codec';
import type { Metadata } from '../vector/vector-index';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from './client';
import { runBatched } from './ingest-batches';
import { localVectors } from './schema';
import { bumpCounter, getSetting } from './settings';

const GENERATION = 'local_vector_generation';
// D1 binds at most 100 parameters per statement; each row binds 3.
const ROWS_PER_STATEMENT = 25;

export interface StoredVector {
  id: string;
  values: Float32Array;
  metadata: Metadata;
}

type Row = typeof localVectors.$inferSelect;
const decode = (r: Row): StoredVector => ({ id: r.id, values: decodeVector(r.values), metadata: r.metadata });

export async function vectorGeneration(db: Db): Promise<number> {
  return Number((await getSetting(db, GENERATION)) ?? 0);
}

/** Upserts in one round trip (a D1 batch) and bumps the generation so every isolate reloads its snapshot. */
export async function upsertVectors(db: Db, rows: { id: string; values: ArrayLike<number>; metadata: Metadata }[]): Promise<void> {
  const statements: BatchItem<'sqlite'>[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    statements.push(
      db
        .insert(localVectors)
        .values(rows.slice(i, i + ROWS_PER_STATEMENT).map((r) => ({ ...r, values: encodeVector(r.values) })))
        .onConflictDoUpdate({
          target: localVectors.id,
          set: { values: sql`excluded."values"`, metadata: sql`excluded."metadata"` },
        }),
    );
  }
  await runBatched(db, statements);
  await bumpCounter(db, GENERATION);
}

export async function deleteVectors(db: Db, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 90) {
    await db.delete(localVectors).where(inArray(localVectors.id, ids.slice(i, i + 90)));
  }
  await bumpCounter(db, GENERATION);
}

export async function allVectors(db: Db): Promise<StoredVector[]> {
  return (await db.select().from(localVectors).all()).map(decode);
}
