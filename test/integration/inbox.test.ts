import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../src/db/client';
import { decideReview, openReview } from '../../src/db/reviews';
import { insertTask, updateTask } from '../../src/db/tasks';
import { systemContext } from '../../src/usecases/context';
import { failureInbox, promoteToCandidate } from '../../src/usecases/inbox';
import { goldenCandidates } from '../../src/usecases/golden-candidates';
import { asUser, ingest, jsonBody } from './helpers';

const db = getDb(env.DB);

interface Item {
  source: string;
  kind: string;
  input: string;
  output: string | null;
  why: string | null;
  traceHref: string;
  withheld: string | null;
  candidate: { id: string; status: string } | null;
}

async function inboxItems(): Promise<Item[]> {
  const res = await asUser('oscar', '/api/inbox');
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: Item[] }).items;
}

async function askAs(user: string, question: string) {
  return (await (await asUser(user, '/api/ask', jsonBody({ question }))).json()) as { traceId: string; grounded: boolean };
}

const put = (id: string, body: unknown) => asUser('oscar', `/api/golden/candidates/${id}`, { ...jsonBody(body), method: 'PUT' });

/** An operator reading the given groups: demo operators read every group, so a narrower one is built here. */
function operatorContext(id: string, groups: string[]) {
  const ctx = systemContext(env, 'cron', `test:${crypto.randomUUID()}`);
  return { ...ctx, door: 'http' as const, caller: { id, email: `${id}@example.com`, name: id, role: 'operator' as const, groups, via: 'bearer' as const } };
}

