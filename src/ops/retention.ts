/** Retention: traces, request records, logged answers, feedback and expired cache entries older than the configured days are purged. */
import { purgeExpiredAnswers } from '../db/answer-cache';
import { purgeAnswerLog } from '../db/answer-log';
import { scrubAuditDetailsBefore } from '../db/audit';
import type { Db } from '../db/client';
import { purgeFeedback } from '../db/feedback';
import { purgeRequestLog } from '../db/request-log';
import { purgeTraces } from '../db/traces';

export async function runRetention(db: Db, days: number): Promise<{ traces: number; requests: number; answers: number; feedback: number; cachedAnswers: number; auditDetails: number }> {
  const before = new Date(Date.now() - days * 86_400_000);
  return {
    traces: await purgeTraces(db, before),
    requests: await purgeRequestLog(db, before),
    answers: await purgeAnswerLog(db, before),
    feedback: await purgeFeedback(db, before),
    cachedAnswers: await purgeExpiredAnswers(db),
    auditDetails: await scrubAuditDetailsBefore(db, before),
  };
}
