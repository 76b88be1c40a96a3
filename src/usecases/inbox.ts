/**
 * The failure inbox for operators: down-voted answers and tasks, refusals the asker disputed, rejected
 * proposals and failed tasks, newest first, each with its trace. One action turns an item into a draft
 * golden case. Content drawn from documents outside the operator's groups is withheld and cannot be promoted.
 */
import type { Identity } from '../auth/identity';
import { answersByIds, findAnswer, type AnswerLogRow } from '../db/answer-log';
import { groupsOfDocuments, sourcesOfDocuments } from '../db/documents';
import { findFeedback, listDownVotes, type FeedbackRow } from '../db/feedback';
import { candidatesBySource, insertCandidate } from '../db/golden-candidates';
import { appendAudit } from '../db/audit';
import { findReview, recentDecisions } from '../db/reviews';
import { findTask, recentTasksWithStatus, tasksByIds, type TaskRow } from '../db/tasks';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { draftCase, slugOf, type Failure } from '../golden/draft-case';
import { canRead } from '../rag/access';
import type { UseCaseContext } from './context';
import { assertLevelAllows, requireCaller } from './rules';
import { sourcesOf, WITHHELD_REASON } from './task-visibility';

export type InboxKind = 'down-vote' | 'disputed-refusal' | 'rejected-proposal' | 'failed-task';

export interface InboxItem {
  /** `answer:<traceId>` or `task:<taskId>`: what a candidate is promoted from. */
  source: string;
  kind: InboxKind;
  at: Date;
  userId: string;
  input: string;
  /** The answer, the proposal or the error; null when withheld. */
  output: string | null;
  /** Why it failed: the asker's reason and comment, or the reviewer's comment. */
  why: string | null;
  citations: unknown[];
  traceHref: string;
  pageHref: string | null;
  withheld: string | null;
  candidate: { id: string; status: string } | null;
}

function feedbackWhy(f: FeedbackRow): string | null {
  return [f.reason, f.comment].filter(Boolean).join(' · ') || null;
}

function citedDocuments(citations: unknown[] | null): string[] {
  return (citations ?? []).flatMap((c) => (c && typeof c === 'object' && 'documentId' in c && typeof c.documentId === 'string' ? [c.documentId] : []));
}

function proposalText(task: TaskRow): string | null {
  const p = task.proposal as { action?: string; params?: unknown } | null;
  if (p?.action) return `${p.action} ${JSON.stringify(p.params ?? {})}`;
  return task.answer;
}

/** Whether the viewer may read every one of these documents (a deleted one counts as unreadable). */
async function readableAll(ctx: UseCaseContext, me: Identity, ids: string[]): Promise<Map<string, boolean>> {
  const groups = await groupsOfDocuments(ctx.services.db, ids);
  return new Map(ids.map((id) => [id, groups.has(id) && canRead(me, groups.get(id)!)]));
}

function answerItem(a: AnswerLogRow, f: FeedbackRow): Omit<InboxItem, 'withheld' | 'candidate'> {
  return {
    source: `answer:${a.id}`,
    kind: a.grounded ? 'down-vote' : 'disputed-refusal',
    at: f.updatedAt,
    userId: a.userId,
    input: a.question,
    output: a.answer,
    why: feedbackWhy(f),
    citations: a.citations,
    traceHref: `/api/traces?requestId=${encodeURIComponent(a.id)}`,
    pageHref: null,
  };
}

function taskItem(t: TaskRow, kind: InboxKind, at: Date, why: string | null): Omit<InboxItem, 'withheld' | 'candidate'> {
  return {
    source: `task:${t.id}`,
    kind,
    at,
    userId: t.userId,
    input: t.input,
    output: kind === 'failed-task' ? (t.error ?? proposalText(t)) : proposalText(t),
    why,
    citations: t.citations ?? [],
    traceHref: `/api/traces?taskId=${encodeURIComponent(t.id)}`,
    pageHref: `/tasks/${encodeURIComponent(t.id)}`,
  };
}

