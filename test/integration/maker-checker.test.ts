/** Regression tests for the review rules a careless or hostile reviewer would try, and the system of record's own invariants. */
import { introspectWorkflow } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { getDb } from '../../src/db/client';
import { listReviews, openReview } from '../../src/db/reviews';
import { actionCommits, auditLog, sorOrders, sorRefunds, sorTicketEvents, sorTickets } from '../../src/db/schema';
import { applySorAction } from '../../src/db/system-of-record';
import { insertTask } from '../../src/db/tasks';
import { setKillLevel } from '../../src/ops/kill-switch';
import { asUser, jsonBody } from './helpers';

const db = getDb(env.DB);

interface TaskView {
  status: string;
  route: string | null;
  error: string | null;
  proposal: { params: Record<string, unknown> | null } | null;
  timeline: { event: string; details: Record<string, unknown> | null }[];
}

async function createTask(user: string, input: string): Promise<string> {
  const res = await asUser(user, '/api/tasks', jsonBody({ input }));
  expect(res.status).toBe(202);
  return ((await res.json()) as { id: string }).id;
}

async function waitForStatus(id: string, statuses: string[], timeoutMs = 20_000): Promise<TaskView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const t = (await (await asUser('oscar', `/api/tasks/${id}`)).json()) as TaskView;
    if (statuses.includes(t.status)) return t;
    if (Date.now() > deadline) throw new Error(`task ${id} is ${t.status}, expected ${statuses.join('|')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const decide = (user: string, id: string, body: Record<string, unknown>) => asUser(user, `/api/reviews/${id}/decision`, jsonBody(body));
const refunded = async (orderId: string) => (await db.select().from(sorOrders).where(eq(sorOrders.id, orderId)).get())!.refundedUsd;

describe('approve with edits', () => {
  it('should refuse raising the amount or retargeting the order, and commit a lowered amount', async () => {
    const id = await createTask('alice', 'Issue a refund of $10.00 on ORD-1002, one burner is scratched.');
    const waiting = await waitForStatus(id, ['awaiting_review']);
    expect(waiting.proposal?.params).toMatchObject({ orderId: 'ORD-1002', amountUsd: 10 });
    const before = await refunded('ORD-1002');

    const raised = await decide('rita', id, { decision: 'approve', params: { orderId: 'ORD-1002', amountUsd: 100_000, reason: 'scratched' } });
    expect(raised.status).toBe(400);
    expect(JSON.stringify(await raised.json())).toMatch(/amountUsd may be lowered but not raised/);
    const retargeted = await decide('rita', id, { decision: 'approve', params: { orderId: 'ORD-9999', amountUsd: 5, reason: 'scratched' } });
    expect(retargeted.status).toBe(400);
    expect(JSON.stringify(await retargeted.json())).toMatch(/orderId .* cannot be changed/);

    expect((await decide('rita', id, { decision: 'approve', params: { orderId: 'ORD-1002', amountUsd: 7.5, reason: 'scratched' } })).status).toBe(200);
    await waitForStatus(id, ['committed']);
    expect((await refunded('ORD-1002')) - before).toBeCloseTo(7.5, 2);
  });

  it('should require a comment to reject, on the server', async () => {
    const id = await createTask('alice', 'Reply to TCK-2004 and tell the customer the part ships Monday.');
    await waitForStatus(id, ['awaiting_review']);
    for (const body of [{ decision: 'reject' }, { decision: 'reject', comment: '   ' }]) {
      const res = await decide('ravi', id, body);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { details: { fieldErrors: { comment: expect.any(Array) } } } });
    }
    expect((await decide('ravi', id, { decision: 'reject', comment: 'not yet confirmed' })).status).toBe(200);
  });
});

describe('the system of record', () => {
  it('should refuse a refund on a missing order or above what remains, writing nothing', async () => {
    const missing = await applySorAction(db, 'sor:missing', 't-missing', { type: 'issue_refund', params: { orderId: 'ORD-9999', amountUsd: 500, reason: 'test' } });
    expect(missing).toMatchObject({ result: null, refused: 'order ORD-9999 does not exist' });
    const total = (await db.select().from(sorOrders).where(eq(sorOrders.id, 'ORD-1003')).get())!.totalUsd;
    const tooMuch = await applySorAction(db, 'sor:too-much', 't-too-much', { type: 'issue_refund', params: { orderId: 'ORD-1003', amountUsd: total + 0.01, reason: 'test' } });
    expect(tooMuch.refused).toMatch(/exceeds what remains refundable/);
    expect(await refunded('ORD-1003')).toBe(0);
    expect(await db.select().from(actionCommits).where(eq(actionCommits.taskId, 't-too-much')).all()).toHaveLength(0);
    expect(await db.select().from(sorRefunds).where(eq(sorRefunds.orderId, 'ORD-1003')).all()).toHaveLength(0);

    // Refunds add up to the total exactly (float sums must not refuse the last cent), then nothing more fits.
    const first = await applySorAction(db, 'sor:part-1', 't1', { type: 'issue_refund', params: { orderId: 'ORD-1003', amountUsd: 100.1, reason: 'a' } });
    const rest = Math.round((total - 100.1) * 100) / 100;
    const second = await applySorAction(db, 'sor:part-2', 't2', { type: 'issue_refund', params: { orderId: 'ORD-1003', amountUsd: rest, reason: 'b' } });
    expect([first.result?.appliedNow, second.result?.appliedNow]).toEqual([true, true]);
    const third = await applySorAction(db, 'sor:part-3', 't3', { type: 'issue_refund', params: { orderId: 'ORD-1003', amountUsd: 0.01, reason: 'c' } });
    expect(third.refused).toMatch(/exceeds/);
  });

  it('should refuse ticket actions on a missing or closed ticket', async () => {
    const missing = await applySorAction(db, 'sor:t-missing', 'tm', { type: 'escalate', params: { ticketId: 'TCK-9999', level: 'L2', reason: 'x' } });
    expect(missing.refused).toBe('ticket TCK-9999 does not exist');
    const closed = await applySorAction(db, 'sor:t-closed', 'tc', { type: 'send_reply', params: { ticketId: 'TCK-2011', message: 'hello' } });
    expect(closed.refused).toBe('ticket TCK-2011 is closed');
    expect(await db.select().from(sorTicketEvents).where(eq(sorTicketEvents.ticketId, 'TCK-2011')).all()).toHaveLength(0);
  });

  it('should end an approved task failed, with the reason and an audit event, when its commit violates an invariant', async () => {
    const id = await createTask('alice', 'Reply to TCK-2011 and tell the customer we are sorry for the delay.');
    await waitForStatus(id, ['awaiting_review']);
    expect((await decide('ravi', id, { decision: 'approve' })).status).toBe(200);
    const failed = await waitForStatus(id, ['failed']);
    expect(failed.error).toMatch(/TCK-2011 is closed/);
    expect(failed.timeline.map((e) => e.event)).toContain('task.commit-refused');
    expect(await db.select().from(actionCommits).where(eq(actionCommits.taskId, id)).all()).toHaveLength(0);
  });
});

describe('auto-commit', () => {
  it('should send closing a ticket to review whatever the model is sure of, and auto-commit only what the rules allow', async () => {
    const closing = await createTask('alice', 'Mark ticket TCK-2009 as closed.');
    expect(await waitForStatus(closing, ['awaiting_review'])).toMatchObject({ route: 'review' });
    expect((await db.select().from(sorTickets).where(eq(sorTickets.id, 'TCK-2009')).get())!.status).toBe('resolved');

    const routine = await createTask('alice', 'Change the priority of TCK-2012 to P2.');
    expect(await waitForStatus(routine, ['committed'])).toMatchObject({ route: 'auto' });
  });
});

describe('a request missing a detail', () => {
  it('should end needs_input with the question, proposing and committing nothing', async () => {
    const id = await createTask('alice', 'Please refund the customer on ORD-1005, the zipper broke.');
    const t = await waitForStatus(id, ['needs_input', 'awaiting_review', 'answered', 'failed']);
    expect(t.status).toBe('needs_input');
    expect(t.route).toBe('needs_input');
    expect(t.timeline.map((e) => e.event)).toContain('task.needs-input');
    expect(await db.select().from(actionCommits).where(eq(actionCommits.taskId, id)).all()).toHaveLength(0);
    const view = (await (await asUser('alice', `/api/tasks/${id}`)).json()) as { answer: string };
    expect(view.answer).toMatch(/how much/i);
  });
});

describe('review queue', () => {
  it('should sort by risk in SQL, so the limit never hides a high-risk item behind older low-risk ones', async () => {
    for (let i = 0; i < 4; i++) {
      await insertTask(db, { id: `q-low-${i}`, userId: 'alice', input: 'low' });
      await openReview(db, { taskId: `q-low-${i}`, action: 'update_ticket', risk: 'low', proposedParams: {} });
    }
    await insertTask(db, { id: 'q-high', userId: 'alice', input: 'high' });
    await openReview(db, { taskId: 'q-high', action: 'issue_refund', risk: 'high', proposedParams: {} });
    const rows = await listReviews(db, 'pending', 2);
    expect(rows[0]!.review.taskId).toBe('q-high');
  });
});

describe('a commit held by the kill switch', () => {
  let introspector: Awaited<ReturnType<typeof introspectWorkflow>> | undefined;
  afterEach(async () => {
    await introspector?.dispose();
    introspector = undefined;
    await setKillLevel(db, 'full');
  });

  it('should wait, without committing, until the switch is lowered, then commit once', async () => {
    const id = await createTask('alice', 'Issue a refund of $20.00 on ORD-1008, the strap broke.');
    await waitForStatus(id, ['awaiting_review']);
    const before = await refunded('ORD-1008');
    expect((await asUser('oscar', '/api/admin/kill-switch', jsonBody({ level: 'retrieval-only', reason: 'incident' }))).status).toBe(200);
    expect((await decide('rita', id, { decision: 'approve' })).status).toBe(200);
    const held = await waitForStatus(id, ['held']);
    expect(held.timeline.map((e) => e.event)).toContain('task.held');
    expect(await refunded('ORD-1008')).toBe(before);
    await new Promise((r) => setTimeout(r, 300));
    expect(await refunded('ORD-1008')).toBe(before);

    const lowered = await asUser('oscar', '/api/admin/kill-switch', jsonBody({ level: 'full', reason: 'resolved' }));
    expect(await lowered.json()).toMatchObject({ level: 'full', released: 1 });
    await waitForStatus(id, ['committed']);
    expect((await refunded('ORD-1008')) - before).toBeCloseTo(20, 2);
    expect(await db.select().from(sorRefunds).where(eq(sorRefunds.idempotencyKey, `task:${id}`)).all()).toHaveLength(1);
  });

  it('should expire after REVIEW_TIMEOUT if the switch stays up, never committing', async () => {
    introspector = await introspectWorkflow(env.PROPOSE_COMMIT_WORKFLOW);
    await introspector.modifyAll(async (m) => {
      await m.forceEventTimeout({ name: 'kill switch lowered commit 1' });
    });
    const id = await createTask('alice', 'Issue a refund of $15.00 on ORD-1010, late delivery.');
    await waitForStatus(id, ['awaiting_review']);
    await setKillLevel(db, 'read-only');
    // Decisions are writes, so read-only refuses them; the switch goes to retrieval-only for the decision.
    expect((await decide('rita', id, { decision: 'approve' })).status).toBe(503);
    await setKillLevel(db, 'retrieval-only');
    expect((await decide('rita', id, { decision: 'approve' })).status).toBe(200);
    const [instance] = await introspector.get();
    await instance!.waitForStatus('complete');
    const t = await waitForStatus(id, ['expired']);
    expect(t.error).toMatch(/held by the kill switch/);
    expect(await db.select().from(actionCommits).where(eq(actionCommits.taskId, id)).all()).toHaveLength(0);
    const audit = await db.select().from(auditLog).where(eq(auditLog.subjectId, id)).all();
    expect(audit.map((a) => a.event)).toEqual(expect.arrayContaining(['task.held', 'task.expired']));
  });
});
