/** BM25 keyword search over chunk text, heading and document title (D1 FTS5), limited to ready documents the reader's groups may see. */
import { sql } from 'drizzle-orm';
import type { Db } from './client';

/** Builds an FTS5 query that ORs the quoted words, so punctuation in questions can never break the syntax. */
export function ftsQuery(words: readonly string[]): string | null {
  const unique = [...new Set(words.map((w) => w.replace(/"/g, '')).filter((w) => w.length > 1))];
  return unique.length ? unique.map((w) => `"${w}"`).join(' OR ') : null;
}

export async function keywordSearch(
  db: Db,
  words: readonly string[],
  readerGroups: readonly string[] | 'all',
  limit: number,
): Promise<{ chunkId: string; score: number }[]> {
  const match = ftsQuery(words);
  if (!match) return [];
  const groupFilter =
    readerGroups === 'all'
      ? sql``
      : sql`and exists (select 1 from json_each(d.groups) g where g.value in (${sql.join(
          ['*', ...readerGroups].map((g) => sql`${g}`),
          sql`, `,
        )}))`;
  const rows = await db.all<{ chunk_id: string; score: number }>(sql`
    select f.chunk_id as chunk_id, bm25(chunks_fts, 1.0, 0.5, 1.0) as score
    from chunks_fts f join documents d on d.id = f.document_id
    where chunks_fts match ${match} and d.status = 'ready' ${groupFilter}
    order by score limit ${limit}`);
  // FTS5's bm25() is lower-is-better; flip it so every retriever ranks higher-is-better.
  return rows.map((r) => ({ chunkId: r.chunk_id, score: -r.score }));
}
