/**
 * Per-request stage timings for profiling (`npm run bench`): a request that sends `X-Debug-Timing: 1` outside
 * production gets a `Server-Timing` header with the time each stage of its path took (auth, rules, cache, screening,
 * embedding, vector and keyword queries, fusion, rerank, generation, verification, trace and request-log writes).
 * Stages are found through AsyncLocalStorage, so no signature carries a timer and untimed requests pay one lookup.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export const TIMING_HEADER = 'X-Debug-Timing';

export class StageTimer {
  private readonly stages = new Map<string, { ms: number; count: number }>();
  readonly started = performance.now();

  add(stage: string, ms: number): void {
    const s = this.stages.get(stage) ?? { ms: 0, count: 0 };
    s.ms += ms;
    s.count++;
    this.stages.set(stage, s);
  }

  /** `stage;dur=1.23;desc="n"` entries in the order first seen, then `total`. */
  header(): string {
    const parts = [...this.stages].map(([name, s]) => `${name};dur=${s.ms.toFixed(2)}${s.count > 1 ? `;desc="${s.count}"` : ''}`);
    parts.push(`total;dur=${(performance.now() - this.started).toFixed(2)}`);
    return parts.join(', ');
  }
}

const storage = new AsyncLocalStorage<StageTimer>();

export function withTimer<T>(timer: StageTimer, fn: () => T): T {
  return storage.run(timer, fn);
}

/** Runs `fn`, adding its duration to `stage` when the current request is being timed. */
export async function timed<T>(stage: string, fn: () => Promise<T> | T): Promise<T> {
  const timer = storage.getStore();
  if (!timer) return fn();
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    timer.add(stage, performance.now() - t0);
  }
}

/** Adds a duration measured elsewhere (e.g. the model part of a gateway call). */
export function recordStage(stage: string, ms: number): void {
  storage.getStore()?.add(stage, ms);
}
