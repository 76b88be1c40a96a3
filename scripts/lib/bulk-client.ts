/**
 * Client side of bulk ingestion, shared by `npm run ingest` and the benchmarks: sends items to
 * POST /api/documents/batch in batches (JSON Lines for text, multipart for files), a few batches in flight, polls
 * each batch until its Workflow finishes, and accounts for every item: ready, failed (with the server's reason),
 * refused (never stored), or already present (a rerun: the server dedupes by content hash).
 */

export interface TextItem {
  title: string;
  text: string;
  source?: string;
  groups?: string[];
}
export interface FileItem {
  fileName: string;
  bytes: Uint8Array;
}
export type BulkItem = TextItem | FileItem;

export interface BulkOptions {
  base: string;
  token: string;
  /** Items per request; the server takes up to 1,000. */
  batchSize?: number;
  /** Request body budget per batch, in bytes. */
  maxBatchBytes?: number;
  /** Batches in flight at once. */
  concurrency?: number;
  /** For multipart batches: the groups (and source) every file gets, unless a Markdown file declares its own. */
  groups?: string[];
  onProgress?: (p: BulkProgress) => void;
}

export interface BulkProgress {
  total: number;
  /** Items whose outcome is final. */
  settled: number;
  ready: number;
  failed: number;
  refused: number;
  duplicates: number;
  chunksDone: number;
  chunksTotal: number;
}

export interface ItemOutcome {
  index: number;
  title: string;
  outcome: 'ready' | 'failed' | 'refused' | 'duplicate';
  documentId?: string;
  reason?: string;
}

export interface BulkReport extends BulkProgress {
  items: ItemOutcome[];
  batches: string[];
  bytes: number;
  seconds: number;
}

interface ServerItem {
  index: number;
  title: string;
  outcome: 'queued' | 'duplicate' | 'refused';
  documentId?: string;
  reason?: string;
}
interface BatchSummary {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  documents: Record<'queued' | 'parsing' | 'embedding' | 'ready' | 'failed', number>;
  chunks: { done: number; total: number };
  error: string | null;
}
interface BatchDetail extends BatchSummary {
  items: { id: string; status: string; error: string | null }[];
}

const REQUEST_TIMEOUT_MS = 120_000;
const POLL_MS = 300;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isText = (item: BulkItem): item is TextItem => 'text' in item;
const sizeOf = (item: BulkItem) => (isText(item) ? Buffer.byteLength(item.text) + Buffer.byteLength(item.title) + 64 : item.bytes.byteLength + 256);

/** Splits items into request-sized batches, by count and by bytes, never mixing text and files. */
export function planBatches(items: BulkItem[], batchSize: number, maxBatchBytes: number): number[][] {
  const out: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  let kind: boolean | undefined;
  items.forEach((item, i) => {
    const size = sizeOf(item);
    if (current.length > 0 && (current.length >= batchSize || bytes + size > maxBatchBytes || kind !== isText(item))) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(i);
    bytes += size;
    kind = isText(item);
  });
  if (current.length > 0) out.push(current);
  return out;
}

async function request<T>(opts: BulkOptions, path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${opts.base}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${opts.token}`, ...(init.headers as Record<string, string> | undefined) },
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const e = body?.error;
    throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${e ? `${e.code}: ${e.message}` : text.slice(0, 300)}`);
  }
  return body as T;
}

function bodyOf(items: BulkItem[], opts: BulkOptions): { body: BodyInit; headers: Record<string, string> } {
  if (items.every(isText)) {
    const lines = (items as TextItem[]).map((i) => JSON.stringify({ title: i.title, text: i.text, source: i.source, groups: i.groups ?? opts.groups }));
    return { body: `${lines.join('\n')}\n`, headers: { 'Content-Type': 'application/x-ndjson' } };
  }
  const form = new FormData();
  for (const item of items as FileItem[]) form.append('file', new Blob([new Uint8Array(item.bytes)]), item.fileName);
  if (opts.groups?.length) form.append('groups', opts.groups.join(','));
  return { body: form, headers: {} };
}

