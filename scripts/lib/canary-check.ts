/**
 * Judges a canary from the live metrics `/api/metrics` reports. The new version's own figures are used when the
 * server breaks metrics down by version; otherwise rates are computed from the change in the whole deployment's
 * counters since the canary started (latency p95 cannot be differenced, so the current window's is used).
 */
import { z } from 'zod';

const bound = z.object({ min: z.number().optional(), max: z.number().optional() });

export const canaryConfigSchema = z.object({
  /** Share of traffic the new version gets while it is watched. */
  percentage: z.number().gt(0).lt(100),
  windowSeconds: z.number().positive(),
  intervalSeconds: z.number().positive(),
  /** Fewer requests than this in the window and the canary is "not measured": it fails rather than passes. */
  minRequests: z.number().int().min(1),
  thresholds: z.partialRecord(z.enum(['errorRate', 'refusalRate', 'latencyP95Ms']), bound),
});
export type CanaryConfig = z.infer<typeof canaryConfigSchema>;
export type LiveMetric = keyof CanaryConfig['thresholds'];

const figures = z.object({
  requests: z.number(),
  errorRate: z.number(),
  refusalRate: z.number().nullable().optional(),
  latencyP95Ms: z.number(),
});
export const metricsSnapshotSchema = figures.extend({ versions: z.record(z.string(), figures).optional() });
export type MetricsSnapshot = z.infer<typeof metricsSnapshotSchema>;

export interface CanaryReading {
  source: 'version' | 'deployment';
  requests: number;
  values: Record<LiveMetric, number | null>;
}

/** What the canary has shown so far, from the snapshot before it started and the latest one. */
export function readCanary(before: MetricsSnapshot, now: MetricsSnapshot, versionId: string): CanaryReading {
  const own = now.versions?.[versionId];
  if (own) {
    return { source: 'version', requests: own.requests, values: { errorRate: own.errorRate, refusalRate: own.refusalRate ?? null, latencyP95Ms: own.latencyP95Ms } };
  }
  const requests = Math.max(0, now.requests - before.requests);
  const since = (rate: (m: MetricsSnapshot) => number | null | undefined) => {
    const a = rate(before);
    const b = rate(now);
    if (requests === 0 || a === null || a === undefined || b === null || b === undefined) return null;
    return Math.min(1, Math.max(0, (b * now.requests - a * before.requests) / requests));
  };
  return {
    source: 'deployment',
    requests,
    values: { errorRate: since((m) => m.errorRate), refusalRate: since((m) => m.refusalRate), latencyP95Ms: requests > 0 ? now.latencyP95Ms : null },
  };
}

/** Each threshold the reading breaks; a required metric the server does not report counts as a breach. */
export function canaryBreaches(reading: CanaryReading, config: CanaryConfig): string[] {
  return Object.entries(config.thresholds).flatMap(([metric, limit]) => {
    const value = reading.values[metric as LiveMetric];
    if (value === null) return [`${metric} not measured: /api/metrics does not report it for this canary`];
    if (limit.max !== undefined && value > limit.max) return [`${metric} ${round(value)} > ${limit.max}`];
    if (limit.min !== undefined && value < limit.min) return [`${metric} ${round(value)} < ${limit.min}`];
    return [];
  });
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
