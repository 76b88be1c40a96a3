/** Parameter schemas of the demo action types; every proposal and every reviewer edit is validated here. */
import { z } from 'zod';

const ticketId = z.string().regex(/^TCK-\d{4,}$/, 'a ticket id like TCK-2001');
const orderId = z.string().regex(/^ORD-\d{4,}$/, 'an order id like ORD-1001');

export const sendReplyParams = z.object({
  ticketId,
  message: z.string().trim().min(1, 'write the reply').max(4000),
});

export const updateTicketParams = z
  .object({
    ticketId,
    status: z.enum(['open', 'pending', 'resolved', 'closed']).optional(),
    priority: z.enum(['P1', 'P2', 'P3', 'P4']).optional(),
  })
  .refine((p) => p.status !== undefined || p.priority !== undefined, 'change the status or the priority');

export const issueRefundParams = z.object({
  orderId,
  amountUsd: z.number().positive('the amount must be positive').max(100_000).multipleOf(0.01, 'whole cents only'),
  reason: z.string().trim().min(3, 'give a reason').max(500),
});

export const escalateParams = z.object({
  ticketId,
  level: z.enum(['L2', 'L3']),
  reason: z.string().trim().min(3, 'give a reason').max(500),
});

export type SendReplyParams = z.infer<typeof sendReplyParams>;
export type UpdateTicketParams = z.infer<typeof updateTicketParams>;
export type IssueRefundParams = z.infer<typeof issueRefundParams>;
export type EscalateParams = z.infer<typeof escalateParams>;
