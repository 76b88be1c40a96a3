/**
 * Retention: traces (D1 rows and their R2 bodies), request records, logged answers, feedback, daily token counters
 * older than the configured days are purged (cached answers expire in KV by themselves; expired rows of the retired
 * D1 cache table are purged here). The R2 lifecycle rule on `traces/`
 * (runbook) is the backstop for a body whose row was never written. Finished tasks and audit rows are business
 * records: after RECORD_RETENTION_DAYS they move to the R2 archive instead (src/db/record-archive.ts).
 */
import { purgeRetiredCacheRows } from '../db/answer-cache';
import { purgeAnswerLog } from '../db/answer-log';
import { scrubAuditDetailsBefore } from '../db/audit';
import type { Db } from '../db/client';
import { purgeFeedback } from '../db/feedback';
import { purgeRequestLog } from '../db/request-log';
import { purgeTokenUsage } from '../db/token-usage';
import { archiveAuditRows, archiveFinishedTasks } from '../db/record-archive';
import { deleteTraceBodies } from '../db/trace-bodies';
import { purgeTraces } from '../db/traces';

export async function runRetention(
  deps: { db: Db; bucket: R2Bucket },
  window: { days: number; recordDays: number },
): Promise<{
  traces: number;
  requests: number;
  answers: number;
  feedback: number;
  cachedAnswers: number;
  auditDetails: number;
  tokenCounters: number;
  archivedTasks: number;
  archivedAuditRows: number;
}> {
  const { db, bucket } = deps;
  const before = new Date(Date.now() - window.days * 86_400_000);
  const recordsBefore = new Date(Date.now() - window.recordDays * 86_400_000);
  const traceIds = await purgeTraces(db, before);
  await deleteTraceBodies(bucket, traceIds);
  return {
    traces: traceIds.length,
    requests: await purgeRequestLog(db, before),
    answers: await purgeAnswerLog(db, before),
    feedback: await purgeFeedback(db, before),
    cachedAnswers: await purgeRetiredCacheRows(db),
    auditDetails: await scrubAuditDetailsBefore(db, before),
    tokenCounters: await purgeTokenUsage(db, before),
    archivedTasks: await archiveFinishedTasks(db, bucket, recordsBefore),
    archivedAuditRows: await archiveAuditRows(db, bucket, recordsBefore),
  };
}
