/** The golden-set case schema (golden/SCHEMA.md), validated when the set is loaded. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { goldenCaseSchema, type GoldenCase } from '../src/golden/golden-case-schema';

export { TAGS, goldenCaseSchema, type GoldenCase } from '../src/golden/golden-case-schema';

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
