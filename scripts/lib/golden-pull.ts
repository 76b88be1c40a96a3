/**
 * The file side of `npm run golden:pull`: accepted candidate cases become new lines of golden/cases.jsonl
 * (next free ids, a new minor version) with an entry at the top of golden/CHANGELOG.md. Pulling twice adds
 * nothing: each written case names its candidate in its note.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { caseBodySchema, incompleteCase, type CaseBody, type GoldenCase } from '../../src/golden/golden-case-schema';

export interface AcceptedCandidate {
  id: string;
  source: string;
  case: unknown;
}

export interface PullResult {
  version: string | null;
  added: { id: string; candidate: string; input: string }[];
  skipped: { candidate: string; why: string }[];
}

const KEY_ORDER = ['id', 'version', 'tags', 'user', 'kind', 'input', 'expect', 'note'];

/** JSON with `": "` and `", "` separators, matching the existing lines of cases.jsonl. */
export function formatJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(formatJson).join(', ')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).sort((a, b) => rank(a) - rank(b));
    return `{${keys.map((k) => `${JSON.stringify(k)}: ${formatJson((value as Record<string, unknown>)[k])}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}

function rank(key: string): number {
  const i = KEY_ORDER.indexOf(key);
  return i === -1 ? KEY_ORDER.length : i;
}

/** The version after the newest `## X.Y` heading of the changelog (1.1 → 1.2). */
export function nextVersion(changelog: string): string {
  const m = changelog.match(/^## (\d+)\.(\d+)/m);
  return m ? `${m[1]}.${Number(m[2]) + 1}` : '1.0';
}

const marker = (candidateId: string) => `[candidate ${candidateId}]`;

function routeCounts(cases: readonly { expect: { route: string } }[]): string {
  const counts = new Map<string, number>();
  for (const c of cases) counts.set(c.expect.route, (counts.get(c.expect.route) ?? 0) + 1);
  return [...counts].map(([route, n]) => `${n} \`${route}\``).join(', ');
}

/** Plans the pull without touching files: the new case lines and the changelog entry. */
export function planPull(casesText: string, changelog: string, candidates: readonly AcceptedCandidate[], date: string) {
  const existing = casesText.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as GoldenCase);
  let last = Math.max(0, ...existing.map((c) => Number(c.id.slice(1))));
  const version = nextVersion(changelog);
  const result: PullResult = { version: null, added: [], skipped: [] };
  const lines: string[] = [];
  const written: GoldenCase[] = [];
  for (const candidate of candidates) {
    if (casesText.includes(marker(candidate.id))) {
      result.skipped.push({ candidate: candidate.id, why: 'already in the golden set' });
      continue;
    }
    const parsed = caseBodySchema.safeParse(candidate.case);
    const problems = parsed.success ? incompleteCase(parsed.data) : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    if (!parsed.success || problems.length) {
      result.skipped.push({ candidate: candidate.id, why: problems.join('; ') });
      continue;
    }
    const body: CaseBody = parsed.data;
    last += 1;
    const id = `g${String(last).padStart(3, '0')}`;
    const note = `${body.note ? `${body.note} ` : ''}${marker(candidate.id)}`;
    const goldenCase: GoldenCase = { id, version, ...body, note };
    lines.push(formatJson(goldenCase));
    written.push(goldenCase);
    result.added.push({ id, candidate: candidate.id, input: body.input });
  }
  if (lines.length === 0) return { result, casesText, changelog };
  result.version = version;
  const entry = [
    `## ${version} — ${date}`,
    '',
    `Cases promoted from the failure inbox (\`npm run golden:pull\`): failures found in live use, accepted by an operator.`,
    '',
    ...written.map((c) => `- \`${c.id}\` (${c.kind}, ${c.tags.join(', ')}): "${c.input.length > 80 ? `${c.input.slice(0, 80)}…` : c.input}" → expected \`${c.expect.route}\``),
    '',
    `Routes: ${routeCounts([...existing, ...written])}.`,
    '',
  ].join('\n');
  const heading = changelog.match(/^# .*\n\n?/);
  const changelogOut = heading ? `${heading[0]}${entry}\n${changelog.slice(heading[0].length)}` : `${entry}\n${changelog}`;
  const casesOut = `${casesText.replace(/\n*$/, '\n')}${lines.join('\n')}\n`;
  return { result, casesText: casesOut, changelog: changelogOut };
}

/** Writes accepted candidates into `<dir>/cases.jsonl` and `<dir>/CHANGELOG.md`. */
export function pullInto(dir: string, candidates: readonly AcceptedCandidate[], date = new Date().toISOString().slice(0, 10)): PullResult {
  const casesPath = join(dir, 'cases.jsonl');
  const changelogPath = join(dir, 'CHANGELOG.md');
  const plan = planPull(readFileSync(casesPath, 'utf8'), readFileSync(changelogPath, 'utf8'), candidates, date);
  if (plan.result.added.length) {
    writeFileSync(casesPath, plan.casesText);
    writeFileSync(changelogPath, plan.changelog);
  }
  return plan.result;
}

/** Accepted candidates from a running server's API (an operator's token). */
export async function acceptedFromApi(target: string, token: string): Promise<AcceptedCandidate[]> {
  const res = await fetch(new URL('/api/golden/candidates?status=accepted', target), { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
  if (!res.ok) throw new Error(`GET /api/golden/candidates answered ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { candidates: { id: string; source: string; case: unknown; withheld: string | null }[] };
  return body.candidates.filter((c) => c.withheld === null).map((c) => ({ id: c.id, source: c.source, case: c.case }));
}

/** Accepted candidates straight from wrangler's JSON output of the local D1 (`golden_candidates` rows). */
export function acceptedFromD1Rows(output: string): AcceptedCandidate[] {
  const batches = JSON.parse(output) as { results: { id: string; source: string; golden_case: string }[] }[];
  return batches.flatMap((b) => b.results).map((r) => ({ id: r.id, source: r.source, case: JSON.parse(r.golden_case) as unknown }));
}
