import { describe, expect, it } from 'vitest';
import { groupIndex, rowFilter } from './group-filter';
import { matchesFilter } from './metadata-filter';
import type { Metadata, MetadataFilter } from './vector-index';

const metadata: Metadata[] = [{ group: 'support' }, { group: '*' }, { group: 'finance' }, { documentId: 'no-group' }, { group: 'support', ordinal: 2 }];

describe('rowFilter', () => {
  it.each<[string, MetadataFilter | undefined]>([
    ['the group $in filter the app sends', { group: { $in: ['support', '*'] } }],
    ['a group nobody has', { group: { $in: ['legal'] } }],
    ['another shape, evaluated per row', { group: 'finance' }],
    ['two fields', { group: { $in: ['support'] }, ordinal: 2 }],
  ])('should accept exactly the rows matchesFilter accepts for %s', (_name, filter) => {
    const accept = rowFilter(groupIndex(metadata), filter)!;
    expect(metadata.map((_, r) => accept(r))).toEqual(metadata.map((m) => matchesFilter(m, filter)));
  });

  it('should need no filter function when there is no filter', () => {
    expect(rowFilter(groupIndex(metadata), undefined)).toBeUndefined();
  });
});
