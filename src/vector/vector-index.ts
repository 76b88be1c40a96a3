/** The vector index port: the slice of the Vectorize binding the app uses, implemented by Vectorize and the local index. */

export type MetadataValue = string | number | boolean;
export type Metadata = Record<string, MetadataValue>;

/** Vectorize's filter language, as far as we use it: equality and set membership on scalar fields. */
export type MetadataFilter = Record<
  string,
  MetadataValue | { $eq?: MetadataValue; $ne?: MetadataValue; $in?: MetadataValue[]; $nin?: MetadataValue[] }
>;

export interface VectorRecord {
  id: string;
  values: number[];
  metadata?: Metadata;
}

export interface VectorMatch {
  id: string;
  score: number;
  metadata?: Metadata;
}

export interface QueryOptions {
  topK: number;
  returnMetadata?: boolean;
  filter?: MetadataFilter;
}

export interface VectorIndex {
  /** The dimension the index was created with, for the start-up check against the embedding model. */
  dimensions(): Promise<number | undefined>;
  upsert(vectors: VectorRecord[]): Promise<void>;
  query(vector: number[], options: QueryOptions): Promise<VectorMatch[]>;
  deleteByIds(ids: string[]): Promise<void>;
}
