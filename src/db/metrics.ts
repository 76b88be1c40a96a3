/** Operational metrics over a time window, computed from request_log, traces, tasks and reviews. */
import { and, gte, sql } from 'drizzle-orm';
import type { Db } from './client';
import { requestLog, reviews, tasks, traces, users } from './schema';

/** The request figures of one Workers version, for watching a canary next to the version it may replace. */
export interface VersionMetrics {
  requests: number;
  latencyP95Ms: number;
  errorRate: number;
  refusalRate: number | null;
}

export interface Metrics {
  windowHours: number;
  requests: number;
  latencyP50Ms: number;
  latencyP95Ms: number;
  errorRate: number;
  /** Share of answered asks that declined for lack of support; null when no answered ask was recorded. */
  refusalRate: number | null;
  /** Per Workers version that served requests in the window (requests recorded before versions were, left out). */
  versions: Record<string, VersionMetrics>;
  cacheHitRate: number;
  modelCalls: number;
  modelErrorRate: number;
  costUsd: number;
  tasks: number;
  costPerTaskUsd: number;
  completionRate: number;
  escalationRate: number;
  approvalLatencyP50Seconds: number;
  activeUsers: number;
  adoption: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0;
}

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

type RequestRow = { latency: number; status: number; refused: boolean | null; versionId: string | null };

function refusalRate(rows: RequestRow[]): number | null {
  const answered = rows.filter((r) => r.refused !== null);
  return answered.length ? round(answered.filter((r) => r.refused).length / answered.length) : null;
}

function byVersion(rows: RequestRow[]): Record<string, VersionMetrics> {
  const groups = new Map<string, RequestRow[]>();
  for (const r of rows) if (r.versionId) groups.set(r.versionId, [...(groups.get(r.versionId) ?? []), r]);
  return Object.fromEntries(
    [...groups].map(([id, rs]) => [
      id,
      {
        requests: rs.length,
        latencyP95Ms: round(percentile(rs.map((r) => r.latency).sort((a, b) => a - b), 95), 1),
        errorRate: round(rs.filter((r) => r.status >= 500).length / rs.length),
        refusalRate: refusalRate(rs),
      },
    ]),
  );
}

export async function computeMetrics(db: Db, windowHours: number): Promise<Metrics> {
  const since = new Date(Date.now() - windowHours * 3600_000);
  const reqs = await db
    .select({
      latency: requestLog.latencyMs,
      status: requestLog.status,
      cacheHit: requestLog.cacheHit,
      userId: requestLog.userId,
      refused: requestLog.refused,
      versionId: requestLog.versionId,
    })
    .from(requestLog)
    .where(gte(requestLog.createdAt, since))
    .all();
  const latencies = reqs.map((r) => r.latency).sort((a, b) => a - b);
  const model = await db
    .select({
      calls: sql<number>`count(*)`,
      errors: sql<number>`sum(case when ${traces.error} is not null then 1 else 0 end)`,
      cost: sql<number>`coalesce(sum(${traces.costUsd}), 0)`,
      taskCost: sql<number>`coalesce(sum(case when ${traces.taskId} is not null then ${traces.costUsd} else 0 end), 0)`,
    })
    .from(traces)
    .where(gte(traces.createdAt, since))
    .get();
  const taskRows = await db.select({ status: tasks.status, route: tasks.route, userId: tasks.userId }).from(tasks).where(gte(tasks.createdAt, since)).all();
  const decided = await db
    .select({ seconds: sql<number>`(${reviews.decidedAt} - ${reviews.createdAt}) / 1000.0` })
    .from(reviews)
    .where(and(gte(reviews.createdAt, since), sql`${reviews.decidedAt} is not null and ${reviews.status} in ('approved', 'rejected')`))
    .all();
  const userCount = (await db.select({ n: sql<number>`count(*)` }).from(users).get())?.n ?? 0;
  const active = new Set([...reqs.map((r) => r.userId), ...taskRows.map((t) => t.userId)].filter(Boolean));
  const final = taskRows.filter((t) => ['committed', 'answered', 'rejected'].includes(t.status)).length;
  return {
    windowHours,
    requests: reqs.length,
    latencyP50Ms: round(percentile(latencies, 50), 1),
    latencyP95Ms: round(percentile(latencies, 95), 1),
    errorRate: round(reqs.length ? reqs.filter((r) => r.status >= 500).length / reqs.length : 0),
    refusalRate: refusalRate(reqs),
    versions: byVersion(reqs),
    cacheHitRate: round(reqs.length ? reqs.filter((r) => r.cacheHit).length / reqs.length : 0),
    modelCalls: Number(model?.calls ?? 0),
    modelErrorRate: round(model?.calls ? Number(model.errors ?? 0) / Number(model.calls) : 0),
    costUsd: round(Number(model?.cost ?? 0), 6),
    tasks: taskRows.length,
    costPerTaskUsd: round(taskRows.length ? Number(model?.taskCost ?? 0) / taskRows.length : 0, 6),
    completionRate: round(taskRows.length ? final / taskRows.length : 0),
    escalationRate: round(taskRows.length ? taskRows.filter((t) => t.route === 'review').length / taskRows.length : 0),
    approvalLatencyP50Seconds: round(percentile(decided.map((d) => Number(d.seconds)).sort((a, b) => a - b), 50), 1),
    activeUsers: active.size,
    adoption: round(userCount ? active.size / Number(userCount) : 0),
  };
}
