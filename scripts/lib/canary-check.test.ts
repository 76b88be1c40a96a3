/** The canary's reading of live metrics: per-version figures when reported, deployment deltas otherwise. */
import { describe, expect, it } from 'vitest';
import { canaryBreaches, readCanary, type CanaryConfig } from './canary-check';

const config: CanaryConfig = {
  percentage: 10,
  windowSeconds: 60,
  intervalSeconds: 10,
  minRequests: 20,
  thresholds: { errorRate: { max: 0.02 }, refusalRate: { max: 0.35 }, latencyP95Ms: { max: 5000 } },
};

describe('readCanary', () => {
  it('should use the version own figures when the server breaks metrics down by version', () => {
    const now = { requests: 1000, errorRate: 0.01, latencyP95Ms: 700, versions: { 'v-2': { requests: 40, errorRate: 0.25, refusalRate: 0.1, latencyP95Ms: 900 } } };
    const reading = readCanary({ requests: 900, errorRate: 0, latencyP95Ms: 600 }, now, 'v-2');
    expect(reading).toEqual({ source: 'version', requests: 40, values: { errorRate: 0.25, refusalRate: 0.1, latencyP95Ms: 900 } });
    expect(canaryBreaches(reading, config)).toEqual(['errorRate 0.25 > 0.02']);
  });

  it('should compute the window rates from the deployment counters before and now', () => {
    const before = { requests: 100, errorRate: 0.01, refusalRate: 0.2, latencyP95Ms: 500 };
    const now = { requests: 200, errorRate: 0.03, refusalRate: 0.25, latencyP95Ms: 800 };
    const reading = readCanary(before, now, 'v-2');
    expect(reading.source).toBe('deployment');
    expect(reading.requests).toBe(100);
    expect(reading.values.errorRate).toBeCloseTo(0.05);
    expect(reading.values.refusalRate).toBeCloseTo(0.3);
    expect(reading.values.latencyP95Ms).toBe(800);
    expect(canaryBreaches(reading, config)).toEqual(['errorRate 0.05 > 0.02']);
  });

  it('should call a metric the server does not report not measured, and fail the canary on it', () => {
    const reading = readCanary({ requests: 0, errorRate: 0, latencyP95Ms: 0 }, { requests: 50, errorRate: 0, latencyP95Ms: 300 }, 'v-2');
    expect(reading.values.refusalRate).toBeNull();
    expect(canaryBreaches(reading, config)).toEqual(['refusalRate not measured: /api/metrics does not report it for this canary']);
  });
});
