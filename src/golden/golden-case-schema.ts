/**
 * The golden-set case (golden/SCHEMA.md) as a zod schema, shared by the eval runner, the failure inbox's
 * candidate editor and `npm run golden:pull`, so a promoted case is valid by the same rules as the set.
 */
import { z } from 'zod';

export const TAGS = ['happy', 'edge', 'failure-mode', 'out-of-scope', 'injection', 'pii', 'action', 'access', 'feedback'] as const;
export const GOLDEN_USERS = ['alice', 'rita', 'ravi', 'oscar'] as const;

/** A case without the id and version, which golden:pull assigns when it writes the case into the set. */
export const caseBodySchema = z.object({
  tags: z.array(z.enum(TAGS)).min(1),
  user: z.enum(GOLDEN_USERS),
  kind: z.enum(['ask', 'task']),
  input: z.string().trim().min(1).max(4000),
  note: z.string().max(2000).optional(),
  expect: z.object({
    route: z.enum(['answered', 'refused', 'review', 'auto']),
    documents: z.array(z.string().min(1)).optional(),
    facts: z.array(z.string().min(1)).optional(),
    forbidden: z.array(z.string().min(1)).optional(),
    action: z.object({ type: z.string().min(1), params: z.record(z.string(), z.unknown()) }).optional(),
  }),
});
export type CaseBody = z.infer<typeof caseBodySchema>;

export const goldenCaseSchema = caseBodySchema.extend({
  id: z.string().regex(/^g\d{3,}$/),
  version: z.string(),
});
export type GoldenCase = z.infer<typeof goldenCaseSchema>;

/**
 * What still keeps a case from being scored, by SCHEMA.md's rules: an answered case names its facts and
 * documents, a refused one names neither, an action route names the action. Empty when it is complete.
 */
export function incompleteCase(c: CaseBody): string[] {
  const problems: string[] = [];
  const { route, facts = [], documents = [], action } = c.expect;
  if (route === 'answered' && facts.length === 0) problems.push('an answered case needs at least one expected fact');
  if (route === 'answered' && documents.length === 0) problems.push('an answered case needs the documents that support it');
  if (route === 'refused' && (facts.length > 0 || documents.length > 0)) problems.push('a refused case lists no facts or documents');
  if ((route === 'review' || route === 'auto') && !action) problems.push(`a case routed ${route} needs the expected action`);
  if ((route === 'review' || route === 'auto') && c.kind !== 'task') problems.push('only task cases route to review or auto');
  return problems;
}
