/** The go / extend / kill reading of the business KPI against its contract, and the weeks it is read over. */

export type KpiReading = 'go' | 'extend' | 'kill' | 'no-data';

export interface KpiThresholds {
  direction: 'higher-is-better' | 'lower-is-better';
  goLive: number;
  kill: number;
}

/** Go at or past the go-live threshold, kill at or past the kill threshold, extend the pilot in between. */
export function readKpi(contract: KpiThresholds, value: number | null): KpiReading {
  if (value === null) return 'no-data';
  const better = (a: number, b: number) => (contract.direction === 'higher-is-better' ? a >= b : a <= b);
  if (better(value, contract.goLive)) return 'go';
  if (better(contract.kill, value)) return 'kill';
  return 'extend';
}

/** The Monday (UTC, `YYYY-MM-DD`) of the week a moment falls in. */
export function weekOf(d: Date): string {
  const monday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  return monday.toISOString().slice(0, 10);
}

/** The Mondays of the last `n` weeks, oldest first, ending with the current week. */
export function lastWeeks(now: Date, n: number): string[] {
  const current = new Date(`${weekOf(now)}T00:00:00Z`);
  return Array.from({ length: n }, (_, i) => new Date(current.getTime() - (n - 1 - i) * 7 * 86_400_000).toISOString().slice(0, 10));
}
