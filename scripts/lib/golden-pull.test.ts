import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadGoldenSet } from '../../evals/golden-case';
import { acceptedFromD1Rows, formatJson, nextVersion, pullInto } from './golden-pull';

const refused = { tags: ['out-of-scope', 'feedback'], user: 'alice', kind: 'ask', input: 'What is the weather in Lisbon tomorrow?', note: 'From the failure inbox.', expect: { route: 'refused', documents: [], facts: [] } };
const incomplete = { tags: ['edge'], user: 'alice', kind: 'ask', input: 'Can I return a used stove?', expect: { route: 'answered', documents: [], facts: [] } };

describe('golden:pull', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'golden-pull-'));
    for (const f of ['cases.jsonl', 'CHANGELOG.md']) copyFileSync(join('golden', f), join(dir, f));
  });

  it('should write accepted cases with the next ids and version, and a changelog entry on top', () => {
    const before = loadGoldenSet(join(dir, 'cases.jsonl'));
    const lastId = Number(before.at(-1)!.id.slice(1));
    const version = nextVersion(readFileSync(join(dir, 'CHANGELOG.md'), 'utf8'));
    const result = pullInto(dir, [{ id: 'gc_1', source: 'answer:t1', case: refused }], '2026-11-29');
    const id = `g${lastId + 1}`;
    expect(result).toEqual({ version, added: [{ id, candidate: 'gc_1', input: refused.input }], skipped: [] });

    const after = loadGoldenSet(join(dir, 'cases.jsonl'));
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toEqual({ ...refused, id, version, note: 'From the failure inbox. [candidate gc_1]' });
    const changelog = readFileSync(join(dir, 'CHANGELOG.md'), 'utf8');
    expect(changelog.startsWith(`# Golden set changelog\n\n## ${version} — 2026-11-29\n`)).toBe(true);
    expect(changelog).toContain(`- \`${id}\` (ask, out-of-scope, feedback): "What is the weather in Lisbon tomorrow?" → expected \`refused\``);
    expect(changelog.match(/^## /gm)!.length).toBe(readFileSync('golden/CHANGELOG.md', 'utf8').match(/^## /gm)!.length + 1);
  });

  it('should add nothing the second time, and skip cases that are not complete', () => {
    pullInto(dir, [{ id: 'gc_1', source: 'answer:t1', case: refused }]);
    const cases = readFileSync(join(dir, 'cases.jsonl'), 'utf8');
    const changelog = readFileSync(join(dir, 'CHANGELOG.md'), 'utf8');
    const again = pullInto(dir, [
      { id: 'gc_1', source: 'answer:t1', case: refused },
      { id: 'gc_2', source: 'answer:t2', case: incomplete },
      { id: 'gc_3', source: 'answer:t3', case: { ...refused, user: 'mallory' } },
    ]);
    expect(again.added).toEqual([]);
    expect(again.skipped.map((s) => s.candidate)).toEqual(['gc_1', 'gc_2', 'gc_3']);
    expect(again.skipped[1]!.why).toMatch(/at least one expected fact/);
    expect(readFileSync(join(dir, 'cases.jsonl'), 'utf8')).toBe(cases);
    expect(readFileSync(join(dir, 'CHANGELOG.md'), 'utf8')).toBe(changelog);
  });

  it('should format cases exactly like the existing lines', () => {
    for (const line of readFileSync('golden/cases.jsonl', 'utf8').split('\n').filter(Boolean).slice(0, 20)) expect(formatJson(JSON.parse(line))).toBe(line);
  });

  it("should read candidates from wrangler's JSON output of the local D1", () => {
    const out = JSON.stringify([{ results: [{ id: 'gc_9', source: 'task:t9', golden_case: JSON.stringify(refused) }], success: true }]);
    expect(acceptedFromD1Rows(out)).toEqual([{ id: 'gc_9', source: 'task:t9', case: refused }]);
  });
});
