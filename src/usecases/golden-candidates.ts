/**
 * Candidate golden cases: the operator edits a draft and accepts or rejects it; `npm run golden:pull` reads
 * the accepted ones and writes them into golden/cases.jsonl. A candidate drawn from documents outside the
 * operator's groups is listed as withheld and cannot be read or edited by them.
 */
import { z } from 'zod';
import type { Identity } from '../auth/identity';
import { appendAudit } from '../db/audit';
import { groupsOfDocuments } from '../db/documents';
import { findCandidate, listCandidates, updateCandidate, type CandidateStatus, type GoldenCandidateRow } from '../db/golden-candidates';
import { ForbiddenError, NotFoundError, UnprocessableError } from '../errors';
import { caseBodySchema, incompleteCase } from '../golden/golden-case-schema';
import { canRead } from '../rag/access';
import type { UseCaseContext } from './context';
import { assertLevelAllows, requireCaller } from './rules';
import { WITHHELD_REASON } from './task-visibility';

export const candidateStatusSchema = z.enum(['draft', 'accepted', 'rejected']);

export const candidateEditSchema = z.object({
  status: candidateStatusSchema,
  case: caseBodySchema,
});
export type CandidateEdit = z.infer<typeof candidateEditSchema>;

export interface CandidateView {
  id: string;
  source: string;
  status: CandidateStatus;
  /** Null when withheld. */
  case: z.infer<typeof caseBodySchema> | null;
  /** What keeps the case from being accepted (empty when complete). */
  incomplete: string[];
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  withheld: string | null;
}

async function views(ctx: UseCaseContext, me: Identity, rows: GoldenCandidateRow[]): Promise<CandidateView[]> {
  const groups = await groupsOfDocuments(ctx.services.db, rows.flatMap((r) => r.sourceDocumentIds));
  return rows.map((r) => {
    const readable = r.sourceDocumentIds.every((d) => groups.has(d) && canRead(me, groups.get(d)!));
    const parsed = caseBodySchema.safeParse(r.goldenCase);
    const body = readable && parsed.success ? parsed.data : null;
    return {
      id: r.id,
      source: r.source,
      status: r.status,
      case: body,
      incomplete: body ? incompleteCase(body) : [],
      createdBy: r.createdBy,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
      withheld: readable ? null : WITHHELD_REASON,
    };
  });
}

export async function goldenCandidates(ctx: UseCaseContext, status: CandidateStatus | undefined, limit = 500): Promise<CandidateView[]> {
  const me = requireCaller(ctx, 'evals:read');
  await assertLevelAllows(ctx, 'read');
  return views(ctx, me, await listCandidates(ctx.services.db, status, limit));
}

export async function goldenCandidate(ctx: UseCaseContext, id: string): Promise<CandidateView> {
  const me = requireCaller(ctx, 'evals:read');
  await assertLevelAllows(ctx, 'read');
  const row = await findCandidate(ctx.services.db, id);
  if (!row) throw new NotFoundError('Candidate');
  return (await views(ctx, me, [row]))[0]!;
}

/** Saves the operator's edit; accepting needs a case complete by golden/SCHEMA.md's rules. */
export async function editCandidate(ctx: UseCaseContext, id: string, edit: CandidateEdit): Promise<CandidateView> {
  const me = requireCaller(ctx, 'evals:curate');
  await assertLevelAllows(ctx, 'write');
  const current = await goldenCandidate(ctx, id);
  if (current.withheld) throw new ForbiddenError(current.withheld);
  const problems = incompleteCase(edit.case);
  if (edit.status === 'accepted' && problems.length) throw new UnprocessableError(`The case is not complete: ${problems.join('; ')}.`, { problems });
  const row = await updateCandidate(ctx.services.db, id, { status: edit.status, goldenCase: edit.case });
  if (!row) throw new NotFoundError('Candidate');
  await appendAudit(ctx.services.db, { actorId: me.id, event: `golden.candidate.${edit.status}`, subjectType: 'golden-candidate', subjectId: id });
  return (await views(ctx, me, [row]))[0]!;
}

