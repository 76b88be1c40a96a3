/** The embedding model and the vector index must agree on the dimension; this says clearly when they do not. */
import type { VectorIndex } from './vector-index';

export async function dimensionMismatch(index: VectorIndex, expected: number): Promise<string | null> {
  const actual = await index.dimensions();
  if (actual === undefined || actual === expected) return null;
  return `The vector index has ${actual} dimensions but the embedding model produces ${expected}. Recreate the index with --dimensions=${expected}, or change the embedding model in src/ai/model-catalogue.ts.`;
}
