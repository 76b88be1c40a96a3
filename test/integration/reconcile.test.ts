import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { getDb } from '../../src/db/client';
import { batchStatusCounts, findBatch, insertBatch, insertDocuments } from '../../src/db/ingest-batches';
import { decideReview } from '../../src/db/reviews';
import { insertTask } from '../../src/db/tasks';
import { reconcile } from '../../src/ops/reconcile';
import { asUser, jsonBody } from './helpers';

const db = getDb(env.DB);
const later = () => Date.now() + 5 * 60_000;

async function waitForTask(id: string, statuses: string[]): Promise<string> {
  for (let i = 0; i < 400; i++) {
    const t = (await (await asUser('oscar', `/api/tasks/${id}`)).json()) as { status: string };
    if (statuses.includes(t.status)) return t.status;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`task ${id} never reached ${statuses.join('|')}`);
}

describe('reconcile', () => {
  it('should start the Workflow of a task whose creation was interrupted', async () => {
    await asUser('alice', '/api/me');
    await insertTask(db, { id: 'task_orphan', userId: 'alice', input: 'Change the priority of TCK-2004 to P3.' });
    const result = await reconcile(db, env, { wakeHeld: true, now: later() });
    expect(result.tasksRestarted).toBe(1);
    expect(await waitForTask('task_orphan', ['committed'])).toBe('committed');
    expect((await reconcile(db, env, { wakeHeld: true, now: later() })).tasksRestarted).toBe(0);
  });

  it('should restart an interrupted bulk upload as one batch Workflow, never one per document', async () => {
    const batchId = 'batch_orphan';
    await insertBatch(db, { id: batchId, itemCount: 2, createdBy: 'oscar' });
    const docs = ['Orphaned batch note about the glacier kettle.', 'Orphaned batch note about the ember mug.'];
    await insertDocuments(
      db,
      docs.map((text, i) => ({ id: `doc_orphan_${i}`, title: `Orphan ${i}`, contentHash: `orphan-${i}`, objectKey: `originals/sha256/orphan-${i}`, mediaType: 'text/plain', sizeBytes: text.length, groups: ['*'], batchId, createdBy: 'oscar' })),
    );
    await Promise.all(docs.map((text, i) => env.DOCUMENTS.put(`originals/sha256/orphan-${i}`, text)));
    const result = await reconcile(db, env, { wakeHeld: true, now: later() });
    expect(result.documentsRestarted).toBe(1);
    for (let i = 0; i < 400 && (await findBatch(db, batchId))?.status !== 'done'; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await batchStatusCounts(db, batchId)).ready).toBe(2);
  });

  it('should re-send a review decision that never reached the waiting Workflow', async () => {
    const created = await asUser('alice', '/api/tasks', jsonBody({ input: 'Refund $15.00 on ORD-1005, strap broke.' }));
    const { id } = (await created.json()) as { id: string };
    await waitForTask(id, ['awaiting_review']);
    // The decision is stored, then the process dies before sendEvent.
    expect(await decideReview(db, id, { status: 'approved', finalParams: { orderId: 'ORD-1005', amountUsd: 15, reason: 'strap broke' }, diff: [], decidedBy: 'rita', comment: null })).toBe(true);
    const result = await reconcile(db, env, { wakeHeld: true, now: later() });
    expect(result.decisionsResent).toBe(1);
    expect(await waitForTask(id, ['committed'])).toBe('committed');
  });
});
