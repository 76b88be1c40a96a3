/**
 * The local vector index: vectors persist in D1 (so they survive dev-server restarts); queries run an exact
 * cosine scan over a packed matrix cached per isolate and rebuilt when the stored generation changes.
 */
import type { Db } from '../db/client';
import { allVectors, deleteVectors, upsertVectors, vectorGeneration } from '../db/local-vectors';
import { pack, topKCosine, type PackedVectors } from './cosine-search';
import { matchesFilter } from './metadata-filter';
import type { Metadata, QueryOptions, VectorIndex, VectorMatch, VectorRecord } from './vector-index';

interface Snapshot {
  generation: number;
  packed: PackedVectors;
  metadata: Metadata[];
}

// One cache per D1 binding object, so separate test databases never share a snapshot.
const snapshots = new WeakMap<object, Snapshot>();

export class LocalVectorIndex implements VectorIndex {
  constructor(
    private readonly db: Db,
    private readonly cacheKey: object,
    private readonly size: number,
  ) {}

  async dimensions(): Promise<number> {
    return this.size;
  }

  async upsert(vectors: VectorRecord[]): Promise<void> {
    for (const v of vectors) {
      if (v.values.length !== this.size) {
        throw new Error(`vector ${v.id} has ${v.values.length} dimensions; the index expects ${this.size}`);
      }
    }
    await upsertVectors(
      this.db,
      vectors.map((v) => ({ id: v.id, values: v.values, metadata: v.metadata ?? {} })),
    );
  }

  async query(vector: number[], options: QueryOptions): Promise<VectorMatch[]> {
    const snap = await this.snapshot();
    const hits = topKCosine(snap.packed, vector, options.topK, (row) => matchesFilter(snap.metadata[row], options.filter));
    return hits.map((h) => ({
      id: snap.packed.ids[h.row]!,
      score: h.score,
      ...(options.returnMetadata ? { metadata: snap.metadata[h.row] } : {}),
    }));
  }

  async deleteByIds(ids: string[]): Promise<void> {
    if (ids.length > 0) await deleteVectors(this.db, ids);
  }

  private async snapshot(): Promise<Snapshot> {
    const generation = await vectorGeneration(this.db);
    const cached = snapshots.get(this.cacheKey);
    if (cached && cached.generation === generation) return cached;
    const rows = await allVectors(this.db);
    const snap = { generation, packed: pack(this.size, rows), metadata: rows.map((r) => r.metadata) };
    snapshots.set(this.cacheKey, snap);
    return snap;
  }
}
