/** The action registry: each action's schema, risk, who may approve it and whether it may ever auto-commit. */
import type { z } from 'zod';
import type { Identity } from '../auth/identity';
import { can, type Role } from '../auth/policy';
import { escalateParams, issueRefundParams, sendReplyParams, updateTicketParams } from './action-types';

export type Risk = 'low' | 'medium' | 'high';
export const RISK_ORDER: Readonly<Record<Risk, number>> = { high: 0, medium: 1, low: 2 };

export interface ActionDefinition {
  type: string;
  description: string;
  params: z.ZodType<Record<string, unknown>>;
  risk: Risk;
  /** The role, and optionally the group, a reviewer needs to decide this action. */
  approver: { role: Role; group?: string };
  /** Auto-commit without review when the model's confidence reaches this; null means never. */
  autoCommitAt: number | null;
}

export const ACTIONS = {
  send_reply: {
    type: 'send_reply',
    description: 'Send a reply to the customer on a support ticket.',
    params: sendReplyParams,
    risk: 'medium',
    approver: { role: 'reviewer' },
    autoCommitAt: null,
  },
  update_ticket: {
    type: 'update_ticket',
    description: "Change a ticket's status or priority.",
    params: updateTicketParams,
    risk: 'low',
    approver: { role: 'reviewer' },
    autoCommitAt: 0.8,
  },
  issue_refund: {
    type: 'issue_refund',
    description: 'Refund money to the customer on an order.',
    params: issueRefundParams,
    risk: 'high',
    approver: { role: 'reviewer', group: 'finance' },
    autoCommitAt: null,
  },
  escalate: {
    type: 'escalate',
    description: 'Escalate a ticket to L2 or L3.',
    params: escalateParams,
    risk: 'low',
    approver: { role: 'reviewer' },
    autoCommitAt: 0.8,
  },
} as const satisfies Record<string, ActionDefinition>;


export function actionDefinition(type: string): ActionDefinition | undefined {
  return (ACTIONS as Record<string, ActionDefinition>)[type];
}

/** May this person decide reviews of this action? (Maker-checker is checked separately, per task.) */
export function canApprove(decider: Identity, action: ActionDefinition): boolean {
  if (!can(decider.role, 'reviews:decide') || decider.role !== action.approver.role) return false;
  return !action.approver.group || decider.groups.includes(action.approver.group) || decider.groups.includes('*');
}
