/**
 * CPU of the Worker's own V8 isolate, apart from the D1, R2, KV and rate-limit simulators that share its workerd
 * process locally: a sampling profile taken over the Chrome DevTools Protocol from `wrangler dev --inspector-port`,
 * whose proxy attaches to the user worker's isolate only.
 *
 * Why count × tick and not the sum of `timeDeltas`: V8's sampler ticks every interval but records a sample only while
 * the isolate is entered, so the delta after a gap (the thread running a simulator, or descheduled) spans time the
 * isolate did not use. Each recorded non-idle sample stands for one tick of the isolate's own work.
 */

/** The part of a CDP `Profiler.Profile` this module reads. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** the sampler's real period (µs): the median of the deltas shorter than twice the requested interval */
  tickUs: number;
  samples: number;
  /** non-idle time of the isolate: JS, `(program)` (V8 and workerd native code on the isolate) and `(garbage collector)` */
  busyMs: number;
  gcMs: number;
  programMs: number;
  /** functions by self time, heaviest first */
  top: { name: string; where: string; ms: number }[];
}

const IDLE = '(idle)';

/** Sums a profile by function (name + script + line), each non-idle sample counted as one tick. */
export function summariseProfile(profile: CpuProfile, requestedIntervalUs: number, topN = 15): ProfileSummary {
  const short = profile.timeDeltas.filter((d) => d > 0 && d < 2 * requestedIntervalUs).sort((a, b) => a - b);
  const tickUs = short.length ? short[Math.floor(short.length / 2)]! : requestedIntervalUs;
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const ticks = new Map<string, { name: string; where: string; n: number }>();
  for (const id of profile.samples) {
    const f = frames.get(id);
    if (!f || f.functionName === IDLE) continue;
    const where = f.url ? `${f.url.split('/').pop()}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName}@${where}`;
    const entry = ticks.get(key) ?? { name: f.functionName || '(anonymous)', where, n: 0 };
    entry.n++;
    ticks.set(key, entry);
  }
  const ms = (n: number) => (n * tickUs) / 1000;
  const byName = (name: string) => [...ticks.values()].filter((t) => t.name === name).reduce((s, t) => s + t.n, 0);
  const busy = [...ticks.values()].reduce((s, t) => s + t.n, 0);
  return {
    tickUs,
    samples: profile.samples.length,
    busyMs: ms(busy),
    gcMs: ms(byName('(garbage collector)')),
    programMs: ms(byName('(program)')),
    top: [...ticks.values()].sort((a, b) => b.n - a.n).slice(0, topN).map((t) => ({ name: t.name, where: t.where, ms: ms(t.n) })),
  };
}

type Send = (method: string, params?: Record<string, unknown>) => Promise<any>;

async function connect(inspectorPort: number): Promise<{ send: Send; close(): void }> {
  // wrangler's inspector proxy refuses a WebSocket without an allowed Origin.
  const init = { headers: { Origin: 'http://localhost' } } as unknown as string[];
  const ws = new WebSocket(`ws://127.0.0.1:${inspectorPort}/ws`, init);
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 0;
  ws.onmessage = async (event) => {
    const text = typeof event.data === 'string' ? event.data : await (event.data as Blob).text();
    const message = JSON.parse(text) as { id?: number; result?: unknown; error?: { message: string } };
    const waiter = message.id === undefined ? undefined : pending.get(message.id);
    if (!waiter) return; // events, and the proxy's own traffic on the same socket
    pending.delete(message.id!);
    if (message.error) waiter.reject(new Error(message.error.message));
    else waiter.resolve(message.result);
  };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => (ws.close(), reject(new Error(`the inspector on 127.0.0.1:${inspectorPort} did not open in 15 s`))), 15_000);
    ws.onopen = () => (clearTimeout(timer), resolve());
    ws.onerror = () => (clearTimeout(timer), reject(new Error(`cannot open the inspector on 127.0.0.1:${inspectorPort}`)));
  });
  ws.onclose = (event) => pending.forEach((w) => w.reject(new Error(`the inspector closed (${event.code} ${event.reason})`)));
  const send: Send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = ++next;
      const timer = setTimeout(() => (pending.delete(id), reject(new Error(`${method}: no reply in 60 s`))), 60_000);
      pending.set(id, { resolve: (v) => (clearTimeout(timer), resolve(v)), reject: (e) => (clearTimeout(timer), reject(e)) });
      ws.send(JSON.stringify({ id, method, params }));
    });
  return { send, close: () => ws.close() };
}

export interface IsolateProfiler {
  /** Profiles the isolate while `work` runs; `work` returns how many requests it made, and figures are per request. */
  profile(work: () => Promise<number>): Promise<{ requests: number; perRequest: ProfileSummary }>;
  close(): void;
}

/**
 * One DevTools session for several profiles: wrangler's proxy admits one client at a time and may not have noticed
 * the last one leave when the next one knocks.
 */
export async function openIsolateProfiler(inspectorPort: number, intervalUs = 250): Promise<IsolateProfiler> {
  const cdp = await connect(inspectorPort);
  try {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: intervalUs });
  } catch (err) {
    cdp.close();
    throw err;
  }
  return {
    async profile(work) {
      await cdp.send('Profiler.start');
      let requests: number;
      try {
        requests = await work();
      } catch (err) {
        await cdp.send('Profiler.stop').catch(() => undefined);
        throw err;
      }
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
      const summary = summariseProfile(profile, intervalUs);
      const per = (x: number) => x / Math.max(1, requests);
      return {
        requests,
        perRequest: { ...summary, busyMs: per(summary.busyMs), gcMs: per(summary.gcMs), programMs: per(summary.programMs), top: summary.top.map((t) => ({ ...t, ms: per(t.ms) })) },
      };
    },
    close: () => cdp.close(),
  };
}