export async function failureInbox(ctx: UseCaseContext, limit = 100): Promise<InboxItem[]> {
  const me = requireCaller(ctx, 'evals:read');
  await assertLevelAllows(ctx, 'read');
  const { db } = ctx.services;
  const [downVotes, rejected, failed] = await Promise.all([listDownVotes(db, limit), recentDecisions(db, 'rejected', limit), recentTasksWithStatus(db, 'failed', limit)]);
  const answers = await answersByIds(db, downVotes.filter((f) => f.subjectType === 'answer').map((f) => f.subjectId));
  const votedTasks = new Map((await tasksByIds(db, downVotes.filter((f) => f.subjectType === 'task').map((f) => f.subjectId))).map((t) => [t.id, t]));

  const items = new Map<string, { item: Omit<InboxItem, 'withheld' | 'candidate'>; documents: string[] }>();
  const add = (item: Omit<InboxItem, 'withheld' | 'candidate'>, documents: string[]) => {
    const seen = items.get(item.source);
    if (!seen || seen.item.at < item.at) items.set(item.source, { item, documents });
  };
  for (const f of downVotes) {
    const a = f.subjectType === 'answer' ? answers.get(f.subjectId) : undefined;
    if (a) add(answerItem(a, f), citedDocuments(a.citations));
    const t = f.subjectType === 'task' ? votedTasks.get(f.subjectId) : undefined;
    if (t) add(taskItem(t, 'down-vote', f.updatedAt, feedbackWhy(f)), sourcesOf(t));
  }
  for (const { task, review } of rejected) add(taskItem(task, 'rejected-proposal', review.decidedAt ?? review.createdAt, review.comment), sourcesOf(task));
  for (const t of failed) add(taskItem(t, 'failed-task', t.updatedAt, t.error), sourcesOf(t));

  const all = [...items.values()].sort((a, b) => b.item.at.getTime() - a.item.at.getTime()).slice(0, limit);
  const readable = await readableAll(ctx, me, all.flatMap((x) => x.documents));
  const candidates = await candidatesBySource(db, all.map((x) => x.item.source));
  return all.map(({ item, documents }) => {
    const candidate = candidates.get(item.source);
    const base = { ...item, candidate: candidate ? { id: candidate.id, status: candidate.status } : null };
    if (documents.every((d) => readable.get(d))) return { ...base, withheld: null };
    return { ...base, output: null, citations: [], withheld: WITHHELD_REASON };
  });
}

/** What the source failed with, for drafting its case; refuses sources the caller may not read. */
async function failureOf(ctx: UseCaseContext, me: Identity, source: string): Promise<{ failure: Failure; documentIds: string[] }> {
  const { db } = ctx.services;
  const [type, id] = [source.slice(0, source.indexOf(':')), source.slice(source.indexOf(':') + 1)];
  let documentIds: string[];
  let failure: Failure;
  if (type === 'answer') {
    const a = await findAnswer(db, id);
    if (!a) throw new NotFoundError('Answer');
    const f = await findFeedback(db, a.userId, 'answer', a.id);
    documentIds = citedDocuments(a.citations);
    const slugs = await sourcesOfDocuments(db, documentIds);
    failure = {
      kind: 'answer',
      userId: a.userId,
      question: a.question,
      grounded: a.grounded,
      documents: [...new Set(documentIds.map((d) => slugOf(slugs.get(d), d)))],
      feedback: f ? { reason: f.reason, comment: f.comment } : null,
    };
  } else if (type === 'task') {
    const t = await findTask(db, id);
    if (!t) throw new NotFoundError('Task');
    const review = await findReview(db, t.id);
    const f = await findFeedback(db, t.userId, 'task', t.id);
    documentIds = sourcesOf(t);
    const slugs = await sourcesOfDocuments(db, citedDocuments(t.citations));
    failure = {
      kind: 'task',
      userId: t.userId,
      input: t.input,
      route: t.route,
      status: t.status,
      documents: [...new Set(citedDocuments(t.citations).map((d) => slugOf(slugs.get(d), d)))],
      proposal: t.proposal as { action?: unknown; params?: unknown } | null,
      why: review?.comment ?? t.error ?? (f ? feedbackWhy(f) : null),
    };
  } else {
    throw new ValidationError('source is answer:<traceId> or task:<taskId>.');
  }
  const readable = await readableAll(ctx, me, documentIds);
  if (!documentIds.every((d) => readable.get(d))) throw new ForbiddenError(WITHHELD_REASON);
  return { failure, documentIds };
}

/** Turns an inbox item into a draft golden case (once per source: promoting again returns the same draft). */
export async function promoteToCandidate(ctx: UseCaseContext, source: string) {
  const me = requireCaller(ctx, 'evals:curate');
  await assertLevelAllows(ctx, 'write');
  const { failure, documentIds } = await failureOf(ctx, me, source);
  const row = await insertCandidate(ctx.services.db, {
    id: `gc_${crypto.randomUUID()}`,
    source,
    goldenCase: draftCase(failure),
    sourceDocumentIds: [...new Set(documentIds)],
    createdBy: me.id,
  });
  await appendAudit(ctx.services.db, { actorId: me.id, event: 'golden.candidate.promoted', subjectType: 'golden-candidate', subjectId: row.id, details: { source } });
  return row;
}
