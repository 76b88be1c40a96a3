/** The local index's metadata filtering: the group filter the app sends as a lookup table, anything else per row. */
import { matchesFilter } from './metadata-filter';
import type { Metadata, MetadataFilter, MetadataValue } from './vector-index';

/** Each row's `group` as an index into `groups`, so the usual group filter costs one array read per row. */
export interface GroupIndex {
  metadata: Metadata[];
  groupOf: Uint16Array;
  groups: Map<MetadataValue, number>;
}

export function groupIndex(metadata: Metadata[]): GroupIndex {
  const groups = new Map<MetadataValue, number>();
  const groupOf = new Uint16Array(metadata.length);
  metadata.forEach((m, r) => {
    const g = m.group;
    if (g === undefined) {
      groupOf[r] = NO_GROUP;
      return;
    }
    if (!groups.has(g)) groups.set(g, groups.size);
    groupOf[r] = groups.get(g)!;
  });
  return { metadata, groupOf, groups };
}

const NO_GROUP = 0xffff;

/** A row filter: the `{ group: { $in: [...] } }` the app sends becomes a lookup table; anything else is evaluated per row. */
export function rowFilter(snap: GroupIndex, filter: MetadataFilter | undefined): ((row: number) => boolean) | undefined {
  if (!filter) return undefined;
  const keys = Object.keys(filter);
  const condition = filter.group;
  if (keys.length === 1 && condition !== undefined && typeof condition === 'object' && condition.$in && Object.keys(condition).length === 1 && snap.groups.size < NO_GROUP) {
    const allowed = new Uint8Array(snap.groups.size + 1);
    for (const g of condition.$in) {
      const i = snap.groups.get(g);
      if (i !== undefined) allowed[i] = 1;
    }
    const { groupOf } = snap;
    return (row) => groupOf[row] !== NO_GROUP && allowed[groupOf[row]!] === 1;
  }
  return (row) => matchesFilter(snap.metadata[row], filter);
}
