import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../src/db/client';
import { sorOrders } from '../../src/db/schema';
import { applySorAction } from '../../src/db/system-of-record';
import { asUser, ingest, jsonBody } from './helpers';

const db = getDb(env.DB);

interface Evidence {
  order: { id: string; totalUsd: number; refundedUsd: number; remainingUsd: number; placedAt: string; status: string; refunds: { amountUsd: number; reason: string }[] } | null;
  ticket: { id: string; status: string; priority: string; events: { kind: string; body: Record<string, unknown> }[] } | null;
  policies: { documentId: string; title: string; snippet: string }[];
  diff: { field: string; from: unknown; to: unknown }[];
}

async function taskAwaitingReview(user: string, input: string): Promise<string> {
  const res = await asUser(user, '/api/tasks', jsonBody({ input }));
  const { id } = (await res.json()) as { id: string };
  for (let i = 0; i < 400; i++) {
    const t = (await (await asUser('oscar', `/api/tasks/${id}`)).json()) as { status: string };
    if (t.status === 'awaiting_review') return id;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`task ${id} never reached awaiting_review`);
}

const evidenceOf = async (user: string, id: string) => (await (await asUser(user, `/api/reviews/${id}`)).json()) as { evidence: Evidence | null; withheld: string | null; diff: unknown[] };

describe('review evidence', () => {
  let financeDoc = '';

  beforeAll(async () => {
    await ingest('refund-policy.md', '# Refund policy\n\nRefunds are issued to the original payment method. A refund may not exceed the order total minus earlier refunds.', { groups: 'support' });
    await ingest('replies.md', '# Customer communication\n\nEvery reply to a customer names the ticket and the next step, in plain words.', { groups: 'support' });
    financeDoc = (await ingest('refund-limits.md', '# Refund approval limits\n\nRefunds above 500 dollars need the finance controller; the refund limit for team leads is 500 dollars.', { groups: 'finance' })).id;
  });

  it('should show a refund reviewer the order total, date, status, earlier refunds, what remains and the refund policy', async () => {
    await applySorAction(db, 'evidence-earlier-refund', 'task_earlier', { type: 'issue_refund', params: { orderId: 'ORD-1003', amountUsd: 20, reason: 'late delivery credit' } });
    const order = (await db.select().from(sorOrders).where(eq(sorOrders.id, 'ORD-1003')).get())!;
    const id = await taskAwaitingReview('alice', 'Issue a refund of $15.00 on ORD-1003, a strap is torn.');

    const body = await evidenceOf('rita', id);
    expect(body.withheld).toBeNull();
    expect(body.evidence!.order).toMatchObject({
      id: 'ORD-1003',
      totalUsd: order.totalUsd,
      placedAt: order.placedAt,
      status: order.status,
      refundedUsd: 20,
      remainingUsd: Math.round((order.totalUsd - 20) * 100) / 100,
      refunds: [{ amountUsd: 20, reason: 'late delivery credit' }],
    });
    expect(JSON.stringify(body.evidence)).not.toContain(order.customerEmail);
    expect(body.evidence!.policies.map((p) => p.title)).toContain('Refund policy');
    expect(body.evidence!.policies.map((p) => p.documentId)).toContain(financeDoc);

    const html = await (await asUser('rita', `/reviews/${id}`)).text();
    expect(html).toContain('id="order-evidence"');
    expect(html).toContain(`$${order.totalUsd.toFixed(2)}`);
    expect(html).toContain('late delivery credit');
    expect(html).toContain('id="policy-passages"');
  });

  it("should keep policy passages within the reviewer's groups", async () => {
    const id = await taskAwaitingReview('alice', 'Issue a refund of $12.00 on ORD-1005, the box arrived crushed.');
    expect((await evidenceOf('rita', id)).evidence!.policies.map((p) => p.documentId)).toContain(financeDoc);
    const ravi = await evidenceOf('ravi', id);
    expect(ravi.withheld).toBeNull();
    expect(ravi.evidence!.policies.map((p) => p.documentId)).not.toContain(financeDoc);
    expect(JSON.stringify(ravi)).not.toContain('finance controller');
    expect((await (await asUser('ravi', `/reviews/${id}`)).text())).not.toContain('finance controller');
  });

  it("should show a ticket's status, priority and history, and after an edit the diff against the proposal", async () => {
    await applySorAction(db, 'evidence-earlier-escalation', 'task_earlier_2', { type: 'escalate', params: { ticketId: 'TCK-2006', level: 'L2', reason: 'customer waited a week' } });
    const id = await taskAwaitingReview('alice', 'Reply on TCK-2006: we are sorry for the wait and a replacement ships tomorrow.');
    const before = await evidenceOf('rita', id);
    expect(before.evidence!.ticket).toMatchObject({ id: 'TCK-2006', events: [{ kind: 'escalation', body: { level: 'L2', reason: 'customer waited a week' } }] });
    expect(before.evidence!.diff).toEqual([]);

    const proposed = ((await (await asUser('rita', `/api/reviews/${id}`)).json()) as { proposedParams: Record<string, unknown> }).proposedParams;
    const edited = { ...proposed, message: 'We are sorry for the wait; a replacement ships tomorrow by express.' };
    expect((await asUser('rita', `/api/reviews/${id}/decision`, jsonBody({ decision: 'approve', params: edited }))).status).toBe(200);
    const after = await evidenceOf('rita', id);
    expect(after.evidence!.diff).toEqual([{ field: 'message', from: proposed.message, to: edited.message }]);
    expect(await (await asUser('rita', `/reviews/${id}`)).text()).toContain('id="decided-diff"');
  });
});
