/**
 * The capacity model: from measured bytes and rows per ask and per chunk, what each Cloudflare resource holds per
 * day and at steady state under retention, beside its published limit, and which one breaks first. Pure.
 */

export interface Measured {
  /** D1 bytes and rows kept for the retention period per uncached ask (traces, request log, counters). */
  d1BytesPerAsk: number;
  d1RowsPerAsk: number;
  /** Workers KV bytes per ask (the answer cache), living only as long as the answer-cache TTL. */
  kvBytesPerAsk: number;
  /** D1 bytes per task taken through review to a commit; tasks and audit rows are not purged by retention. */
  d1BytesPerTask: number;
  /** D1 bytes per task that retention purges (its model-call traces). */
  d1RetainedBytesPerTask: number;
  /** R2 bytes per ask (trace bodies), kept for the retention period. */
  r2BytesPerAsk: number;
  /** D1 bytes and rows per chunk of corpus (chunk rows, FTS, document text, ingest traces), production layout. */
  d1BytesPerChunk: number;
  d1RowsPerChunk: number;
  r2BytesPerChunk: number;
  chunksPerDocument: number;
  /** Durable Object storage written per ask (the session agent), bytes. */
  doBytesPerAsk: number;
}

export interface Assumptions {
  retentionDays: number;
  cacheTtlSeconds: number;
  /** Tasks (one ProposeCommitWorkflow instance each) per ask. */
  tasksPerAsk: number;
  /** Completed Workflow instance state is kept this many days by the platform. */
  workflowRetentionDays: number;
  /** Busiest second over the average second, for the rate limits. */
  peakToAverage: number;
  /** How long finished task and audit records stay in D1 before they move to the R2 archive. */
  recordDays: number;
}

export interface Limit {
  resource: string;
  limit: number;
  unit: 'bytes' | 'vectors' | 'instances/s';
  text: string;
  source: string;
}

export const LIMITS = {
  d1: { resource: 'D1 database size', limit: 10e9, unit: 'bytes', text: '10 GB per database (Workers Paid)', source: 'https://developers.cloudflare.com/d1/platform/limits/' },
  r2: { resource: 'R2 bucket storage', limit: Infinity, unit: 'bytes', text: 'unlimited per bucket', source: 'https://developers.cloudflare.com/r2/platform/limits/' },
  vectorize: { resource: 'Vectorize vectors per index', limit: 10_000_000, unit: 'vectors', text: '10,000,000 vectors per index; 1536 dimensions; 10 KiB metadata per vector', source: 'https://developers.cloudflare.com/vectorize/platform/limits/' },
  workflows: { resource: 'Workflows instance creation rate', limit: 100, unit: 'instances/s', text: '100 instance creations per second per Workflow (300 per account); 2,000,000 queued, 50,000 concurrent; completed state kept 7 days by default', source: 'https://developers.cloudflare.com/workflows/reference/limits/' },
  kv: { resource: 'Workers KV storage', limit: Infinity, unit: 'bytes', text: 'unlimited per namespace on Workers Paid (1 GB on Free); values up to 25 MiB; one write per second per key', source: 'https://developers.cloudflare.com/kv/platform/limits/' },
  durableObjects: { resource: 'Durable Object storage', limit: 10e9, unit: 'bytes', text: '10 GB per Durable Object (SQLite backend); unlimited objects', source: 'https://developers.cloudflare.com/durable-objects/platform/limits/' },
} as const satisfies Record<string, Limit>;

export interface Row {
  resource: keyof typeof LIMITS;
  perDay: number;
  steadyState: number;
  rowsPerDay?: number;
  /** Share of the limit used at steady state (0 when the limit is unlimited). */
  share: number;
}

const share = (value: number, limit: number) => (Number.isFinite(limit) ? value / limit : 0);

/** Resources at a given ask rate and corpus size, biggest share of its limit first. */
export function capacityAt(m: Measured, a: Assumptions, asksPerDay: number, chunks: number): Row[] {
  const documents = chunks / Math.max(1, m.chunksPerDocument);
  const cacheAsks = asksPerDay * Math.min(1, a.cacheTtlSeconds / 86_400);
  const tasksPerDay = asksPerDay * a.tasksPerAsk;
  const d1Steady =
    (m.d1BytesPerAsk * asksPerDay + m.d1RetainedBytesPerTask * tasksPerDay) * a.retentionDays + m.d1BytesPerTask * tasksPerDay * a.recordDays + m.d1BytesPerChunk * chunks;
  const rows: Row[] = [
    {
      resource: 'd1',
      perDay: (m.d1BytesPerAsk + (m.d1BytesPerTask + m.d1RetainedBytesPerTask) * a.tasksPerAsk) * asksPerDay,
      rowsPerDay: m.d1RowsPerAsk * asksPerDay,
      steadyState: d1Steady,
      share: share(d1Steady, LIMITS.d1.limit),
    },
    { resource: 'r2', perDay: m.r2BytesPerAsk * asksPerDay, steadyState: m.r2BytesPerAsk * asksPerDay * a.retentionDays + m.r2BytesPerChunk * chunks, share: 0 },
    { resource: 'kv', perDay: m.kvBytesPerAsk * asksPerDay, steadyState: m.kvBytesPerAsk * cacheAsks, share: 0 },
    { resource: 'vectorize', perDay: 0, steadyState: chunks, rowsPerDay: 0, share: share(chunks, LIMITS.vectorize.limit) },
    {
      resource: 'workflows',
      perDay: tasksPerDay,
      steadyState: tasksPerDay * a.workflowRetentionDays + documents,
      share: share((tasksPerDay / 86_400) * a.peakToAverage, LIMITS.workflows.limit),
    },
    { resource: 'durableObjects', perDay: m.doBytesPerAsk * asksPerDay, steadyState: m.doBytesPerAsk * asksPerDay * a.retentionDays, share: 0 },
  ];
  return rows.sort((x, y) => y.share - x.share);
}

/** The resource that reaches its limit first at this scale, or undefined when none passes 100 %. */
export function breaksFirst(rows: Row[]): Row | undefined {
  const top = rows[0];
  return top && top.share >= 1 ? top : undefined;
}

export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return '∞';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v >= 100 || i === 0 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}
