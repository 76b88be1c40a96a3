/** The dashboard's trends: time series per hour for a day or per day for 30 days, online-eval scores and behavioural metrics. */
import { z } from 'zod';
import { computeMetrics } from '../db/metrics';
import { onlineEvalDays, type OnlineEvalDay } from '../db/online-evals';
import { sessionsPerUser, timeSeries, type SeriesPoint } from '../db/timeseries';
import { utcDay } from '../ops/online-evals';
import type { UseCaseContext } from './context';
import { requireCaller } from './rules';

export const rangeSchema = z.enum(['day', 'month']).default('day');
export type TrendRange = z.infer<typeof rangeSchema>;

const HOUR = 3600_000;
const DAY = 24 * HOUR;

export interface Trends {
  range: TrendRange;
  series: SeriesPoint[];
  onlineEvals: OnlineEvalDay[];
  behaviour: { adoption: number; activeUsers: number; sessionsPerUser: number; completionRate: number; escalationRate: number; windowDays: number };
}

/** The window ends with the current (partial) hour or day, so the newest bucket is what is happening now. */
export function windowFor(range: TrendRange, now: Date) {
  if (range === 'day') {
    const end = Math.floor(now.getTime() / HOUR) * HOUR + HOUR;
    return { from: new Date(end - 24 * HOUR), bucketMs: HOUR, buckets: 24 };
  }
  const end = new Date(`${utcDay(now)}T00:00:00Z`).getTime() + DAY;
  return { from: new Date(end - 30 * DAY), bucketMs: DAY, buckets: 30 };
}

export async function trends(ctx: UseCaseContext, range: TrendRange, now = new Date()): Promise<Trends> {
  requireCaller(ctx, 'metrics:read');
  const { db } = ctx.services;
  const window = windowFor(range, now);
  const windowDays = range === 'day' ? 1 : 30;
  const [series, onlineEvals, m, sessions] = await Promise.all([
    timeSeries(db, window),
    onlineEvalDays(db, utcDay(new Date(now.getTime() - 29 * DAY))),
    computeMetrics(db, windowDays * 24),
    sessionsPerUser(db, new Date(now.getTime() - windowDays * DAY)),
  ]);
  return {
    range,
    series,
    onlineEvals,
    behaviour: {
      adoption: m.adoption,
      activeUsers: m.activeUsers,
      sessionsPerUser: sessions.users ? Math.round((sessions.sessions / sessions.users) * 100) / 100 : 0,
      completionRate: m.completionRate,
      escalationRate: m.escalationRate,
      windowDays,
    },
  };
}
