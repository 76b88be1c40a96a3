import { introspectWorkflow } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../src/db/client';
import { actionCommits, sorOrders, sorRefunds, sorTicketEvents, sorTickets } from '../../src/db/schema';
import { asUser, ingest, jsonBody } from './helpers';

const db = getDb(env.DB);

interface TaskView {
  id: string;
  status: string;
  route: string | null;
  answer: string | null;
  proposal: { action: string | null; params: Record<string, unknown> | null; confidence: number; risk: string | null } | null;
  review: { status: string; diff: { field: string; from: unknown; to: unknown }[] | null; decidedBy: string | null } | null;
  result: { summary: string } | null;
  timeline: { event: string; actor: string | null }[];
}

async function createTask(user: string, input: string): Promise<string> {
  const res = await asUser(user, '/api/tasks', jsonBody({ input }));
  expect(res.status).toBe(202);
  return ((await res.json()) as { id: string }).id;
}

async function task(id: string, user = 'oscar'): Promise<TaskView> {
  return (await (await asUser(user, `/api/tasks/${id}`)).json()) as TaskView;
}

async function waitForStatus(id: string, statuses: string[], timeoutMs = 20_000): Promise<TaskView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const t = await task(id);
    if (statuses.includes(t.status)) return t;
    if (Date.now() > deadline) throw new Error(`task ${id} is ${t.status}, expected ${statuses.join('|')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function decide(user: string, id: string, body: Record<string, unknown>) {
  return asUser(user, `/api/reviews/${id}/decision`, jsonBody(body));
}

describe('propose/commit tasks', () => {
  beforeAll(async () => {
    await ingest('tickets.md', '# Ticket handling\n\nFirst replies to P2 tickets are due within 4 business hours.', { groups: 'support' });
  });

  it('should answer a plain question without proposing an action', async () => {
    const id = await createTask('alice', 'When are first replies to P2 tickets due?');
    const t = await waitForStatus(id, ['answered']);
    expect(t.route).toBe('answered');
    expect(t.answer).toContain('4 business hours');
    expect(t.proposal?.action).toBeNull();
  });

  it('should auto-commit a low-risk action the policy allows', async () => {
    const id = await createTask('alice', 'Change the priority of TCK-2006 to P2.');
    const t = await waitForStatus(id, ['committed']);
    expect(t.route).toBe('auto');
    const ticket = await db.select().from(sorTickets).where(eq(sorTickets.id, 'TCK-2006')).get();
    expect(ticket?.priority).toBe('P2');
    expect(t.timeline.map((e) => e.event)).toEqual(['task.created', 'task.proposed', 'task.routed', 'task.committed']);
  });

  it('should hold a refund for review, refuse the requester and the wrong approver, then commit once on approval', async () => {
    const id = await createTask('alice', 'Issue a refund of $89.90 on ORD-1004, the rack did not fit.');
    const waiting = await waitForStatus(id, ['awaiting_review']);
    expect(waiting.proposal).toMatchObject({ action: 'issue_refund', params: { orderId: 'ORD-1004', amountUsd: 89.9 }, risk: 'high' });

    const queue = (await (await asUser('rita', '/api/reviews?status=pending')).json()) as { reviews: { taskId: string; canDecide: boolean }[] };
    expect(queue.reviews.find((r) => r.taskId === id)?.canDecide).toBe(true);

    expect((await decide('alice', id, { decision: 'approve' })).status).toBe(403);
    const ravi = await decide('ravi', id, { decision: 'approve' });
    expect(ravi.status).toBe(403);
    expect(await ravi.json()).toMatchObject({ error: { message: expect.stringMatching(/finance/) } });

    const before = (await db.select().from(sorOrders).where(eq(sorOrders.id, 'ORD-1004')).get())!.refundedUsd;
    const ok = await decide('rita', id, { decision: 'approve', comment: 'checked' });
    expect(ok.status).toBe(200);
    expect((await decide('rita', id, { decision: 'approve' })).status).toBe(409);
    const done = await waitForStatus(id, ['committed']);
    expect(done.review).toMatchObject({ status: 'approved', decidedBy: 'rita' });
    const after = (await db.select().from(sorOrders).where(eq(sorOrders.id, 'ORD-1004')).get())!.refundedUsd;
    expect(after - before).toBeCloseTo(89.9, 2);
    expect(await db.select().from(sorRefunds).where(eq(sorRefunds.idempotencyKey, `task:${id}`)).all()).toHaveLength(1);
    expect(done.timeline.map((e) => e.event)).toContain('review.approved');
  });

  it('should commit edited params, keep the diff and validate edits against the schema', async () => {
    const id = await createTask('alice', 'Please refund $54.95 to the customer on order ORD-1006; the light arrived cracked.');
    await waitForStatus(id, ['awaiting_review']);
    const bad = await decide('rita', id, { decision: 'approve', params: { orderId: 'ORD-1006', amountUsd: -5, reason: 'x' } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_request', details: expect.anything() } });
    const res = await decide('rita', id, { decision: 'approve', params: { orderId: 'ORD-1006', amountUsd: 40, reason: 'partial: light works' } });
    expect(await res.json()).toMatchObject({ diff: [{ field: 'amountUsd', from: 54.95, to: 40 }, { field: 'reason' }] });
    const done = await waitForStatus(id, ['committed']);
    expect(done.review?.diff?.[0]).toMatchObject({ field: 'amountUsd', from: 54.95, to: 40 });
    const refund = await db.select().from(sorRefunds).where(eq(sorRefunds.idempotencyKey, `task:${id}`)).get();
    expect(refund?.amountUsd).toBe(40);
  });

  it('should end rejected without touching the system of record', async () => {
    const id = await createTask('alice', 'Reply to TCK-2003 and tell the customer that tracking can take up to 24 hours.');
    const waiting = await waitForStatus(id, ['awaiting_review']);
    expect(waiting.proposal?.action).toBe('send_reply');
    expect((await decide('ravi', id, { decision: 'reject', comment: 'wrong tone' })).status).toBe(200);
    await waitForStatus(id, ['rejected']);
    expect(await db.select().from(actionCommits).where(eq(actionCommits.taskId, id)).all()).toHaveLength(0);
  });

  describe('with Workflow introspection', () => {
    let introspector: Awaited<ReturnType<typeof introspectWorkflow>> | undefined;
    afterEach(async () => {
      await introspector?.dispose();
      introspector = undefined;
    });

    it('should expire and escalate when no one decides before the timeout', async () => {
      introspector = await introspectWorkflow(env.PROPOSE_COMMIT_WORKFLOW);
      await introspector.modifyAll(async (m) => {
        await m.disableSleeps();
        await m.forceEventTimeout({ name: 'review decision' });
      });
      const id = await createTask('alice', 'Give the customer on ORD-1007 a $40.00 partial refund for a scuff.');
      const [instance] = await introspector.get();
      await instance!.waitForStatus('complete');
      const t = await task(id);
      expect(t.status).toBe('expired');
      expect(t.review?.status).toBe('expired');
      expect(t.timeline.map((e) => e.event)).toEqual(expect.arrayContaining(['task.expired', 'task.escalated']));
      expect((await decide('rita', id, { decision: 'approve' })).status).toBe(409);
    });
  });

  describe('when D1 fails inside a step', () => {
    it('should retry the step and leave no duplicate rows', async () => {
      await using introspector = await introspectWorkflow(env.PROPOSE_COMMIT_WORKFLOW);
      await introspector.modifyAll(async (m) => {
        await m.mockStepError({ name: 'propose' }, new Error('D1_ERROR: database is locked'), 1);
        await m.mockStepError({ name: 'commit' }, new Error('D1_ERROR: network connection lost'), 1);
      });
      const id = await createTask('alice', 'Change the priority of TCK-2010 to P1.');
      const [instance] = await introspector.get();
      await instance!.waitForStatus('complete');
      const t = await task(id);
      expect(t.status).toBe('committed');
      const events = t.timeline.map((e) => e.event);
      expect(events.filter((e) => e === 'task.proposed')).toHaveLength(1);
      expect(events.filter((e) => e === 'task.committed')).toHaveLength(1);
      expect(await db.select().from(sorTicketEvents).where(eq(sorTicketEvents.idempotencyKey, `task:${id}`)).all()).toHaveLength(1);
    });
  });

  it('should commit exactly once even if the commit step runs twice', async () => {
    const { applySorAction } = await import('../../src/db/system-of-record');
    const before = (await db.select().from(sorOrders).where(eq(sorOrders.id, 'ORD-1009')).get())!.refundedUsd;
    const action = { type: 'issue_refund' as const, params: { orderId: 'ORD-1009', amountUsd: 10, reason: 'replay test' } };
    const first = await applySorAction(db, 'task:replay', 'replay', action);
    const second = await applySorAction(db, 'task:replay', 'replay', action);
    expect([first.result?.appliedNow, second.result?.appliedNow]).toEqual([true, false]);
    const after = (await db.select().from(sorOrders).where(eq(sorOrders.id, 'ORD-1009')).get())!.refundedUsd;
    expect(after - before).toBeCloseTo(10, 2);
  });
});
