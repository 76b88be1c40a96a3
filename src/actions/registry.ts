/**
 * The action registry: each action's schema, risk, who may approve it, which params a reviewer may not
 * change (the target) or raise (amounts), and the deterministic rule for committing without review.
 */
import type { z } from 'zod';
import type { Identity } from '../auth/identity';
import { can, type Role } from '../auth/policy';
import { escalateParams, issueRefundParams, sendReplyParams, updateTicketParams } from './action-types';

export type Risk = 'low' | 'medium' | 'high';
export const RISK_ORDER: Readonly<Record<Risk, number>> = { high: 0, medium: 1, low: 2 };

export interface ActionDefinition<P extends Record<string, unknown> = Record<string, unknown>> {
  type: string;
  description: string;
  params: z.ZodType<P>;
  risk: Risk;
  /** The role, and optionally the group, a reviewer needs to decide this action. */
  approver: { role: Role; group?: string };
  /** Params that name what the action acts on; a reviewer's edit may not change them (reject and re-propose). */
  target: readonly (keyof P & string)[];
  /** Numeric params a reviewer may lower but never raise above the proposal. */
  ceilings: readonly (keyof P & string)[];
  /**
   * Server rule for committing without review (the system of record must also accept the params), or null
   * for never. The model's confidence must reach `autoCommitAt` as well, but is never enough on its own.
   */
  autoCommit: ((params: P) => boolean) | null;
  autoCommitAt: number;
}

function defineAction<P extends Record<string, unknown>>(definition: ActionDefinition<P>): ActionDefinition<P> {
  return definition;
}

export const ACTIONS = {
  send_reply: defineAction({
    type: 'send_reply',
    description: 'Send a reply to the customer on a support ticket.',
    params: sendReplyParams,
    risk: 'medium',
    approver: { role: 'reviewer' },
    target: ['ticketId'],
    ceilings: [],
    autoCommit: null,
    autoCommitAt: 1,
  }),
  update_ticket: defineAction({
    type: 'update_ticket',
    description: "Change a ticket's status or priority.",
    params: updateTicketParams,
    risk: 'low',
    approver: { role: 'reviewer' },
    target: ['ticketId'],
    ceilings: [],
    // Re-prioritising or parking a ticket is routine; closing or resolving it is a decision a person makes.
    autoCommit: (p) => p.status !== 'closed' && p.status !== 'resolved',
    autoCommitAt: 0.8,
  }),
  issue_refund: defineAction({
    type: 'issue_refund',
    description: 'Refund money to the customer on an order.',
    params: issueRefundParams,
    risk: 'high',
    approver: { role: 'reviewer', group: 'finance' },
    target: ['orderId'],
    ceilings: ['amountUsd'],
    autoCommit: null,
    autoCommitAt: 1,
  }),
  escalate: defineAction({
    type: 'escalate',
    description: 'Escalate a ticket to L2 or L3.',
    params: escalateParams,
    risk: 'low',
    approver: { role: 'reviewer' },
    target: ['ticketId'],
    ceilings: [],
    // Escalating only adds attention (and safety reports must not wait), as long as the ticket is open.
    autoCommit: () => true,
    autoCommitAt: 0.8,
  }),
};

export type ActionType = keyof typeof ACTIONS;
/** A validated action, typed by its registry schema: what connectors and the system of record receive. */
export type TypedAction = { [K in ActionType]: { type: K; params: z.infer<(typeof ACTIONS)[K]['params']> } }[ActionType];

export function actionDefinition(type: string): ActionDefinition | undefined {
  return Object.hasOwn(ACTIONS, type) ? (ACTIONS[type as ActionType] as unknown as ActionDefinition) : undefined;
}

/** Validates params against the action's schema and returns the typed action, or the schema's issues. */
export function parseAction(type: string, params: unknown): { ok: true; action: TypedAction } | { ok: false; issues: z.core.$ZodIssue[] | null } {
  const definition = actionDefinition(type);
  if (!definition) return { ok: false, issues: null };
  const parsed = definition.params.safeParse(params);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues };
  return { ok: true, action: { type, params: parsed.data } as TypedAction };
}

/** May this person decide reviews of this action? (Maker-checker is checked separately, per task.) */
export function canApprove(decider: Identity, action: ActionDefinition): boolean {
  if (!can(decider.role, 'reviews:decide') || decider.role !== action.approver.role) return false;
  return !action.approver.group || decider.groups.includes(action.approver.group) || decider.groups.includes('*');
}

/** Why a reviewer's edit goes beyond what approving may do; empty when it stays within bounds. */
export function editViolations(definition: ActionDefinition, proposed: Record<string, unknown>, edited: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const field of definition.target) {
    if (JSON.stringify(proposed[field]) !== JSON.stringify(edited[field])) {
      problems.push(`${field} is what the action acts on and cannot be changed by an edit; reject and ask for a new request`);
    }
  }
  for (const field of definition.ceilings) {
    const before = proposed[field];
    const after = edited[field];
    if (typeof before === 'number' && typeof after === 'number' && after > before) {
      problems.push(`${field} may be lowered but not raised above the proposed ${before}; reject and ask for a new request`);
    }
  }
  return problems;
}

/** The server's own rule for skipping review (the system of record's check and the confidence come on top). */
export function mayAutoCommit(action: TypedAction, confidence: number): boolean {
  const definition = ACTIONS[action.type] as unknown as ActionDefinition;
  return definition.autoCommit !== null && definition.autoCommit(action.params) && confidence >= definition.autoCommitAt;
}
