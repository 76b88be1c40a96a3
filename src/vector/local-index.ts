/**
 * The local vector index: vectors persist in D1 (so they survive dev-server restarts); queries run an exact
 * cosine scan over a packed matrix cached per isolate and rebuilt when the stored generation changes.
 */
import type { Db } from '../db/client';
import { deleteVectors, loadAllVectors, upsertVectors, vectorGeneration } from '../db/local-vectors';
import { liveSettings, type SettingsReader } from '../db/settings';
import { timed } from '../ops/stage-timing';
import { normaliseRow, topKCosine, type PackedVectors } from './cosine-search';
import { groupIndex, rowFilter, type GroupIndex } from './group-filter';
import type { QueryOptions, VectorIndex, VectorMatch, VectorRecord } from './vector-index';

interface Snapshot extends GroupIndex {
  generation: number;
  packed: PackedVectors;
}

// One cache per D1 binding object, so separate test databases never share a snapshot.
const snapshots = new WeakMap<object, Snapshot>();

export class LocalVectorIndex implements VectorIndex {
  constructor(
    private readonly db: Db,
    private readonly cacheKey: object,
    private readonly size: number,
    private readonly settings: SettingsReader = liveSettings(db),
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
    this.settings.forget();
  }

  async query(vector: number[], options: QueryOptions): Promise<VectorMatch[]> {
    const snap = await this.snapshot();
    const hits = await timed('vector-scan', () => topKCosine(snap.packed, vector, options.topK, rowFilter(snap, options.filter)));
    return hits.map((h) => ({
      id: snap.packed.ids[h.row]!,
      score: h.score,
      ...(options.returnMetadata ? { metadata: snap.metadata[h.row] } : {}),
    }));
  }

  async deleteByIds(ids: string[]): Promise<void> {
    if (ids.length > 0) await deleteVectors(this.db, ids);
    this.settings.forget();
  }

  private async snapshot(): Promise<Snapshot> {
    const generation = await timed('vector-generation', () => vectorGeneration(this.settings));
    const cached = snapshots.get(this.cacheKey);
    if (cached && cached.generation === generation) return cached;
    const snap = await timed('vector-load', () => this.load(generation));
    snapshots.set(this.cacheKey, snap);
    return snap;
  }

  private async load(generation: number): Promise<Snapshot> {
    const { ids, metadata, matrix } = await loadAllVectors(this.db, this.size);
    for (let r = 0; r < ids.length; r++) normaliseRow(matrix, r, this.size);
    return { generation, packed: { dimensions: this.size, ids, matrix }, ...groupIndex(metadata) };
  }
}
