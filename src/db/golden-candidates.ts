/** Candidate golden cases an operator promoted from the failure inbox; one per source. */
import { desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from './client';
import { answerLog, goldenCandidates, tasks } from './schema';

export type GoldenCandidateRow = typeof goldenCandidates.$inferSelect;
export type CandidateStatus = GoldenCandidateRow['status'];

/** Inserts the candidate unless its source already has one; returns the stored row either way. */
export async function insertCandidate(db: Db, row: Pick<GoldenCandidateRow, 'id' | 'source' | 'goldenCase' | 'sourceDocumentIds' | 'createdBy'>): Promise<GoldenCandidateRow> {
  await db.insert(goldenCandidates).values(row).onConflictDoNothing({ target: goldenCandidates.source });
  return (await db.select().from(goldenCandidates).where(eq(goldenCandidates.source, row.source)).get())!;
}

export async function findCandidate(db: Db, id: string): Promise<GoldenCandidateRow | undefined> {
  return db.select().from(goldenCandidates).where(eq(goldenCandidates.id, id)).get();
}

export async function candidatesBySource(db: Db, sources: readonly string[]): Promise<Map<string, GoldenCandidateRow>> {
  if (sources.length === 0) return new Map();
  const rows = await db.select().from(goldenCandidates).where(inArray(goldenCandidates.source, [...sources])).all();
  return new Map(rows.map((r) => [r.source, r]));
}

export async function listCandidates(db: Db, status: CandidateStatus | undefined, limit: number): Promise<GoldenCandidateRow[]> {
  return db
    .select()
    .from(goldenCandidates)
    .where(status ? eq(goldenCandidates.status, status) : undefined)
    .orderBy(desc(goldenCandidates.updatedAt))
    .limit(limit)
    .all();
}

export async function updateCandidate(db: Db, id: string, patch: Pick<GoldenCandidateRow, 'status' | 'goldenCase'>): Promise<GoldenCandidateRow | undefined> {
  return db
    .update(goldenCandidates)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(goldenCandidates.id, id))
    .returning()
    .get();
}

/** Candidates drawn from a person's answers or tasks (erasure runs this before it deletes them). */
export async function deleteCandidatesOf(db: Db, userId: string): Promise<number> {
  const gone = await db
    .delete(goldenCandidates)
    .where(
      sql`${goldenCandidates.source} in (select 'answer:' || ${answerLog.id} from ${answerLog} where ${answerLog.userId} = ${userId})
        or ${goldenCandidates.source} in (select 'task:' || ${tasks.id} from ${tasks} where ${tasks.userId} = ${userId})`,
    )
    .returning({ id: goldenCandidates.id });
  return gone.length;
}
