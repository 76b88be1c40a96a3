/** Evaluates a Vectorize-style metadata filter against one record's metadata (local index only). */
import type { Metadata, MetadataFilter } from './vector-index';

export function matchesFilter(metadata: Metadata | undefined, filter: MetadataFilter | undefined): boolean {
  if (!filter) return true;
  for (const [field, condition] of Object.entries(filter)) {
    const value = metadata?.[field];
    if (typeof condition !== 'object') {
      if (value !== condition) return false;
      continue;
    }
    if (condition.$eq !== undefined && value !== condition.$eq) return false;
    if (condition.$ne !== undefined && value === condition.$ne) return false;
    if (condition.$in !== undefined && (value === undefined || !condition.$in.includes(value))) return false;
    if (condition.$nin !== undefined && value !== undefined && condition.$nin.includes(value)) return false;
  }
  return true;
}
