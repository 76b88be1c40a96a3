/**
 * The demo system of record in D1. Each action applies in one D1 batch (a transaction) guarded by the
 * idempotency ledger: the ledger row is claimed first, updates run only while it is unapplied, and effect
 * rows are keyed by the idempotency key, so a retried step or a second approval never applies an action twice.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from './client';
import { actionCommits, sorOrders, sorRefunds, sorTicketEvents, sorTickets } from './schema';

export type SorAction =
  | { type: 'send_reply'; params: { ticketId: string; message: string } }
  | { type: 'update_ticket'; params: { ticketId: string; status?: string; priority?: string } }
  | { type: 'issue_refund'; params: { orderId: string; amountUsd: number; reason: string } }
  | { type: 'escalate'; params: { ticketId: string; level: string; reason: string } };

export interface SorCommitResult {
  idempotencyKey: string;
  /** False when this key had already been applied: the effect happened exactly once, earlier. */
  appliedNow: boolean;
  summary: string;
}

/** The effect statements of one action, each guarded so it applies only while the ledger row is unapplied. */
function effectsOf(db: Db, key: string, action: SorAction, unapplied: SQL): { statements: BatchItem<'sqlite'>[]; summary: string } {
  switch (action.type) {
    case 'issue_refund': {
      const p = action.params;
      return {
        statements: [
          db.update(sorOrders).set({ refundedUsd: sql`${sorOrders.refundedUsd} + ${p.amountUsd}` }).where(and(eq(sorOrders.id, p.orderId), unapplied)),
          db.insert(sorRefunds).values({ idempotencyKey: key, orderId: p.orderId, amountUsd: p.amountUsd, reason: p.reason }).onConflictDoNothing(),
        ],
        summary: `Refunded $${p.amountUsd.toFixed(2)} on ${p.orderId}`,
      };
    }
    case 'update_ticket': {
      const p = action.params;
      const set = { ...(p.status ? { status: p.status } : {}), ...(p.priority ? { priority: p.priority } : {}) };
      return {
        statements: [
          db.update(sorTickets).set(set).where(and(eq(sorTickets.id, p.ticketId), unapplied)),
          db.insert(sorTicketEvents).values({ idempotencyKey: key, ticketId: p.ticketId, kind: 'update', body: set }).onConflictDoNothing(),
        ],
        summary: `Updated ${p.ticketId}: ${Object.entries(set).map(([k, v]) => `${k} ${v}`).join(', ')}`,
      };
    }
    case 'escalate': {
      const p = action.params;
      return {
        statements: [
          db.update(sorTickets).set({ escalationLevel: p.level }).where(and(eq(sorTickets.id, p.ticketId), unapplied)),
          db.insert(sorTicketEvents).values({ idempotencyKey: key, ticketId: p.ticketId, kind: 'escalation', body: p }).onConflictDoNothing(),
        ],
        summary: `Escalated ${p.ticketId} to ${p.level}`,
      };
    }
    case 'send_reply': {
      const p = action.params;
      return {
        statements: [
          db.insert(sorTicketEvents).values({ idempotencyKey: key, ticketId: p.ticketId, kind: 'reply', body: p }).onConflictDoNothing(),
          db.update(sorTickets).set({ status: 'pending' }).where(and(eq(sorTickets.id, p.ticketId), unapplied)),
        ],
        summary: `Replied on ${p.ticketId}`,
      };
    }
  }
}

export async function applySorAction(db: Db, key: string, taskId: string, action: SorAction): Promise<SorCommitResult> {
  const unapplied = sql`exists (select 1 from ${actionCommits} where ${actionCommits.idempotencyKey} = ${key} and ${actionCommits.applied} = 0)`;
  const { statements, summary } = effectsOf(db, key, action, unapplied);
  const results = await db.batch([
    db.insert(actionCommits).values({ idempotencyKey: key, taskId, action: action.type }).onConflictDoNothing(),
    ...statements,
    db
      .update(actionCommits)
      .set({ applied: true, result: { action: action.type, params: action.params } })
      .where(and(eq(actionCommits.idempotencyKey, key), eq(actionCommits.applied, false)))
      .returning({ key: actionCommits.idempotencyKey }),
  ]);
  // The ledger flips to applied in this batch only if no earlier commit had flipped it.
  const finished = results.at(-1) as { key: string }[];
  return { idempotencyKey: key, appliedNow: finished.length === 1, summary };
}

/** Loads the demo orders and tickets (local mode and tests); existing rows are left alone. */
export async function seedSystemOfRecord(
  db: Db,
  data: { orders: (typeof sorOrders.$inferInsert)[]; tickets: (typeof sorTickets.$inferInsert)[] },
): Promise<void> {
  const statements = [
    ...data.orders.map((o) => db.insert(sorOrders).values(o).onConflictDoNothing()),
    ...data.tickets.map((t) => db.insert(sorTickets).values(t).onConflictDoNothing()),
  ];
  if (statements.length > 0) await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
}
