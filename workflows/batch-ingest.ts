/**
 * Durable ingestion of one bulk upload inside one Workflow instance: parse and chunk the documents a slice at a time,
 * embed the chunks in the largest calls the model accepts, upsert vectors in large batches, then mark them ready.
 * A document that cannot be parsed fails alone, with its reason; only a failure of the model or storage fails the batch.
 */
import type { WorkflowStep, WorkflowStepConfig } from 'cloudflare:workers';
import { NonRetryableError } from 'cloudflare:workflows';
import { embeddingDimensions } from '../src/ai/model-catalogue';
import { appendAudit } from '../src/db/audit';
import { bumpCorpusVersion } from '../src/db/corpus';
import {
  batchChunkWindow,
  documentsOfBatch,
  failDocuments,
  findBatch,
  moveBatchDocuments,
  setProgress,
  storeParsedDocuments,
  updateBatch,
  type ParsedDocument,
} from '../src/db/ingest-batches';
import { AppError } from '../src/errors';
import { vectorId } from '../src/rag/access';
import { chunkText } from '../src/rag/chunk';
import { extractDocumentText, type MediaType } from '../src/rag/extract-text';
import type { Services } from '../src/services';
import { dimensionMismatch } from '../src/vector/dimension-check';
import type { VectorRecord } from '../src/vector/vector-index';

/** Texts per embedding call: Workers AI's embedding models accept up to 100. */
export const EMBED_CALL_SIZE = 100;
/** Vectors per upsert: Vectorize accepts up to 1,000 per call from a Worker. */
export const UPSERT_SIZE = 1000;
/** Chunks embedded per persisted step: ten embedding calls, so a retry repeats little. */
export const CHUNKS_PER_STEP = 1000;
/** Documents parsed per persisted step (PDFs can be slow to extract). */
export const DOCUMENTS_PER_STEP = 100;

const RETRYING: WorkflowStepConfig = { retries: { limit: 4, delay: '2 seconds', backoff: 'exponential' }, timeout: '5 minutes' };
const PARSABLE = ['queued', 'parsing'] as const;

async function parseOne(env: Env, doc: { id: string; objectKey: string; mediaType: string }): Promise<ParsedDocument | { documentId: string; reason: string }> {
  const object = await env.DOCUMENTS.get(doc.objectKey);
  if (!object) return { documentId: doc.id, reason: `original ${doc.objectKey} is missing from R2` };
  try {
    const { text } = await extractDocumentText(new Uint8Array(await object.arrayBuffer()), doc.mediaType as MediaType);
    const chunks = chunkText(text).map((c) => ({ id: `${doc.id}:${c.ordinal}`, ...c }));
    if (chunks.length === 0) return { documentId: doc.id, reason: 'The document contains no text.' };
    return { documentId: doc.id, text, chunks };
  } catch (err) {
    // Bad content is just as bad on retry: the document fails, the batch goes on.
    if (err instanceof AppError) return { documentId: doc.id, reason: err.message };
    throw err;
  }
}

export async function runBatchIngest(env: Env, services: Services, batchId: string, step: WorkflowStep): Promise<{ ready: number; failed: number }> {
  const { db, vectors, gateway, providerName } = services;
  try {
    const ids = await step.do('list documents', RETRYING, async () => {
      const batch = await findBatch(db, batchId);
      if (!batch) throw new NonRetryableError(`batch ${batchId} no longer exists`);
      const mismatch = await dimensionMismatch(vectors, embeddingDimensions(providerName));
      if (mismatch) throw new NonRetryableError(mismatch);
      await updateBatch(db, batchId, { status: 'running' });
      return (await documentsOfBatch(db, batchId, PARSABLE)).map((d) => d.id);
    });

    for (let from = 0; from < ids.length; from += DOCUMENTS_PER_STEP) {
      await step.do(`parse documents ${from}-${Math.min(from + DOCUMENTS_PER_STEP, ids.length) - 1}`, RETRYING, async () => {
        const wanted = new Set(ids.slice(from, from + DOCUMENTS_PER_STEP));
        const docs = (await documentsOfBatch(db, batchId, PARSABLE)).filter((d) => wanted.has(d.id));
        await moveBatchDocuments(db, batchId, ['queued'], 'parsing');
        const outcomes = await Promise.all(docs.map((d) => parseOne(env, d)));
        await storeParsedDocuments(db, outcomes.filter((o): o is ParsedDocument => 'chunks' in o));
        await failDocuments(db, outcomes.filter((o): o is { documentId: string; reason: string } => 'reason' in o));
        return docs.length;
      });
    }

    const total = await step.do('count chunks', RETRYING, async () => (await documentsOfBatch(db, batchId, ['embedding'])).reduce((n, d) => n + d.chunkCount, 0));

    for (let from = 0; from < total; from += CHUNKS_PER_STEP) {
      await step.do(`embed chunks ${from}-${Math.min(from + CHUNKS_PER_STEP, total) - 1}`, RETRYING, async () => {
        const window = await batchChunkWindow(db, batchId, from, CHUNKS_PER_STEP);
        const batch = await findBatch(db, batchId);
        const models = gateway({ requestId: `ingest:${batchId}`, userId: batch?.createdBy ?? null });
        const records: VectorRecord[] = [];
        for (let i = 0; i < window.length; i += EMBED_CALL_SIZE) {
          const slice = window.slice(i, i + EMBED_CALL_SIZE);
          const embeddings = await models.embed(slice.map((r) => [r.title, r.chunk.heading, r.chunk.text].filter(Boolean).join('\n')));
          slice.forEach((r, j) => {
            for (const group of r.groups) {
              records.push({
                id: vectorId(r.chunk.id, group),
                values: embeddings[j]!,
                metadata: { documentId: r.chunk.documentId, chunkId: r.chunk.id, ordinal: r.chunk.ordinal, group },
              });
            }
          });
        }
        for (let i = 0; i < records.length; i += UPSERT_SIZE) await vectors.upsert(records.slice(i, i + UPSERT_SIZE));
        const done = new Map<string, number>();
        for (const r of window) done.set(r.chunk.documentId, Math.max(done.get(r.chunk.documentId) ?? 0, r.chunk.ordinal + 1));
        await setProgress(db, done);
        return window.length;
      });
    }

    return await step.do('mark ready', RETRYING, async () => {
      await moveBatchDocuments(db, batchId, ['embedding'], 'ready');
      await bumpCorpusVersion(db);
      await updateBatch(db, batchId, { status: 'done' });
      const docs = await documentsOfBatch(db, batchId);
      const ready = docs.filter((d) => d.status === 'ready').length;
      const failed = docs.filter((d) => d.status === 'failed').length;
      await appendAudit(db, { actorId: null, event: 'documents.batch-ingested', subjectType: 'batch', subjectId: batchId, details: { ready, failed, chunks: total } });
      return { ready, failed };
    });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    await step.do('record failure', RETRYING, async () => {
      await moveBatchDocuments(db, batchId, ['queued', 'parsing', 'embedding'], 'failed', `batch ingestion failed: ${reason}`);
      await updateBatch(db, batchId, { status: 'failed', error: reason.slice(0, 500) });
      await appendAudit(db, { actorId: null, event: 'documents.batch-failed', subjectType: 'batch', subjectId: batchId, details: { reason } });
    });
    throw new NonRetryableError(`ingestion of batch ${batchId} failed: ${reason}`);
  }
}
