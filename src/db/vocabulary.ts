/** The keyword index's vocabulary (porter stems), and how many chunks a reader may read hold a given word. */
import { sql } from 'drizzle-orm';
import type { Db } from './client';

export interface VocabularyTerm {
  term: string;
  /** How many chunks hold the term, over the whole index. */
  chunks: number;
}

/** Every stem of the keyword index with its chunk count; stems with a digit are left out (numbers are never corrected). */
export async function indexVocabulary(db: Db): Promise<VocabularyTerm[]> {
  const rows = await db.all<{ term: string; doc: number }>(sql`select term, doc from chunks_vocab where term not glob '*[0-9]*'`);
  return rows.map((r) => ({ term: r.term, chunks: Number(r.doc) }));
}

/**
 * For each word, how many ready chunks of documents the reader's groups may see hold it (FTS5 stems the word, so
 * "policy" counts chunks holding "polici"). One statement, whatever the number of words.
 */
export async function readableWordCounts(db: Db, words: readonly string[], readerGroups: readonly string[]): Promise<number[]> {
  if (words.length === 0) return [];
  const groups = sql.join(['*', ...readerGroups].map((g) => sql`${g}`), sql`, `);
  const counts = sql.join(
    words.map(
      (w) => sql`(select count(*) from chunks_fts f join documents d on d.id = f.document_id
        where chunks_fts match ${`"${w.replace(/"/g, '')}"`} and d.status = 'ready'
        and exists (select 1 from json_each(d.groups) g where g.value in (${groups})))`,
    ),
    sql`, `,
  );
  const [row] = await db.values<number[]>(sql`select ${counts}`);
  return words.map((_, i) => Number(row?.[i] ?? 0));
}
