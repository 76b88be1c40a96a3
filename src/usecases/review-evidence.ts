/**
 * What a reviewer decides with: the system-of-record facts the action touches (an order's total, date,
 * status, earlier refunds and what remains refundable; a ticket's status, priority and history), the policy
 * passages that apply (keyword-retrieved within the reviewer's groups, so no model is called and nothing is
 * spent), and for a decided edit the diff against the proposal. A withheld review carries no evidence.
 */
import type { Identity } from '../auth/identity';
import type { Db } from '../db/client';
import { chunksWithDocuments } from '../db/documents';
import { keywordSearch } from '../db/keyword-search';
import { orderFacts, ticketFacts, type OrderFacts, type TicketFacts } from '../db/sor-facts';
import { words } from '../lib/terms';
import { canRead, readerScope } from '../rag/access';
import type { UseCaseContext } from './context';
import type { Citation } from '../rag/answer';
import { getReview, type ReviewItem } from './reviews';

/** A policy passage has the shape of an answer's citation: document, chunk, title, snippet and span. */
export type PolicyPassage = Citation;

export interface ReviewEvidence {
  order: OrderFacts | null;
  ticket: TicketFacts | null;
  policies: PolicyPassage[];
  diff: { field: string; from: unknown; to: unknown }[];
}

/** What each action's policy is about, beside the action's own reason. */
const POLICY_TOPICS: Readonly<Record<string, string>> = {
  issue_refund: 'refund policy refunds approval limits eligible',
  send_reply: 'customer communication reply guidelines',
  update_ticket: 'support ticket handling status priority',
  escalate: 'escalation policy escalate',
};

const POLICY_PASSAGES = 3;

async function policyPassages(db: Db, me: Identity, action: string, params: Record<string, unknown>): Promise<PolicyPassage[]> {
  const query = `${POLICY_TOPICS[action] ?? action.replace(/_/g, ' ')} ${typeof params.reason === 'string' ? params.reason : ''}`;
  const hits = await keywordSearch(db, words(query).filter((w) => w.length > 3), readerScope(me), POLICY_PASSAGES * 10);
  const rows = await chunksWithDocuments(db, hits.map((h) => h.chunkId));
  const byId = new Map(rows.filter((r) => r.status === 'ready' && canRead(me, r.groups)).map((r) => [r.chunk.id, r]));
  // The best passage of each document, so one long policy does not crowd out the others that apply.
  const seen = new Set<string>();
  return hits
    .flatMap((h) => (byId.has(h.chunkId) ? [byId.get(h.chunkId)!] : []))
    .filter((r) => !seen.has(r.chunk.documentId) && seen.add(r.chunk.documentId))
    .slice(0, POLICY_PASSAGES)
    .map((r) => ({ documentId: r.chunk.documentId, chunkId: r.chunk.id, title: r.title, snippet: r.chunk.text, start: r.chunk.start, end: r.chunk.end }));
}

const idParam = (params: Record<string, unknown>, key: string) => (typeof params[key] === 'string' ? (params[key] as string) : null);

/** One review with its evidence; the rules (role, groups, kill switch) are getReview's. */
export async function reviewWithEvidence(ctx: UseCaseContext, taskId: string): Promise<{ item: ReviewItem; evidence: ReviewEvidence | null }> {
  const item = await getReview(ctx, taskId);
  if (item.withheld) return { item, evidence: null };
  const me = ctx.caller!;
  const { db } = ctx.services;
  const { review } = item;
  const params = review.finalParams ?? review.proposedParams;
  const ticket = idParam(params, 'ticketId') ? await ticketFacts(db, idParam(params, 'ticketId')!) : null;
  const orderId = idParam(params, 'orderId') ?? ticket?.orderId ?? null;
  const [order, policies] = await Promise.all([orderId ? orderFacts(db, orderId) : null, policyPassages(db, me, review.action, params)]);
  return { item, evidence: { order, ticket, policies, diff: review.diff ?? [] } };
}
