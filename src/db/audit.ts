/** Append-only audit log: who did what to which subject, kept beyond any Workflow's retention. */
import { and, asc, eq, lt } from 'drizzle-orm';
import { redactPii } from '../guard/pii';
import type { Db } from './client';
import { auditLog } from './schema';

export type AuditEntry = typeof auditLog.$inferSelect;

/** Every string inside the details, at any depth, with its PII redacted: the audit log outlives retention. */
function redactDetails(value: unknown): unknown {
  if (typeof value === 'string') return redactPii(value).text;
  if (Array.isArray(value)) return value.map(redactDetails);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDetails(v)]));
  return value;
}

export async function appendAudit(
  db: Db,
  entry: { actorId: string | null; event: string; subjectType: string; subjectId: string; details?: Record<string, unknown> },
): Promise<void> {
  const details = entry.details && (redactDetails(entry.details) as Record<string, unknown>);
  await db.insert(auditLog).values({ ...entry, details });
}

export async function auditFor(db: Db, subjectType: string, subjectId: string): Promise<AuditEntry[]> {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.subjectType, subjectType), eq(auditLog.subjectId, subjectId)))
    .orderBy(asc(auditLog.id))
    .all();
}

export async function hasAudit(db: Db, subjectType: string, subjectId: string, event: string): Promise<boolean> {
  const row = await db
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(and(eq(auditLog.subjectType, subjectType), eq(auditLog.subjectId, subjectId), eq(auditLog.event, event)))
    .get();
  return row !== undefined;
}

/** Retention: audit rows stay (who did what, when); their free-form details, which may hold personal data, go. */
export async function scrubAuditDetailsBefore(db: Db, before: Date): Promise<number> {
  return (await db.update(auditLog).set({ details: null }).where(lt(auditLog.createdAt, before)).returning({ id: auditLog.id })).length;
}
