/** Retention: traces, request records and expired cache entries older than the configured days are purged. */
import { lt } from 'drizzle-orm';
import { purgeExpiredAnswers } from '../db/answer-cache';
import type { Db } from '../db/client';
import { purgeRequestLog } from '../db/request-log';
import { auditLog } from '../db/schema';
import { purgeTraces } from '../db/traces';

export async function runRetention(db: Db, days: number): Promise<{ traces: number; requests: number; cachedAnswers: number; auditDetails: number }> {
  const before = new Date(Date.now() - days * 86_400_000);
  // Audit rows are kept (who did what, when); their free-form details are what may hold personal data.
  const scrubbed = await db.update(auditLog).set({ details: null }).where(lt(auditLog.createdAt, before)).returning({ id: auditLog.id });
  return {
    traces: await purgeTraces(db, before),
    requests: await purgeRequestLog(db, before),
    cachedAnswers: await purgeExpiredAnswers(db),
    auditDetails: scrubbed.length,
  };
}
