/**
 * The embedded local proposal model: finds the action a request asks for (refund, reply, escalate,
 * update a ticket) in the many ways people ask for it, fills its parameters from ids, amounts, levels,
 * statuses and priorities, and validates them against the action's own schema. When the request clearly
 * asks for an action but leaves a parameter out or ambiguous, it says which one and asks for it instead
 * of proposing nothing. Any other request is answered extractively.
 */
import type { z } from 'zod';
import { escalateParams, issueRefundParams, sendReplyParams, updateTicketParams } from '../../actions/action-types';
import { readPrompt } from '../../rag/prompt-format';
import { SLOT_FILLERS, type Slots } from './action-slots';
import { generateExtractiveAnswer } from './extractive-generator';
import { findIds } from './request-entities';
import { findIntents, type ActionType } from './request-intent';

export interface NeedsInput {
  action: ActionType;
  missing: string[];
  question: string;
  /** What the request did give, so the answer to the question can complete it. */
  params: Record<string, unknown>;
}

export type ParsedRequest =
  | { kind: 'action'; action: { type: ActionType; params: Record<string, unknown> }; confidence: number }
  | { kind: 'needs_input'; needsInput: NeedsInput; confidence: number };

const SCHEMAS: Readonly<Record<ActionType, z.ZodType>> = {
  issue_refund: issueRefundParams,
  send_reply: sendReplyParams,
  escalate: escalateParams,
  update_ticket: updateTicketParams,
};

/** What to ask when a value the request gave is out of bounds for the action's schema. */
const ASK_AGAIN: Readonly<Record<string, string>> = {
  amountUsd: 'how much should be refunded, in US dollars?',
  orderId: 'which order is it, like ORD-1001?',
  ticketId: 'which ticket is it, like TCK-2001?',
  message: 'what should the reply say?',
  reason: 'why is it needed?',
};

/** Explicit wording is sure enough to auto-commit the low-risk actions; inferred values go to a reviewer. */
const EXPLICIT_CONFIDENCE = 0.9;
const INFERRED_CONFIDENCE = 0.7;

function toResult(action: ActionType, slots: Slots): ParsedRequest {
  const confidence = slots.inferred ? INFERRED_CONFIDENCE : EXPLICIT_CONFIDENCE;
  const missing = [...slots.missing];
  if (!missing.length) {
    const checked = SCHEMAS[action].safeParse(slots.params);
    if (checked.success) return { kind: 'action', action: { type: action, params: checked.data as Record<string, unknown> }, confidence };
    for (const issue of checked.error.issues) {
      const param = String(issue.path[0] ?? 'params');
      missing.push({ param, question: `The ${param} does not fit (${issue.message}): ${ASK_AGAIN[param] ?? 'what should it be?'}` });
    }
  }
  const params = Object.fromEntries(Object.entries(slots.params).filter(([k]) => !missing.some((m) => m.param === k)));
  const question = [...new Set(missing.map((m) => m.question))].join(' ');
  return { kind: 'needs_input', needsInput: { action, missing: [...new Set(missing.map((m) => m.param))], question, params }, confidence };
}

/**
 * Reads a request: the first action it asks for that can be filled completely, else the first one it asks
 * for with what is missing, else null (no action asked for).
 * @example parseRequest('wants their money back, 18.50 dollars, ord 1002') // → issue_refund ORD-1002 18.5
 */
export function parseRequest(request: string): ParsedRequest | null {
  const ids = findIds(request);
  let firstIncomplete: ParsedRequest | null = null;
  const tried = new Set<ActionType>();
  for (const intent of findIntents(ids.masked)) {
    if (tried.has(intent.action)) continue;
    const slots = SLOT_FILLERS[intent.action]({ request, ids, intent });
    if (!slots) continue;
    tried.add(intent.action);
    const result = toResult(intent.action, slots);
    if (result.kind === 'action') return result;
    firstIncomplete ??= result;
  }
  return firstIncomplete;
}

export function generateProposal(prompt: string) {
  const { question } = readPrompt(prompt);
  const parsed = parseRequest(question);
  if (parsed?.kind === 'action') {
    const rationale = `The request asks for ${parsed.action.type}${parsed.confidence < EXPLICIT_CONFIDENCE ? '; some values were inferred from its wording' : ' and names every required parameter explicitly'}.`;
    return { answer: '', citations: [], action: parsed.action, needsInput: null, confidence: parsed.confidence, rationale };
  }
  if (parsed?.kind === 'needs_input') {
    const { action, missing } = parsed.needsInput;
    return { answer: '', citations: [], action: null, needsInput: parsed.needsInput, confidence: parsed.confidence, rationale: `The request asks for ${action} but does not settle ${missing.join(', ')}.` };
  }
  const answered = generateExtractiveAnswer(prompt);
  return { ...answered, action: null, needsInput: null, rationale: 'No action requested.' };
}
