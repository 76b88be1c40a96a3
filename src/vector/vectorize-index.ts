/** Production vector index: a thin adapter over the Vectorize binding. */
import type { Metadata, QueryOptions, VectorIndex, VectorMatch, VectorRecord } from './vector-index';

export class VectorizeVectorIndex implements VectorIndex {
  constructor(private readonly index: VectorizeIndex) {}

  async dimensions(): Promise<number | undefined> {
    // Vectorize v2 reports `dimensions`; the older details shape nests it in `config`.
    const info = (await this.index.describe()) as unknown as { dimensions?: number; config?: { dimensions?: number } };
    return info.dimensions ?? info.config?.dimensions;
  }

  async upsert(vectors: VectorRecord[]): Promise<void> {
    // Vectorize accepts up to 1000 vectors per call through the binding.
    for (let i = 0; i < vectors.length; i += 1000) await this.index.upsert(vectors.slice(i, i + 1000));
  }

  async query(vector: number[], options: QueryOptions): Promise<VectorMatch[]> {
    const result = await this.index.query(vector, {
      // Vectorize caps topK at 50 when metadata is returned.
      topK: Math.min(options.topK, options.returnMetadata ? 50 : 100),
      returnMetadata: options.returnMetadata ? 'all' : 'none',
      ...(options.filter ? { filter: options.filter as VectorizeVectorMetadataFilter } : {}),
    });
    return result.matches.map((m) => ({
      id: m.id,
      score: m.score,
      ...(m.metadata ? { metadata: m.metadata as Metadata } : {}),
    }));
  }

  async deleteByIds(ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 1000) await this.index.deleteByIds(ids.slice(i, i + 1000));
  }
}