describe('failure inbox', () => {
  let refusal = '';
  let financeTrace = '';
  let failedTask = '';
  let rejectedTask = '';

  beforeAll(async () => {
    await ingest('stoves.md', '# Camp stoves\n\nCamp stoves may be returned within 30 days if the fuel canister was never attached.', { groups: 'support' });
    await ingest('finance-margins.md', '# Margins\n\nThe gross margin on camp stoves is 41 percent this quarter.', { groups: 'finance' });
    const refused = await askAs('alice', 'What is the weather in Lisbon tomorrow?');
    expect(refused.grounded).toBe(false);
    refusal = refused.traceId;
    await asUser('alice', '/api/feedback', jsonBody({ traceId: refusal, rating: 'down', reason: 'wrong', comment: 'Call me on 415-555-0134 about it' }));
    const finance = await askAs('rita', 'What is the gross margin on camp stoves?');
    expect(finance.grounded).toBe(true);
    financeTrace = finance.traceId;
    await asUser('rita', '/api/feedback', jsonBody({ traceId: financeTrace, rating: 'down', reason: 'incomplete' }));

    failedTask = `task_inbox_${crypto.randomUUID().slice(0, 8)}`;
    await insertTask(db, { id: failedTask, userId: 'alice', input: 'Refund $900 on ORD-1004.' });
    await updateTask(db, failedTask, { status: 'failed', error: 'a refund of $900.00 exceeds what remains refundable on ORD-1004' });
    rejectedTask = `task_inbox_${crypto.randomUUID().slice(0, 8)}`;
    await insertTask(db, { id: rejectedTask, userId: 'ravi', input: 'Escalate TCK-2003 to L3.' });
    await updateTask(db, rejectedTask, { status: 'rejected', route: 'review', proposal: { action: 'escalate', params: { ticketId: 'TCK-2003', level: 'L3', reason: 'x' } } });
    await openReview(db, { taskId: rejectedTask, action: 'escalate', risk: 'low', proposedParams: { ticketId: 'TCK-2003', level: 'L3', reason: 'x' } });
    await decideReview(db, rejectedTask, { status: 'rejected', finalParams: null, diff: [], decidedBy: 'rita', comment: 'L2 first, per the escalation policy' });
  });

  it('should list disputed refusals, down-votes, rejected proposals and failed tasks, newest first, each with its trace', async () => {
    const items = await inboxItems();
    const bySource = new Map(items.map((i) => [i.source, i]));
    expect(bySource.get(`answer:${refusal}`)).toMatchObject({ kind: 'disputed-refusal', traceHref: `/api/traces?requestId=${refusal}`, why: expect.stringContaining('wrong') });
    expect(bySource.get(`answer:${refusal}`)!.why).toContain('[REDACTED:phone]');
    expect(bySource.get(`answer:${financeTrace}`)).toMatchObject({ kind: 'down-vote', withheld: null });
    expect(bySource.get(`task:${failedTask}`)).toMatchObject({ kind: 'failed-task', output: expect.stringContaining('exceeds'), traceHref: `/api/traces?taskId=${failedTask}` });
    expect(bySource.get(`task:${rejectedTask}`)).toMatchObject({ kind: 'rejected-proposal', why: 'L2 first, per the escalation policy' });
    const times = items.map((i) => new Date((i as unknown as { at: string }).at).getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('should keep the inbox and its pages from users and reviewers', async () => {
    expect((await asUser('alice', '/api/inbox')).status).toBe(403);
    expect((await asUser('rita', '/inbox')).status).toBe(403);
    expect((await asUser('rita', '/api/inbox/promote', jsonBody({ source: `answer:${refusal}` }))).status).toBe(403);
  });

  it('should promote an item to one draft candidate, refuse to accept it incomplete, and list it once accepted', async () => {
    const promoted = await asUser('oscar', '/api/inbox/promote', jsonBody({ source: `answer:${refusal}` }));
    expect(promoted.status).toBe(201);
    const { id } = (await promoted.json()) as { id: string };
    const again = (await (await asUser('oscar', '/api/inbox/promote', jsonBody({ source: `answer:${refusal}` }))).json()) as { id: string };
    expect(again.id).toBe(id);
    expect((await inboxItems()).find((i) => i.source === `answer:${refusal}`)!.candidate).toEqual({ id, status: 'draft' });

    const draft = (await (await asUser('oscar', `/api/golden/candidates/${id}`)).json()) as { case: { input: string; expect: Record<string, unknown>; tags: string[]; user: string; kind: string }; incomplete: string[] };
    expect(draft.case).toMatchObject({ user: 'alice', kind: 'ask', input: 'What is the weather in Lisbon tomorrow?', expect: { route: 'answered', facts: [] } });
    expect(draft.incomplete.length).toBeGreaterThan(0);
    const incomplete = await put(id, { status: 'accepted', case: draft.case });
    expect(incomplete.status).toBe(422);

    const edited = { ...draft.case, tags: ['out-of-scope', 'feedback'], expect: { route: 'refused', documents: [], facts: [] } };
    const accepted = await put(id, { status: 'accepted', case: edited });
    expect(accepted.status).toBe(200);
    const list = (await (await asUser('oscar', '/api/golden/candidates?status=accepted')).json()) as { candidates: { id: string; case: unknown }[] };
    expect(list.candidates.find((c) => c.id === id)?.case).toEqual(edited);
    expect((await put(id, { status: 'accepted', case: { ...edited, user: 'mallory' } })).status).toBe(400);
    expect(await (await asUser('oscar', '/inbox')).text()).toContain(`/inbox/candidates/${id}`);
    expect(await (await asUser('oscar', `/inbox/candidates/${id}`)).text()).toContain('What is the weather in Lisbon tomorrow?');
  });

  it('should draft a rejected proposal as its action for the operator to correct', async () => {
    const res = await asUser('oscar', '/api/inbox/promote', jsonBody({ source: `task:${rejectedTask}` }));
    const { id } = (await res.json()) as { id: string };
    const view = (await (await asUser('oscar', `/api/golden/candidates/${id}`)).json()) as { case: Record<string, unknown> };
    expect(view.case).toMatchObject({ kind: 'task', user: 'ravi', tags: ['action', 'feedback'], expect: { route: 'review', action: { type: 'escalate', params: { ticketId: 'TCK-2003', level: 'L3' } } } });
    expect(String(view.case.note)).toContain('L2 first');
  });

  it('should withhold finance-derived items from an operator outside finance, and refuse to promote them', async () => {
    const ctx = operatorContext('olga', ['support']);
    const items = await failureInbox(ctx);
    const finance = items.find((i) => i.source === `answer:${financeTrace}`)!;
    expect(finance).toMatchObject({ output: null, citations: [], withheld: expect.stringMatching(/outside your groups/) });
    expect(JSON.stringify(items)).not.toContain('41 percent');
    await expect(promoteToCandidate(ctx, `answer:${financeTrace}`)).rejects.toMatchObject({ status: 403 });
    const { id } = await promoteToCandidate(operatorContext('oscar', ['*']), `answer:${financeTrace}`);
    const seen = (await goldenCandidates(ctx, undefined)).find((c) => c.id === id)!;
    expect(seen).toMatchObject({ case: null, withheld: expect.any(String) });
  });

  it("should erase a person's answers, feedback and the candidates drawn from them", async () => {
    const { id } = (await (await asUser('oscar', '/api/inbox/promote', jsonBody({ source: `task:${failedTask}` }))).json()) as { id: string };
    expect((await asUser('oscar', `/api/golden/candidates/${id}`)).status).toBe(200);
    const erased = await asUser('oscar', '/api/users/alice/data', { method: 'DELETE' });
    expect(await erased.json()).toMatchObject({ candidates: 2, answers: expect.any(Number), feedback: 1 });
    expect((await asUser('oscar', `/api/golden/candidates/${id}`)).status).toBe(404);
    expect((await inboxItems()).filter((i) => i.source === `answer:${refusal}` || i.source === `task:${failedTask}`)).toEqual([]);
  });
});
