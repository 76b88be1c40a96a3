/** The golden-set case schema (golden/SCHEMA.md), validated when the set is loaded. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const TAGS = ['happy', 'edge', 'failure-mode', 'out-of-scope', 'injection', 'pii', 'action', 'access'] as const;

export const goldenCaseSchema = z.object({
  id: z.string().regex(/^g\d{3,}$/),
  version: z.string(),
  tags: z.array(z.enum(TAGS)).min(1),
  user: z.enum(['alice', 'rita', 'ravi', 'oscar']),
  kind: z.enum(['ask', 'task']),
  input: z.string().min(1),
  note: z.string().optional(),
  expect: z.object({
    route: z.enum(['answered', 'refused', 'review', 'auto']),
    documents: z.array(z.string()).optional(),
    facts: z.array(z.string()).optional(),
    forbidden: z.array(z.string()).optional(),
    action: z.object({ type: z.string(), params: z.record(z.string(), z.unknown()) }).optional(),
  }),
});
export type GoldenCase = z.infer<typeof goldenCaseSchema>;

export function loadGoldenSet(path: string): GoldenCase[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((line, i) => {
      const parsed = goldenCaseSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`golden case on line ${i + 1} is invalid: ${z.prettifyError(parsed.error)}`);
      return parsed.data;
    });
}
