/**
 * A first draft of a golden case from a live failure. It fills in what the failure tells us (who asked,
 * what, which documents the answer drew on, the proposal) and leaves the judgement (the facts a right
 * answer holds, the corrected action) to the operator, who edits the draft before accepting it.
 */
import { GOLDEN_USERS, type CaseBody } from './golden-case-schema';

export interface FailedAnswer {
  kind: 'answer';
  userId: string;
  question: string;
  grounded: boolean;
  /** Golden-set slugs of the documents the answer cited. */
  documents: string[];
  feedback: { reason: string | null; comment: string | null } | null;
}

export interface FailedTask {
  kind: 'task';
  userId: string;
  input: string;
  route: 'answered' | 'review' | 'auto' | 'refused' | 'needs_input' | null;
  status: string;
  documents: string[];
  proposal: { action?: unknown; params?: unknown } | null;
  why: string | null;
}

export type Failure = FailedAnswer | FailedTask;

/** Strips the extension: golden cases name documents by corpus slug (`01-refund-policy`). */
export function slugOf(source: string | null | undefined, fallback: string): string {
  return source ? source.replace(/\.[a-z0-9]+$/i, '') : fallback;
}

function caseUser(userId: string): CaseBody['user'] {
  return (GOLDEN_USERS as readonly string[]).includes(userId) ? (userId as CaseBody['user']) : 'alice';
}

function noteFor(userId: string, what: string, why: string | null): string {
  const asker = (GOLDEN_USERS as readonly string[]).includes(userId) ? '' : ` (asked by ${userId}; replayed as alice)`;
  return `From the failure inbox: ${what}${why ? `: ${why.replace(/[.!?\s]+$/, '')}` : ''}${asker}.`.slice(0, 2000);
}

export function draftCase(f: Failure): CaseBody {
  if (f.kind === 'answer') {
    const why = [f.feedback?.reason, f.feedback?.comment].filter(Boolean).join(' · ') || null;
    // A refusal the asker disputed says the corpus should have answered; an unsafe answer should have been refused.
    const route = f.feedback?.reason === 'unsafe' ? 'refused' : 'answered';
    return {
      tags: [f.grounded ? 'edge' : 'failure-mode', 'feedback'],
      user: caseUser(f.userId),
      kind: 'ask',
      input: f.question,
      note: noteFor(f.userId, f.grounded ? 'down-voted answer' : 'disputed refusal', why),
      expect: route === 'refused' ? { route, documents: [], facts: [] } : { route, documents: f.documents, facts: [] },
    };
  }
  const action = f.proposal && typeof f.proposal.action === 'string' ? { type: f.proposal.action, params: (f.proposal.params ?? {}) as Record<string, unknown> } : undefined;
  const route = action ? (f.route === 'auto' ? 'auto' : 'review') : 'answered';
  return {
    tags: action ? ['action', 'feedback'] : ['edge', 'feedback'],
    user: caseUser(f.userId),
    kind: 'task',
    input: f.input,
    note: noteFor(f.userId, `${f.status} task`, f.why),
    expect: action ? { route, action } : { route, documents: f.documents, facts: [] },
  };
}
