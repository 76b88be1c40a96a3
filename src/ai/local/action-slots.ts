/**
 * Fills one action's parameters from a request, or says which are missing or ambiguous and why.
 * Values written explicitly ("L2", "$18.50", "TCK-2001") are taken as they are; values read from wording
 * ("a manager", "urgent", "#2001", a bare "18.50") mark the slots as inferred.
 */
import { terms } from '../../lib/terms';
import { findAmounts, type MoneyAmount } from './money-amounts';
import { findLevels, findPriorities, findStatuses, statusOfVerb, type Found, type RequestIds } from './request-entities';
import type { ActionType, Intent } from './request-intent';

export interface Slots {
  params: Record<string, unknown>;
  /** Parameter names the request leaves out or leaves ambiguous, each with the question that asks for it. */
  missing: { param: string; question: string }[];
  inferred: boolean;
}

export interface SlotInput {
  request: string;
  ids: RequestIds;
  intent: Intent;
}

type Pick<T> = { value: T; inferred: boolean } | { ambiguous: T[] } | undefined;

/** One value among the found ones: the only one, else the only one in the intent's sentence, else the only one after "to". */
function pickOne(found: readonly Found<string>[], input: SlotInput): Pick<string> {
  const distinct = (fs: readonly Found<string>[]) => [...new Set(fs.map((f) => f.value))];
  const explicit = found.filter((f) => f.explicit);
  const pool = explicit.length ? explicit : found;
  const { start, end } = input.intent.sentence;
  for (const narrowed of [pool, pool.filter((f) => f.at >= start && f.at < end), pool.filter((f) => /\bto\s*$/i.test(input.ids.masked.slice(Math.max(0, f.at - 6), f.at)))]) {
    const values = distinct(narrowed);
    if (values.length === 1) return { value: values[0]!, inferred: !explicit.length || narrowed !== pool };
  }
  return pool.length ? { ambiguous: distinct(pool) } : undefined;
}

function idSlot(input: SlotInput, kind: 'order' | 'ticket', param: string, asked: string, missing: Slots['missing']): { value?: string; inferred: boolean } {
  const { ids } = input;
  const typed = kind === 'order' ? ids.orders : ids.tickets;
  const prefix = kind === 'order' ? 'ORD' : 'TCK';
  const picked = pickOne(typed.length ? typed : ids.bare.map((b) => ({ ...b, value: `${prefix}-${b.value}` })), input);
  if (picked && 'value' in picked) return { value: picked.value, inferred: picked.inferred || !typed.length };
  const other = kind === 'order' ? ids.tickets : ids.orders;
  const question = picked
    ? `Which ${kind} ${asked}: ${picked.ambiguous.join(' or ')}?`
    : `Which ${kind} ${asked}? Give its id, like ${prefix}-${kind === 'order' ? '1001' : '2001'}${other.length ? ` (${other[0]!.value} is ${kind === 'order' ? 'a ticket' : 'an order'})` : ''}.`;
  missing.push({ param, question });
  return { inferred: false };
}

const usd = (n: number) => `$${n.toFixed(2)}`;

/** The refund amount: one dollar amount, or the one written next to the refund wording. */
function amountSlot(input: SlotInput, missing: Slots['missing'], orderId?: string): { value?: number; inferred: boolean } {
  const all = findAmounts(input.ids.masked);
  const dollars = all.filter((a) => a.currency === 'USD');
  const marked = dollars.filter((a) => a.marked);
  const pool = marked.length ? marked : dollars;
  const values = (as: readonly MoneyAmount[]) => [...new Set(as.map((a) => a.value))];
  const { at, end } = input.intent;
  const between = (from: number, to: number) => input.ids.masked.slice(from, to);
  // Next to the wording and in the same clause: "refund $40 of the $89.90", "a $40 partial refund".
  const near = (a: MoneyAmount) =>
    a.start >= end ? a.start - end <= 25 && !/[;.]/.test(between(end, a.start)) : at - a.end <= 20 && !/[,;:.]/.test(between(a.end, at));
  const on = orderId ? ` on ${orderId}` : '';
  for (const narrowed of [pool, pool.filter(near)]) {
    const vs = values(narrowed);
    if (vs.length === 1) return { value: vs[0]!, inferred: !marked.length || narrowed !== pool };
  }
  if (pool.length) missing.push({ param: 'amountUsd', question: `Which amount should be refunded${on}: ${values(pool).map(usd).join(' or ')}?` });
  else if (all.length) missing.push({ param: 'amountUsd', question: `Refunds are paid in US dollars: how much in USD should be refunded${on} (the request says ${all[0]!.text})?` });
  else missing.push({ param: 'amountUsd', question: `How much should be refunded${on}, in US dollars?` });
  return { inferred: false };
}

