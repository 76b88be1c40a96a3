/**
 * The demo system of record in D1. Each action applies in one D1 batch (a transaction) guarded by the
 * idempotency ledger: the ledger row is claimed first, and only while the record's own invariants hold
 * (the order exists and the refund fits what remains; the ticket exists and is not closed). Updates run only
 * while the ledger row is unapplied, and effect rows are keyed by the idempotency key, so a retried step or a
 * second approval never applies an action twice and a refused action writes nothing.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { TypedAction } from '../actions/registry';
import type { Db } from './client';
import { actionCommits, sorOrders, sorRefunds, sorTicketEvents, sorTickets } from './schema';

/** The actions the demo system of record understands: exactly the registry's, typed by its schemas. */
export type SorAction = TypedAction;

/** Refunds are compared in cents so that float sums such as 0.1 + 0.2 cannot refuse an exact refund. */
const CENT = 0.005;

/** The invariant, as SQL, that must hold for the action to be applied. */
function invariantOf(action: SorAction): SQL {
  if (action.type === 'issue_refund') {
    const p = action.params;
    return sql`exists (select 1 from ${sorOrders} where ${sorOrders.id} = ${p.orderId} and ${sorOrders.refundedUsd} + ${p.amountUsd} <= ${sorOrders.totalUsd} + ${CENT})`;
  }
  return sql`exists (select 1 from ${sorTickets} where ${sorTickets.id} = ${action.params.ticketId} and ${sorTickets.status} <> 'closed')`;
}

/** Why the system of record would refuse the action now, or null when it would accept it. */
export async function sorRefusal(db: Db, action: SorAction): Promise<string | null> {
  if (action.type === 'issue_refund') {
    const p = action.params;
    const order = await db.select().from(sorOrders).where(eq(sorOrders.id, p.orderId)).get();
    if (!order) return `order ${p.orderId} does not exist`;
    const remaining = Math.max(0, order.totalUsd - order.refundedUsd);
    if (p.amountUsd > remaining + CENT) {
      return `a refund of $${p.amountUsd.toFixed(2)} exceeds what remains refundable on ${p.orderId} ($${remaining.toFixed(2)} of $${order.totalUsd.toFixed(2)})`;
    }
    return null;
  }
  const ticket = await db.select().from(sorTickets).where(eq(sorTickets.id, action.params.ticketId)).get();
  if (!ticket) return `ticket ${action.params.ticketId} does not exist`;
  if (ticket.status === 'closed') return `ticket ${action.params.ticketId} is closed`;
  return null;
}

export interface SorCommitResult {
  idempotencyKey: string;
  /** False when this key had already been applied: the effect happened exactly once, earlier. */
  appliedNow: boolean;
  summary: string;
}

/** Inserts an effect row (its columns in table order, then created_at) only while the ledger row is unapplied. */
function effectRow(db: Db, table: typeof sorRefunds | typeof sorTicketEvents, values: SQL, unapplied: SQL) {
  return db.insert(table).select(sql`select ${values}, (unixepoch('subsec') * 1000) where ${unapplied}`).onConflictDoNothing();
}

function ticketEvent(db: Db, key: string, ticketId: string, kind: 'reply' | 'update' | 'escalation', body: Record<string, unknown>, unapplied: SQL) {
  return effectRow(db, sorTicketEvents, sql`${key}, ${ticketId}, ${kind}, ${JSON.stringify(body)}`, unapplied);
}

/** The effect statements of one action, each guarded so it applies only while the ledger row is unapplied. */
function effectsOf(db: Db, key: string, action: SorAction, unapplied: SQL): { statements: BatchItem<'sqlite'>[]; summary: string } {
  switch (action.type) {
    case 'issue_refund': {
      const p = action.params;
      return {
        statements: [
          db.update(sorOrders).set({ refundedUsd: sql`${sorOrders.refundedUsd} + ${p.amountUsd}` }).where(and(eq(sorOrders.id, p.orderId), unapplied)),
          effectRow(db, sorRefunds, sql`${key}, ${p.orderId}, ${p.amountUsd}, ${p.reason}`, unapplied),
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
          ticketEvent(db, key, p.ticketId, 'update', set, unapplied),
        ],
        summary: `Updated ${p.ticketId}: ${Object.entries(set).map(([k, v]) => `${k} ${v}`).join(', ')}`,
      };
    }
    case 'escalate': {
      const p = action.params;
      return {
        statements: [
          db.update(sorTickets).set({ escalationLevel: p.level }).where(and(eq(sorTickets.id, p.ticketId), unapplied)),
          ticketEvent(db, key, p.ticketId, 'escalation', p, unapplied),
        ],
        summary: `Escalated ${p.ticketId} to ${p.level}`,
      };
    }
    case 'send_reply': {
      const p = action.params;
      return {
        statements: [
          ticketEvent(db, key, p.ticketId, 'reply', p, unapplied),
          db.update(sorTickets).set({ status: 'pending' }).where(and(eq(sorTickets.id, p.ticketId), unapplied)),
        ],
        summary: `Replied on ${p.ticketId}`,
      };
    }
  }
}

/**
 * Applies the action once per key. `refused` says why when an invariant failed: then nothing was written,
 * not even the ledger row, so the same key may be tried again once the record allows it.
 */
export async function applySorAction(
  db: Db,
  key: string,
  taskId: string,
  action: SorAction,
): Promise<{ result: SorCommitResult; refused: null } | { result: null; refused: string }> {
  const unapplied = sql`exists (select 1 from ${actionCommits} where ${actionCommits.idempotencyKey} = ${key} and ${actionCommits.applied} = 0)`;
  const { statements, summary } = effectsOf(db, key, action, unapplied);
  // The ledger row is claimed only while the invariant holds, inside the same transaction as the effects.
  const claim = db
    .insert(actionCommits)
    .select(sql`select ${key}, ${taskId}, ${action.type}, 0, null, (unixepoch('subsec') * 1000) where ${invariantOf(action)}`)
    .onConflictDoNothing();
  const results = await db.batch([
    claim,
    ...statements,
    db
      .update(actionCommits)
      .set({ applied: true, result: { action: action.type, params: action.params } })
      .where(and(eq(actionCommits.idempotencyKey, key), eq(actionCommits.applied, false)))
      .returning({ key: actionCommits.idempotencyKey }),
  ]);
  // The ledger flips to applied in this batch only if no earlier commit had flipped it.
  const finished = results.at(-1) as { key: string }[];
  if (finished.length === 1) return { result: { idempotencyKey: key, appliedNow: true, summary }, refused: null };
  const ledger = await db.select({ applied: actionCommits.applied }).from(actionCommits).where(eq(actionCommits.idempotencyKey, key)).get();
  if (ledger?.applied) return { result: { idempotencyKey: key, appliedNow: false, summary }, refused: null };
  return { result: null, refused: (await sorRefusal(db, action)) ?? 'the system of record changed while the action was applied; try again' };
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
