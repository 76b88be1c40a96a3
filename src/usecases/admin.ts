/**
 * Operating the service: metrics, traces, the kill switch, retention, erasure, and the cron's maintenance.
 * The operator's own tools (metrics, the switch, all traces) stay open at every kill-switch level, so an
 * incident can be investigated and the switch lowered; everything that writes obeys the switch.
 */
import { can } from '../auth/policy';
import { appendAudit } from '../db/audit';
import { computeMetrics } from '../db/metrics';
import { getTraceBody } from '../db/trace-bodies';
import { getTrace as findTrace, listTraces as listTraceRows } from '../db/traces';
import { NotFoundError } from '../errors';
import { evaluateAlerts } from '../ops/alerts';
import { eraseUserData } from '../ops/erasure';
import { setKillLevel, type KillLevel } from '../ops/kill-switch';
import { runOnlineEvals } from '../ops/online-evals';
import { reconcile } from '../ops/reconcile';
import { runRetention as purgeOldData } from '../ops/retention';
import type { UseCaseContext } from './context';
import { assertLevelAllows, currentLevel, levelAllows, requireCaller } from './rules';
import { releaseHeldTasks } from './task-steps';

export async function metrics(ctx: UseCaseContext, hours: number) {
  requireCaller(ctx, 'metrics:read');
  return computeMetrics(ctx.services.db, hours);
}

export async function killSwitch(ctx: UseCaseContext): Promise<KillLevel> {
  requireCaller(ctx, 'admin:kill-switch');
  return currentLevel(ctx);
}

/** Sets the level (audited); lowering it to `full` wakes every task the switch held. */
export async function setKillSwitch(ctx: UseCaseContext, level: KillLevel, reason: string | undefined) {
  const me = requireCaller(ctx, 'admin:kill-switch');
  const previous = await currentLevel(ctx);
  const { db } = ctx.services;
  await setKillLevel(db, level);
  await appendAudit(db, { actorId: me.id, event: 'kill-switch.set', subjectType: 'system', subjectId: 'kill-switch', details: { from: previous, to: level, reason: reason ?? null } });
  // Tasks held by an earlier level wait for this; the cron re-sends whatever a crash here loses.
  const released = level === 'full' ? await releaseHeldTasks(ctx) : 0;
  return { level, previous, released };
}

export async function runRetention(ctx: UseCaseContext) {
  const me = requireCaller(ctx, 'admin:retention');
  await assertLevelAllows(ctx, 'write');
  const { db, config } = ctx.services;
  const result = await purgeOldData({ db, bucket: ctx.env.DOCUMENTS }, { days: config.RETENTION_DAYS, recordDays: config.RECORD_RETENTION_DAYS });
  await appendAudit(db, { actorId: me.id, event: 'retention.run', subjectType: 'system', subjectId: 'retention', details: { ...result } });
  return result;
}

export async function eraseUser(ctx: UseCaseContext, userId: string) {
  const me = requireCaller(ctx, 'admin:retention');
  await assertLevelAllows(ctx, 'write');
  const { db, vectors } = ctx.services;
  return eraseUserData({ db, vectors, env: ctx.env }, userId, me.id);
}

/**
 * Traces hold prompts built from documents: people see their own (while the service is on), operators all. The list
 * is the D1 metadata only; one trace carries its redacted prompt and response from R2.
 */
export async function listTraces(ctx: UseCaseContext, filter: { limit: number; requestId?: string; taskId?: string }) {
  const me = requireCaller(ctx, 'traces:read-own');
  const all = can(me.role, 'traces:read-all');
  if (!all) await assertLevelAllows(ctx, 'read');
  return listTraceRows(ctx.services.db, { ...filter, userId: all ? undefined : me.id });
}

export async function getTrace(ctx: UseCaseContext, id: string) {
  const me = requireCaller(ctx, 'traces:read-own');
  const all = can(me.role, 'traces:read-all');
  if (!all) await assertLevelAllows(ctx, 'read');
  const row = await findTrace(ctx.services.db, id);
  if (!row || (row.userId !== me.id && !all)) throw new NotFoundError('Trace');
  // The body is read back from R2; null fields mean it has expired or was erased while the row remained.
  const body = await getTraceBody(ctx.env.DOCUMENTS, id);
  return { ...row, prompt: body?.prompt ?? null, response: body?.response ?? null, gatewayMetadata: body?.gatewayMetadata ?? null };
}

/**
 * The cron (the system's own door): retention, crash repair and the online evals write, so they run only
 * while the switch allows writes; held tasks are woken only at `full`; alerts are evaluated at every level.
 */
export async function runScheduledMaintenance(ctx: UseCaseContext, now = new Date()) {
  const { db, config } = ctx.services;
  const level = await currentLevel(ctx);
  const writes = levelAllows(level, 'write');
  const purged = writes ? await purgeOldData({ db, bucket: ctx.env.DOCUMENTS }, { days: config.RETENTION_DAYS, recordDays: config.RECORD_RETENTION_DAYS }) : null;
  const repaired = writes ? await reconcile(db, ctx.env, { wakeHeld: level === 'full' }) : null;
  // The checks are lexical and call no model, so the online evals spend nothing.
  const online = writes ? await runOnlineEvals(db, config.ONLINE_EVAL_SAMPLE, now) : null;
  const alerts = await evaluateAlerts(db, config.ALERT_WEBHOOK_URL, fetch, { groundednessMargin: config.GROUNDEDNESS_ALERT_MARGIN, now });
  return { level, purged, repaired, online, alerts };
}