/** The reply text: quoted, or what follows "saying", a colon, "that", "with" or "asking" after the reply wording. */
function replyMessage(input: SlotInput): string | undefined {
  const { request, ids, intent } = input;
  const after = ids.masked.slice(intent.end);
  const quoted = /["“]([^"“”]{3,})["”]/.exec(request.slice(intent.at));
  const markers = [/\b(?:saying|say|says|to\s+say|explaining|explain)\b[:,]?\s*(?:that\b\s*)?/i, /:\s*/, /\b(?:know\s+)?that\b\s*/i, /\bwith\b\s*/i, /\b(?=asking\b|ask\s+(?:them|him|her|for)\b)/i];
  const earliest = markers.map((re) => re.exec(after)).filter((m) => m !== null).sort((a, b) => a.index - b.index)[0];
  const from = earliest
    ? earliest.index + earliest[0].length
    : /^(?:[\s,:;.-]|\b(?:to|on|for|in|at|of|the|this|that|customer|client|them|him|her|ticket|TCKID|BAREID|ORDID|and|please|now|asap|know|about|by|telling|informing|letting)\b)*/i.exec(after)![0].length;
  const raw = quoted?.[1] ?? request.slice(intent.end + from);
  const text = raw.trim().replace(/[.!?\s]*$/, '').replace(/\s+please$/i, '');
  if (terms(text).length < 2) return undefined;
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function reasonOf(request: string): string {
  const reason = request.replace(/\s+/g, ' ').trim();
  return reason.length > 300 ? `${reason.slice(0, 297)}…` : reason;
}

function refund(input: SlotInput): Slots {
  const missing: Slots['missing'] = [];
  const order = idSlot(input, 'order', 'orderId', 'should be refunded', missing);
  const amount = amountSlot(input, missing, order.value);
  const params = { ...(order.value ? { orderId: order.value } : {}), ...(amount.value !== undefined ? { amountUsd: amount.value } : {}), reason: reasonOf(input.request) };
  return { params, missing, inferred: order.inferred || amount.inferred };
}

function reply(input: SlotInput): Slots {
  const missing: Slots['missing'] = [];
  const ticket = idSlot(input, 'ticket', 'ticketId', 'should the reply go to', missing);
  const message = replyMessage(input);
  if (!message) missing.push({ param: 'message', question: `What should the reply${ticket.value ? ` on ${ticket.value}` : ''} say?` });
  return { params: { ...(ticket.value ? { ticketId: ticket.value } : {}), ...(message ? { message } : {}) }, missing, inferred: ticket.inferred };
}

function escalate(input: SlotInput): Slots {
  const missing: Slots['missing'] = [];
  const ticket = idSlot(input, 'ticket', 'ticketId', 'should be escalated', missing);
  const picked = pickOne(findLevels(input.ids.masked), input);
  const level = picked && 'value' in picked && picked.value !== 'L1' ? picked : undefined;
  if (!level) missing.push({ param: 'level', question: `Escalate${ticket.value ? ` ${ticket.value}` : ''} to L2 (team leads) or L3 (support managers and specialist teams)?` });
  const params = { ...(ticket.value ? { ticketId: ticket.value } : {}), ...(level ? { level: level.value } : {}), reason: reasonOf(input.request) };
  return { params, missing, inferred: ticket.inferred || !!level?.inferred };
}

/** A generic verb ("set", "make") counts only when it names the ticket, its status or priority, or a value follows. */
function update(input: SlotInput): Slots | null {
  const { intent, ids } = input;
  const sentence = ids.masked.slice(intent.at, intent.sentence.end);
  const inSentence = <T extends { at: number }>(fs: T[]) => fs.map((f) => ({ ...f, at: f.at + intent.at }));
  const verbStatus = statusOfVerb(/\b(close|resolve|re-?open)/i.exec(intent.verb)?.[1] ?? '');
  const status = verbStatus ? { value: verbStatus, inferred: false } : pickOne(inSentence(findStatuses(sentence)), input);
  const priority = pickOne(inSentence(findPriorities(sentence)), input);
  const statusValue = status && 'value' in status ? status : undefined;
  const priorityValue = priority && 'value' in priority ? priority : undefined;
  const namesTicket = /TCKID|BAREID|ticket|status|priority|prioriti|hold/i.test(intent.verb);
  if (!namesTicket && !verbStatus && !statusValue && !priorityValue) return null;

  const missing: Slots['missing'] = [];
  const ticket = idSlot(input, 'ticket', 'ticketId', 'should be updated', missing);
  if (!statusValue && !priorityValue) {
    const on = ticket.value ? ` on ${ticket.value}` : '';
    const asks = /priorit/i.test(intent.verb) || priority ? ['priority'] : /status/i.test(intent.verb) || status ? ['status'] : ['status', 'priority'];
    const options = { status: 'the status (open, pending, resolved, closed)', priority: 'the priority (P1 urgent, P2 high, P3 normal, P4 low)' } as const;
    const question = `What should change${on}: ${asks.map((a) => options[a as keyof typeof options]).join(' or ')}?`;
    for (const param of asks) missing.push({ param, question });
  }
  const params = { ...(ticket.value ? { ticketId: ticket.value } : {}), ...(statusValue ? { status: statusValue.value } : {}), ...(priorityValue ? { priority: priorityValue.value } : {}) };
  return { params, missing, inferred: ticket.inferred || !!statusValue?.inferred || !!priorityValue?.inferred };
}

export const SLOT_FILLERS: Readonly<Record<ActionType, (input: SlotInput) => Slots | null>> = {
  issue_refund: refund,
  send_reply: reply,
  escalate,
  update_ticket: update,
};
