/**
 * Retention: traces (D1 rows and their R2 bodies), request records, logged answers, feedback, daily token counters
 * older than the configured days are purged (cached answers expire in KV by themselves; expired rows of the retired
 * D1 cache table are purged here). The R2 lifecycle rule on `traces/`
 * (runbook) is the backstop for a body whose row was never written.
 */
import { purgeRetiredCacheRows } from '../db/answer-cache';
import { purgeAnswerLog } from '../db/answer-log';
import { scrubAuditDetailsBefore } from '../db/audit';
import type { Db } from '../db/client';
import { purgeFeedback } from '../db/feedback';
import { purgeRequestLog } from '../db/request-log';
import { purgeTokenUsage } from '../db/token-usage';
import { deleteTraceBodies } from '../db/trace-bodies';
import { purgeTraces } from '../db/traces';

export async function runRetention(
  deps: { db: Db; traceBodies: R2Bucket },
  days: number,
): Promise<{ traces: number; requests: number; answers: number; feedback: number; cachedAnswers: number; auditDetails: number; tokenCounters: number }> {
  const { db, traceBodies } = deps;
  const before = new Date(Date.now() - days * 86_400_000);
  const traceIds = await purgeTraces(db, before);
  await deleteTraceBodies(traceBodies, traceIds);
  return {
    traces: traceIds.length,
    requests: await purgeRequestLog(db, before),
    answers: await purgeAnswerLog(db, before),
    feedback: await purgeFeedback(db, before),
    cachedAnswers: await purgeRetiredCacheRows(db),
    auditDetails: await scrubAuditDetailsBefore(db, before),
    tokenCounters: await purgeTokenUsage(db, before),
  };
}