/** Ingests every item and returns what became of each. Throws only when the server itself cannot be used. */
export async function ingestBulk(items: BulkItem[], opts: BulkOptions): Promise<BulkReport> {
  const t0 = performance.now();
  const plan = planBatches(items, opts.batchSize ?? 1000, opts.maxBatchBytes ?? 16 * 1024 * 1024);
  const outcomes: (ItemOutcome | undefined)[] = new Array(items.length);
  const chunks = new Map<string, { done: number; total: number }>();
  const batches: string[] = [];
  const progress = (): BulkProgress => {
    const settled = outcomes.filter(Boolean) as ItemOutcome[];
    const count = (o: ItemOutcome['outcome']) => settled.filter((s) => s.outcome === o).length;
    let chunksDone = 0;
    let chunksTotal = 0;
    for (const c of chunks.values()) {
      chunksDone += c.done;
      chunksTotal += c.total;
    }
    return { total: items.length, settled: settled.length, ready: count('ready'), failed: count('failed'), refused: count('refused'), duplicates: count('duplicate'), chunksDone, chunksTotal };
  };
  const report = () => opts.onProgress?.(progress());

  async function runBatch(indexes: number[]): Promise<void> {
    const { body, headers } = bodyOf(indexes.map((i) => items[i]!), opts);
    const accepted = await request<{ batch: BatchSummary; items: ServerItem[] }>(opts, '/api/documents/batch', { method: 'POST', body, headers });
    batches.push(accepted.batch.id);
    const queued = new Map<string, number>();
    for (const it of accepted.items) {
      const index = indexes[it.index]!;
      if (it.outcome === 'queued') queued.set(it.documentId!, index);
      else outcomes[index] = { index, title: it.title, outcome: it.outcome, documentId: it.documentId, reason: it.reason };
    }
    report();
    if (queued.size === 0) return;
    let summary = accepted.batch;
    while (summary.status === 'queued' || summary.status === 'running') {
      await sleep(POLL_MS);
      summary = await request<BatchSummary>(opts, `/api/documents/batches/${summary.id}?summary=1`);
      chunks.set(summary.id, summary.chunks);
      report();
    }
    const detail = await request<BatchDetail>(opts, `/api/documents/batches/${summary.id}`);
    chunks.set(summary.id, detail.chunks);
    for (const doc of detail.items) {
      const index = queued.get(doc.id);
      if (index === undefined) continue;
      const title = accepted.items.find((it) => it.documentId === doc.id)?.title ?? doc.id;
      outcomes[index] =
        doc.status === 'ready'
          ? { index, title, outcome: 'ready', documentId: doc.id }
          : { index, title, outcome: 'failed', documentId: doc.id, reason: doc.error ?? `ended ${doc.status}${detail.error ? `: ${detail.error}` : ''}` };
    }
    report();
  }

  let next = 0;
  async function worker(): Promise<void> {
    while (next < plan.length) await runBatch(plan[next++]!);
  }
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 3, plan.length) }, worker));
  const final = progress();
  return {
    ...final,
    items: outcomes.map((o, index) => o ?? { index, title: isText(items[index]!) ? (items[index] as TextItem).title : (items[index] as FileItem).fileName, outcome: 'failed', reason: 'no outcome reported' }),
    batches,
    bytes: items.reduce((n, i) => n + (isText(i) ? Buffer.byteLength(i.text) : i.bytes.byteLength), 0),
    seconds: (performance.now() - t0) / 1000,
  };
}

/** Reads a JSON Lines file; a line that is not an object is sent anyway so the server refuses it with a reason. */
export function jsonlItems(text: string, groups?: string[]): BulkItem[] {
  return text
    .split('\n')
    .map((line, i) => ({ line, i }))
    .filter(({ line }) => line.trim() !== '')
    .map(({ line, i }) => {
      let row: Record<string, unknown> = {};
      try {
        row = JSON.parse(line) as Record<string, unknown>;
      } catch {
        // an unparsable line is sent as an item with no text: the server refuses it and says why
      }
      const id = typeof row._id === 'string' ? row._id : undefined;
      const title = (typeof row.title === 'string' && row.title.trim()) || id || `line ${i + 1}`;
      return {
        title: title.slice(0, 300),
        text: typeof row.text === 'string' ? row.text : '',
        source: typeof row.source === 'string' ? row.source : id,
        groups: Array.isArray(row.groups) ? (row.groups as string[]) : groups,
      };
    });
}

/** A one-line progress bar for a terminal (or a plain line for logs). */
export function progressLine(p: BulkProgress, seconds: number, width = 30): string {
  const share = p.total === 0 ? 1 : p.settled / p.total;
  const filled = Math.round(share * width);
  const rate = seconds > 0 ? (p.settled / seconds).toFixed(0) : '0';
  const chunks = p.chunksTotal > 0 ? ` · chunks ${p.chunksDone}/${p.chunksTotal}` : '';
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.settled}/${p.total} · ready ${p.ready} · failed ${p.failed} · refused ${p.refused} · already there ${p.duplicates}${chunks} · ${rate} docs/s`;
}
