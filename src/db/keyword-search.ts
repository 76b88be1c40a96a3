/** BM25 keyword search over chunk text, heading and document title (D1 FTS5), limited to ready documents the reader's groups may see. */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from './client';

/** The distinct words an FTS5 query can be built from (quotes dropped, so punctuation never breaks the syntax). */
function queryTerms(words: readonly string[]): string[] {
  return [...new Set(words.map((w) => w.replace(/"/g, '')).filter((w) => w.length > 1))];
}

/**
 * The FTS5 query of the terms worth matching, as an expression the search statement evaluates once. FTS5's bm25()
 * floors the IDF of a term found in at least half of the rows to 1e-6, so such a term adds nothing to any score, yet
 * ORed into the query it makes FTS5 score and join every row holding it (in a 10k-chunk corpus about returns,
 * "return" matched 8 in 10 chunks and tripled the query's cost). Counting each term's rows inside the statement
 * costs no extra round trip; when every term is that common, all are kept.
 */
function weightedMatch(terms: string[]): SQL {
  const quoted = terms.map((t) => `"${t}"`);
  if (terms.length < 2) return sql`${quoted.join(' OR ')}`;
  // One JSON parameter, not one per term: D1 binds at most 100 and refuses long compound selects.
  return sql`(with terms(t) as (select value from json_each(${JSON.stringify(quoted)})),
    kept(t) as (select t from terms where 2 * (select count(*) from chunks_fts where chunks_fts match terms.t) < (select count(*) from chunks))
    select coalesce((select group_concat(t, ' OR ') from kept), (select group_concat(t, ' OR ') from terms)))`;
}

export async function keywordSearch(
  db: Db,
  words: readonly string[],
  readerGroups: readonly string[] | 'all',
  limit: number,
): Promise<{ chunkId: string; score: number }[]> {
  const terms = queryTerms(words);
  if (terms.length === 0) return [];
  const groupFilter =
    readerGroups === 'all'
      ? sql``
      : sql`and exists (select 1 from json_each(d.groups) g where g.value in (${sql.join(
          ['*', ...readerGroups].map((g) => sql`${g}`),
          sql`, `,
        )}))`;
  const match = weightedMatch(terms);
  // Ranking through FTS5's own `rank` column (same bm25 weights, same scores) lets FTS5 order the matches itself:
  // half the time of `order by bm25(...)` over 10k chunks.
  const rows = await db.all<{ chunk_id: string; score: number }>(sql`
    select f.chunk_id as chunk_id, f.rank as score
    from chunks_fts f join documents d on d.id = f.document_id
    where chunks_fts match ${match} and f.rank match 'bm25(1.0, 0.5, 1.0)' and d.status = 'ready' ${groupFilter}
    order by f.rank limit ${limit}`);
  // FTS5's bm25() is lower-is-better; flip it so every retriever ranks higher-is-better.
  return rows.map((r) => ({ chunkId: r.chunk_id, score: -r.score }));
}
