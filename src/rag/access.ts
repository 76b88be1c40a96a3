/** Group-based read access to documents: the one rule, applied in index filters and re-checked on hydration. */
import type { Identity } from '../auth/identity';
import type { MetadataFilter } from '../vector/vector-index';

/** Documents with this group are readable by every signed-in user; readers with it may read everything. */
export const EVERYONE = '*';

export function readerScope(reader: Pick<Identity, 'groups'>): readonly string[] | 'all' {
  return reader.groups.includes(EVERYONE) ? 'all' : reader.groups;
}

export function canRead(reader: Pick<Identity, 'groups'>, documentGroups: readonly string[]): boolean {
  const scope = readerScope(reader);
  return scope === 'all' || documentGroups.includes(EVERYONE) || documentGroups.some((g) => scope.includes(g));
}

/** Vector metadata filter: each vector carries one `group`, so a multi-group chunk has one vector per group. */
export function vectorFilter(reader: Pick<Identity, 'groups'>): MetadataFilter | undefined {
  const scope = readerScope(reader);
  return scope === 'all' ? undefined : { group: { $in: [EVERYONE, ...scope] } };
}

export function vectorId(chunkId: string, group: string): string {
  return `${chunkId}#${group}`;
}

export function chunkIdOfVector(vectorIdValue: string): string {
  return vectorIdValue.slice(0, vectorIdValue.lastIndexOf('#'));
}
