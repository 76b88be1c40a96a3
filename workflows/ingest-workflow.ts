/**
 * Durable ingestion: one document (parse → chunk → embed and index in batches → ready, with progress in D1), or one
 * bulk upload of many documents (workflows/batch-ingest.ts). The payload carries only an id; every step re-reads
 * what it needs, so retries are safe.
 */
import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep, type WorkflowStepConfig } from 'cloudflare:workers';
import { NonRetryableError } from 'cloudflare:workflows';
import { appendAudit } from '../src/db/audit';
import { bumpCorpusVersion } from '../src/db/corpus';
import { chunksOfDocument, findDocument, replaceChunks, saveDocumentText, updateDocument } from '../src/db/documents';
import { AppError } from '../src/errors';
import { vectorId } from '../src/rag/access';
import { chunkText } from '../src/rag/chunk';
import { extractDocumentText, type MediaType } from '../src/rag/extract-text';
import { embeddingDimensions } from '../src/ai/model-catalogue';
import { createServices } from '../src/services';
import { dimensionMismatch } from '../src/vector/dimension-check';
import { runBatchIngest } from './batch-ingest';

export type IngestParams = { documentId: string } | { batchId: string };

export const EMBED_BATCH = 32;
const RETRYING: WorkflowStepConfig = { retries: { limit: 4, delay: '2 seconds', backoff: 'exponential' }, timeout: '5 minutes' };

export class IngestWorkflow extends WorkflowEntrypoint<Env, IngestParams> {
  override async run(event: Readonly<WorkflowEvent<IngestParams>>, step: WorkflowStep): Promise<{ chunks: number } | { ready: number; failed: number }> {
    const services = createServices(this.env);
    if ('batchId' in event.payload) return runBatchIngest(this.env, services, event.payload.batchId, step);
    const { documentId } = event.payload;
    const { db, vectors, gateway, providerName } = services;
    try {
      const total = await step.do('parse and chunk', RETRYING, async () => {
        const doc = await findDocument(db, documentId);
        if (!doc) throw new NonRetryableError(`document ${documentId} no longer exists`);
        const mismatch = await dimensionMismatch(vectors, embeddingDimensions(providerName));
        if (mismatch) throw new NonRetryableError(mismatch);
        await updateDocument(db, documentId, { status: 'parsing', error: null });
        const object = await this.env.DOCUMENTS.get(doc.objectKey);
        if (!object) throw new NonRetryableError(`original ${doc.objectKey} is missing from R2`);
        let text: string;
        try {
          text = (await extractDocumentText(new Uint8Array(await object.arrayBuffer()), doc.mediaType as MediaType)).text;
        } catch (err) {
          // Bad content will be just as bad on retry.
          if (err instanceof AppError) throw new NonRetryableError(err.message);
          throw err;
        }
        await saveDocumentText(db, documentId, text);
        const chunks = chunkText(text).map((c) => ({ id: `${documentId}:${c.ordinal}`, ...c }));
        await replaceChunks(db, documentId, chunks);
        await updateDocument(db, documentId, { status: 'embedding', progressDone: 0, progressTotal: chunks.length, chunkCount: chunks.length });
        return chunks.length;
      });

      for (let from = 0; from < total; from += EMBED_BATCH) {
        await step.do(`embed chunks ${from}-${Math.min(from + EMBED_BATCH, total) - 1}`, RETRYING, async () => {
          const doc = await findDocument(db, documentId);
          if (!doc) throw new NonRetryableError(`document ${documentId} was deleted during ingestion`);
          const batch = await chunksOfDocument(db, documentId, { from, to: from + EMBED_BATCH });
          const embeddings = await gateway({ requestId: `ingest:${documentId}`, userId: doc.createdBy }).embed(
            batch.map((c) => [doc.title, c.heading, c.text].filter(Boolean).join('\n')),
          );
          await vectors.upsert(
            batch.flatMap((c, i) =>
              doc.groups.map((group) => ({
                id: vectorId(c.id, group),
                values: embeddings[i]!,
                metadata: { documentId, chunkId: c.id, ordinal: c.ordinal, group },
              })),
            ),
          );
          await updateDocument(db, documentId, { progressDone: Math.min(from + batch.length, total) });
        });
      }

      await step.do('mark ready', RETRYING, async () => {
        await updateDocument(db, documentId, { status: 'ready' });
        await bumpCorpusVersion(db);
        await appendAudit(db, { actorId: null, event: 'document.ready', subjectType: 'document', subjectId: documentId, details: { chunks: total } });
      });
      return { chunks: total };
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      await step.do('record failure', RETRYING, async () => {
        await updateDocument(db, documentId, { status: 'failed', error: reason.slice(0, 500) });
        await appendAudit(db, { actorId: null, event: 'document.failed', subjectType: 'document', subjectId: documentId, details: { reason } });
      });
      throw new NonRetryableError(`ingestion of ${documentId} failed: ${reason}`);
    }
  }
}
