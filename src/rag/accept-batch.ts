/**
 * The synchronous half of bulk ingestion: check each item, dedupe by content hash, store the new originals in R2,
 * record them as `queued` documents of one batch in a few D1 round trips, and start ONE ingest Workflow for the batch.
 * An item that cannot become a document (no groups, too large, unreadable) is refused on its own, never the batch.
 */
import type { Identity } from '../auth/identity';
import { appendAudit } from '../db/audit';
import type { NewDocument } from '../db/documents';
import { documentsByHash, findBatch, insertBatch, insertDocuments, type BatchRow } from '../db/ingest-batches';
import { ValidationError } from '../errors';
import { newDocumentId, regroup, sameGroups, sha256Hex, type AcceptDeps, type UploadInput } from './accept-upload';
import { MEDIA_TYPES } from './extract-text';
import { splitFrontMatter } from './front-matter';

/** Items per batch: one Workflow instance ingests them, so its steps stay well inside their limits. */
export const MAX_BATCH_ITEMS = 1000;
/** A whole batch body; each item keeps the single-upload limit. */
export const MAX_BATCH_BYTES = 64 * 1024 * 1024;
// R2 puts in flight at once while storing a batch's originals.
const PUT_CONCURRENCY = 32;

/** An item the door could not parse (a bad JSON line, invalid fields): refused with its reason. */
export interface InvalidItem {
  invalid: string;
  title?: string;
}
export type BatchItemInput = UploadInput | InvalidItem;

export interface BatchItemResult {
  index: number;
  title: string;
  /** `queued`: a new document of this batch; `duplicate`: the same bytes were already on the server; `refused`: not stored. */
  outcome: 'queued' | 'duplicate' | 'refused';
  documentId?: string;
  reason?: string;
}

interface Candidate {
  index: number;
  input: UploadInput;
  title: string;
  groups: string[];
  hash: string;
}

const isInvalid = (item: BatchItemInput): item is InvalidItem => 'invalid' in item;

/** Title and groups a Markdown file declares in front matter (or its first heading), as single uploads read them. */
function declared(input: UploadInput): { title?: string; groups?: string[] } {
  if (input.mediaType !== MEDIA_TYPES.md) return {};
  const text = new TextDecoder().decode(input.bytes);
  const { meta, body } = splitFrontMatter(text);
  return { title: meta.title ?? /^#\s+(.+)$/m.exec(body)?.[1]?.trim(), groups: meta.groups };
}

async function putAll(bucket: R2Bucket, items: { key: string; input: UploadInput; hash: string }[]): Promise<void> {
  for (let i = 0; i < items.length; i += PUT_CONCURRENCY) {
    await Promise.all(
      items.slice(i, i + PUT_CONCURRENCY).map(({ key, input, hash }) =>
        bucket.put(key, input.bytes, {
          httpMetadata: { contentType: input.mediaType },
          customMetadata: { fileName: input.fileName.slice(0, 200) },
          sha256: hash,
        }),
      ),
    );
  }
}

export async function acceptBatch(
  deps: AcceptDeps,
  uploader: Identity,
  items: BatchItemInput[],
): Promise<{ batch: BatchRow; items: BatchItemResult[] }> {
  if (items.length === 0) throw new ValidationError('The batch holds no items.');
  if (items.length > MAX_BATCH_ITEMS) throw new ValidationError(`The batch holds ${items.length} items; the limit is ${MAX_BATCH_ITEMS}. Split it.`);
  const batchId = `batch_${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const results: BatchItemResult[] = [];
  const candidates: Candidate[] = [];

  await Promise.all(
    items.map(async (item, index) => {
      if (isInvalid(item)) {
        results.push({ index, title: item.title ?? `item ${index + 1}`, outcome: 'refused', reason: item.invalid });
        return;
      }
      const meta = declared(item);
      const title = (item.title ?? meta.title ?? item.fileName).slice(0, 300);
      if (item.bytes.byteLength > deps.maxBytes) {
        results.push({ index, title, outcome: 'refused', reason: `The file is ${item.bytes.byteLength} bytes; the limit is ${deps.maxBytes}.` });
        return;
      }
      const groups = item.groups?.length ? item.groups : meta.groups?.length ? meta.groups : undefined;
      if (!groups) {
        results.push({ index, title, outcome: 'refused', reason: 'Name the groups that may read this document, or "*" for everyone.' });
        return;
      }
      candidates.push({ index, input: item, title, groups, hash: await sha256Hex(item.bytes) });
    }),
  );
  candidates.sort((a, b) => a.index - b.index);

  const existing = await documentsByHash(deps.db, candidates.map((c) => c.hash));
  const fresh = new Map<string, NewDocument>();
  for (const c of candidates) {
    const known = existing.get(c.hash);
    if (known) {
      if (!sameGroups(known.groups, c.groups)) await regroup(deps, uploader, known, c.groups);
      results.push({ index: c.index, title: c.title, outcome: 'duplicate', documentId: known.id });
      continue;
    }
    const sibling = fresh.get(c.hash);
    if (sibling) {
      results.push({ index: c.index, title: c.title, outcome: 'duplicate', documentId: sibling.id });
      continue;
    }
    const id = newDocumentId();
    fresh.set(c.hash, {
      id,
      title: c.title,
      source: c.input.source ?? c.input.fileName,
      contentHash: c.hash,
      objectKey: `originals/sha256/${c.hash}`,
      mediaType: c.input.mediaType,
      sizeBytes: c.input.bytes.byteLength,
      groups: c.groups,
      status: 'queued',
      batchId,
      createdBy: uploader.id,
    });
    results.push({ index: c.index, title: c.title, outcome: 'queued', documentId: id });
  }
  results.sort((a, b) => a.index - b.index);

  const byHash = new Map(candidates.map((c) => [c.hash, c]));
  await putAll(deps.bucket, [...fresh.values()].map((d) => ({ key: d.objectKey, input: byHash.get(d.contentHash)!.input, hash: d.contentHash })));
  await insertDocuments(deps.db, [...fresh.values()]);
  // A concurrent upload of the same bytes may have won the unique hash; those items are duplicates of its document.
  const stored = await documentsByHash(deps.db, [...fresh.keys()]);
  const hashOf = new Map(candidates.map((c) => [c.index, c.hash]));
  for (const r of results) {
    const winner = r.outcome === 'queued' ? stored.get(hashOf.get(r.index)!) : undefined;
    if (winner && winner.id !== r.documentId) Object.assign(r, { outcome: 'duplicate', documentId: winner.id });
  }
  const queued = results.filter((r) => r.outcome === 'queued').length;
  const refused = results.filter((r) => r.outcome === 'refused').map((r) => ({ index: r.index, title: r.title, reason: r.reason ?? '' }));
  await insertBatch(deps.db, {
    id: batchId,
    status: queued > 0 ? 'queued' : 'done',
    itemCount: items.length,
    duplicateCount: results.filter((r) => r.outcome === 'duplicate').length,
    refused,
    createdBy: uploader.id,
  });
  await appendAudit(deps.db, {
    actorId: uploader.id,
    event: 'documents.batch-uploaded',
    subjectType: 'batch',
    subjectId: batchId,
    details: { documents: queued, duplicates: items.length - queued - refused.length, refused: refused.length },
  });
  if (queued > 0) await deps.ingest.create({ id: batchId, params: { batchId } });
  const batch = await findBatch(deps.db, batchId);
  if (!batch) throw new Error(`batch ${batchId} vanished after insert`);
  return { batch, items: results };
}
