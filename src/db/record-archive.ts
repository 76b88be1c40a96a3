/**
 * The record archive: finished tasks (with their review) and audit rows older than RECORD_RETENTION_DAYS move from
 * D1 to R2 under `archive/`. They are business records, so retention never deletes them, and kept in D1 they would
 * fill the database within a year at 100k asks a day (docs/capacity.md). Each batch is written to R2 before its rows
 * are deleted, so a failure in between leaves a copy in both places, never in neither; the next run rewrites the
 * same keys.
 */
import { and, asc, eq, gte, inArray, lt, lte, notInArray } from 'drizzle-orm';
import type { Db } from './client';
import { auditLog, reviews, tasks } from './schema';
import { UNFINISHED_STATUSES } from './tasks';

export const ARCHIVE_PREFIX = 'archive/';
/** D1 binds at most 100 parameters per statement; the delete binds one per task. */
const TASK_BATCH = 90;
const AUDIT_BATCH = 500;

const userPrefix = (userId: string) => `${ARCHIVE_PREFIX}tasks/${encodeURIComponent(userId)}/`;

/** Under the requester's prefix, so erasure can find a person's archived tasks without reading the others. */
export function taskArchiveKey(userId: string, taskId: string): string {
  return `${userPrefix(userId)}${taskId}.json`;
}

export async function archiveFinishedTasks(db: Db, bucket: R2Bucket, before: Date): Promise<number> {
  let moved = 0;
  for (;;) {
    const rows = await db
      .select({ task: tasks, review: reviews })
      .from(tasks)
      .leftJoin(reviews, eq(reviews.taskId, tasks.id))
      .where(and(notInArray(tasks.status, [...UNFINISHED_STATUSES]), lt(tasks.updatedAt, before)))
      .limit(TASK_BATCH)
      .all();
    if (rows.length === 0) return moved;
    await Promise.all(rows.map((r) => bucket.put(taskArchiveKey(r.task.userId, r.task.id), JSON.stringify(r), { httpMetadata: { contentType: 'application/json' } })));
    // The review goes with its task (foreign key, on delete cascade).
    await db.delete(tasks).where(inArray(tasks.id, rows.map((r) => r.task.id)));
    moved += rows.length;
    if (rows.length < TASK_BATCH) return moved;
  }
}

/** Audit rows go as JSON Lines, one object per batch, named by the id range it holds. */
export async function archiveAuditRows(db: Db, bucket: R2Bucket, before: Date): Promise<number> {
  let moved = 0;
  for (;;) {
    const rows = await db.select().from(auditLog).where(lt(auditLog.createdAt, before)).orderBy(asc(auditLog.id)).limit(AUDIT_BATCH).all();
    if (rows.length === 0) return moved;
    const first = rows[0]!.id;
    const last = rows[rows.length - 1]!.id;
    const key = `${ARCHIVE_PREFIX}audit/${String(first).padStart(12, '0')}-${String(last).padStart(12, '0')}.jsonl`;
    await bucket.put(key, rows.map((r) => JSON.stringify(r)).join('\n') + '\n', { httpMetadata: { contentType: 'application/jsonl' } });
    await db.delete(auditLog).where(and(gte(auditLog.id, first), lte(auditLog.id, last), lt(auditLog.createdAt, before)));
    moved += rows.length;
    if (rows.length < AUDIT_BATCH) return moved;
  }
}

export async function deleteArchivedTasksOf(bucket: R2Bucket, userId: string): Promise<number> {
  let deleted = 0;
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix: userPrefix(userId), ...(cursor ? { cursor } : {}) });
    if (page.objects.length > 0) await bucket.delete(page.objects.map((o) => o.key));
    deleted += page.objects.length;
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return deleted;
}
