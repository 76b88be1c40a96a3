/** Storage for the local vector index: one D1 row per vector, and a generation counter for cache invalidation. */
import { Buffer } from 'node:buffer';
import { asc, gt, inArray, sql } from 'drizzle-orm';
import { decodeVectorInto, encodeVector } from '../vector/vector-codec';
import type { Metadata } from '../vector/vector-index';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from './client';
import { runBatched } from './ingest-batches';
import { localVectors } from './schema';
import { bumpCounter, type SettingsReader } from './settings';

const GENERATION = 'local_vector_generation';
// D1 binds at most 100 parameters per statement; each row binds 3.
const ROWS_PER_STATEMENT = 25;

export async function vectorGeneration(settings: SettingsReader): Promise<number> {
  return Number((await settings.get(GENERATION)) ?? 0);
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

/** Every stored vector, packed: rows decoded straight into one matrix (no per-vector arrays), ids and metadata beside. */
export interface LoadedVectors {
  ids: string[];
  metadata: Metadata[];
  matrix: Float32Array;
}

// Pages keep each result (≈2.8 KB per 512-d row) far below D1's response limits.
const LOAD_PAGE = 2_000;

export async function loadAllVectors(db: Db, dimensions: number): Promise<LoadedVectors> {
  const ids: string[] = [];
  const metadata: Metadata[] = [];
  const encoded: string[] = [];
  let after = '';
  for (;;) {
    const page = await db
      .select()
      .from(localVectors)
      .where(gt(localVectors.id, after))
      .orderBy(asc(localVectors.id))
      .limit(LOAD_PAGE)
      .all();
    for (const r of page) {
      ids.push(r.id);
      metadata.push(r.metadata);
      encoded.push(r.values);
    }
    if (page.length < LOAD_PAGE) break;
    after = page[page.length - 1]!.id;
  }
  const matrix = new Float32Array(ids.length * dimensions);
  const bytes = Buffer.from(matrix.buffer);
  const rowBytes = dimensions * 4;
  encoded.forEach((b64, i) => decodeVectorInto(bytes, i * rowBytes, rowBytes, b64));
  return { ids, metadata, matrix };
}
