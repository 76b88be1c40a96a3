/**
 * Time series for the dashboard, bucketed in SQL (per hour for a day, per day for 30 days) so the Worker
 * never holds a month of rows: request counts and rates, nearest-rank p95 latency (a window function),
 * cost per task and median approval latency per bucket.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from './client';
import { requestLog, reviews, tasks, traces } from './schema';

export interface SeriesWindow {
  from: Date;
  bucketMs: number;
  buckets: number;
}

export interface SeriesPoint {
  at: Date;
  requests: number;
  errorRate: number | null;
  cacheHitRate: number | null;
  latencyP95Ms: number | null;
  costPerTaskUsd: number | null;
  approvalLatencyP50Seconds: number | null;
}

const bucketOf = (column: SQL, w: SeriesWindow) => sql`cast((${column} - ${w.from.getTime()}) / ${w.bucketMs} as integer)`;

/** Nearest-rank percentile per bucket: the largest value whose rank is within ceil(p% of n). */
async function percentileByBucket(db: Db, w: SeriesWindow, p: number, value: SQL, time: SQL, table: SQL, where: SQL = sql`1 = 1`): Promise<Map<number, number>> {
  const to = w.from.getTime() + w.bucketMs * w.buckets;
  const b = bucketOf(time, w);
  const rows = await db.all<{ b: number; v: number }>(sql`
    select b, max(v) as v from (
      select ${b} as b, ${value} as v,
        row_number() over (partition by ${b} order by ${value}) as rn,
        count(*) over (partition by ${b}) as n
      from ${table} where ${time} >= ${w.from.getTime()} and ${time} < ${to} and ${where}
    ) where rn * 100 <= ${p} * n + 99 group by b`);
  return new Map(rows.map((r) => [Number(r.b), Number(r.v)]));
}

async function countsByBucket(db: Db, w: SeriesWindow) {
  const to = w.from.getTime() + w.bucketMs * w.buckets;
  const rows = await db.all<{ b: number; n: number; errors: number; hits: number }>(sql`
    select ${bucketOf(sql`${requestLog.createdAt}`, w)} as b, count(*) as n,
      sum(case when ${requestLog.status} >= 500 then 1 else 0 end) as errors,
      sum(case when ${requestLog.cacheHit} then 1 else 0 end) as hits
    from ${requestLog} where ${requestLog.createdAt} >= ${w.from.getTime()} and ${requestLog.createdAt} < ${to} group by b`);
  return new Map(rows.map((r) => [Number(r.b), { n: Number(r.n), errors: Number(r.errors), hits: Number(r.hits) }]));
}

async function taskCostByBucket(db: Db, w: SeriesWindow) {
  const to = w.from.getTime() + w.bucketMs * w.buckets;
  const created = await db.all<{ b: number; n: number }>(sql`
    select ${bucketOf(sql`${tasks.createdAt}`, w)} as b, count(*) as n from ${tasks}
    where ${tasks.createdAt} >= ${w.from.getTime()} and ${tasks.createdAt} < ${to} group by b`);
  const cost = await db.all<{ b: number; c: number }>(sql`
    select ${bucketOf(sql`${traces.createdAt}`, w)} as b, sum(${traces.costUsd}) as c from ${traces}
    where ${traces.taskId} is not null and ${traces.createdAt} >= ${w.from.getTime()} and ${traces.createdAt} < ${to} group by b`);
  const costs = new Map(cost.map((r) => [Number(r.b), Number(r.c)]));
  return new Map(created.map((r) => [Number(r.b), Number(r.n) ? (costs.get(Number(r.b)) ?? 0) / Number(r.n) : 0]));
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

export async function timeSeries(db: Db, w: SeriesWindow): Promise<SeriesPoint[]> {
  const [counts, p95, taskCost, approval] = await Promise.all([
    countsByBucket(db, w),
    percentileByBucket(db, w, 95, sql`${requestLog.latencyMs}`, sql`${requestLog.createdAt}`, sql`${requestLog}`),
    taskCostByBucket(db, w),
    percentileByBucket(
      db,
      w,
      50,
      sql`(${reviews.decidedAt} - ${reviews.createdAt}) / 1000.0`,
      sql`${reviews.decidedAt}`,
      sql`${reviews}`,
      sql`${reviews.status} in ('approved', 'rejected')`,
    ),
  ]);
  return Array.from({ length: w.buckets }, (_, i) => {
    const c = counts.get(i);
    return {
      at: new Date(w.from.getTime() + i * w.bucketMs),
      requests: c?.n ?? 0,
      errorRate: c?.n ? round(c.errors / c.n, 4) : null,
      cacheHitRate: c?.n ? round(c.hits / c.n, 4) : null,
      latencyP95Ms: p95.has(i) ? round(p95.get(i)!, 1) : null,
      costPerTaskUsd: taskCost.has(i) ? round(taskCost.get(i)!, 6) : null,
      approvalLatencyP50Seconds: approval.has(i) ? round(approval.get(i)!, 1) : null,
    };
  });
}

/** Sessions: a person's requests with no gap over 30 minutes count as one. */
export async function sessionsPerUser(db: Db, since: Date): Promise<{ users: number; sessions: number }> {
  const rows = await db.all<{ users: number; sessions: number }>(sql`
    select count(distinct user_id) as users, sum(starts) as sessions from (
      select ${requestLog.userId} as user_id,
        case when ${requestLog.createdAt} - lag(${requestLog.createdAt}) over (partition by ${requestLog.userId} order by ${requestLog.createdAt}) <= 1800000 then 0 else 1 end as starts
      from ${requestLog} where ${requestLog.userId} is not null and ${requestLog.createdAt} >= ${since.getTime()}
    )`);
  return { users: Number(rows[0]?.users ?? 0), sessions: Number(rows[0]?.sessions ?? 0) };
}
