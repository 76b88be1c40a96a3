/** Read-only facts from the demo system of record that a reviewer needs: an order with its refunds, a ticket with its history. */
import { asc, eq } from 'drizzle-orm';
import type { Db } from './client';
import { sorOrders, sorRefunds, sorTicketEvents, sorTickets } from './schema';

export interface OrderFacts {
  id: string;
  placedAt: string;
  status: string;
  items: string[];
  totalUsd: number;
  refundedUsd: number;
  remainingUsd: number;
  refunds: { amountUsd: number; reason: string; at: Date }[];
}

export interface TicketFacts {
  id: string;
  subject: string;
  status: string;
  priority: string;
  escalationLevel: string | null;
  orderId: string | null;
  events: { kind: string; body: Record<string, unknown>; at: Date }[];
}

const cents = (x: number) => Math.round(x * 100) / 100;

/** The order without the customer's name and email: a reviewer decides on amounts and dates, not on who. */
export async function orderFacts(db: Db, id: string): Promise<OrderFacts | null> {
  const order = await db.select().from(sorOrders).where(eq(sorOrders.id, id)).get();
  if (!order) return null;
  const refunds = await db.select().from(sorRefunds).where(eq(sorRefunds.orderId, id)).orderBy(asc(sorRefunds.createdAt)).all();
  return {
    id: order.id,
    placedAt: order.placedAt,
    status: order.status,
    items: order.items,
    totalUsd: order.totalUsd,
    refundedUsd: cents(order.refundedUsd),
    remainingUsd: cents(Math.max(0, order.totalUsd - order.refundedUsd)),
    refunds: refunds.map((r) => ({ amountUsd: r.amountUsd, reason: r.reason, at: r.createdAt })),
  };
}

export async function ticketFacts(db: Db, id: string): Promise<TicketFacts | null> {
  const ticket = await db.select().from(sorTickets).where(eq(sorTickets.id, id)).get();
  if (!ticket) return null;
  const events = await db.select().from(sorTicketEvents).where(eq(sorTicketEvents.ticketId, id)).orderBy(asc(sorTicketEvents.createdAt)).all();
  return {
    id: ticket.id,
    subject: ticket.subject,
    status: ticket.status,
    priority: ticket.priority,
    escalationLevel: ticket.escalationLevel,
    orderId: ticket.orderId,
    events: events.map((e) => ({ kind: e.kind, body: e.body, at: e.createdAt })),
  };
}
