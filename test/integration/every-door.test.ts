/**
 * The every-door table: each capability × door × rule from src/usecases/catalogue.ts has at least one row
 * here, run in workerd against the real Worker. A capability, door or rule without rows fails the coverage
 * test, and so does an HTTP route or page that maps to no capability.
 */
import { env, exports } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handleSessionMessage } from '../../src/agent/session-messages';
import { createApp } from '../../src/app';
import { getDb } from '../../src/db/client';
import { actionCommits, traces } from '../../src/db/schema';
import { addTokens } from '../../src/db/token-usage';
import { insertTask } from '../../src/db/tasks';
import { setKillLevel, type KillLevel } from '../../src/ops/kill-switch';
import { runScheduledMaintenance } from '../../src/usecases/admin';
import { CAPABILITIES, RULES, type CapabilityName, type Rule } from '../../src/usecases/catalogue';
import { systemContext, type Door } from '../../src/usecases/context';
import { commitTask, proposeTask, TaskStepFailure } from '../../src/usecases/task-steps';
import { BASE, ingest } from './helpers';

const db = getDb(env.DB);
const FINANCE_FACT = '9.4 percent';
const refuse = { limit: async () => ({ success: false }) };
const LIMITED = { USER_RATE_LIMITER: refuse };
const NO_BUDGET = { DAILY_TOKEN_BUDGET: '1' };

let financeDoc = '';
let financeTask = '';

/** A request through the real app, optionally with bindings or vars replaced (limiters, budget). */
function http(user: string | null, method: string, path: string, body?: unknown, patch: Record<string, unknown> = {}) {
  const headers: Record<string, string> = {};
  if (user) headers.Authorization = `Bearer demo-${user}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return createApp().request(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) }, { ...env, ...patch });
}

const page = (user: string | null, path: string) => http(user, 'GET', path);

function socketMessage(user: string, input: string, patch: Record<string, unknown> = {}) {
  return handleSessionMessage({ ...env, ...patch } as Env, user, JSON.stringify({ type: 'start-task', input }));
}

const workflowContext = (patch: Record<string, unknown> = {}) => systemContext({ ...env, ...patch } as Env, 'workflow', `test:${crypto.randomUUID()}`);

async function newTaskRow(userId: string, input: string): Promise<string> {
  const id = `task_door_${crypto.randomUUID().slice(0, 8)}`;
  await insertTask(db, { id, userId, input });
  return id;
}

async function level(l: KillLevel) {
  await setKillLevel(db, l);
}

async function waitForStatus(id: string, status: string) {
  for (let i = 0; i < 400; i++) {
    const res = await http('oscar', 'GET', `/api/tasks/${id}`);
    if (((await res.json()) as { status: string }).status === status) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`task ${id} never reached ${status}`);
}

interface Row {
  capability: CapabilityName;
  door: Door;
  rule: Rule;
  name: string;
  check: () => Promise<void>;
}

const rows: Row[] = [];
function row(capability: CapabilityName, door: Door, rule: Rule, name: string, check: () => Promise<void>) {
  rows.push({ capability, door, rule, name, check });
}

// ask
row('ask', 'http', 'role', 'anonymous → 401', async () => expect((await http(null, 'POST', '/api/ask', { question: 'refund rate?' })).status).toBe(401));
row('ask', 'http', 'group', 'ravi (support) never sees the finance figure; rita (finance) does', async () => {
  const q = { question: 'What was the Q3 refund rate for the Northwind store?' };
  expect(JSON.stringify(await (await http('ravi', 'POST', '/api/ask', q)).json())).not.toContain(FINANCE_FACT);
  expect(JSON.stringify(await (await http('rita', 'POST', '/api/ask', q)).json())).toContain(FINANCE_FACT);
});
row('ask', 'http', 'kill-switch', 'off → 503; retrieval-only → passages, no generation', async () => {
  await level('off');
  expect((await http('alice', 'POST', '/api/ask', { question: 'How are refunds paid?' })).status).toBe(503);
  await level('retrieval-only');
  expect(await (await http('alice', 'POST', '/api/ask', { question: 'How are refunds paid?' })).json()).toMatchObject({ mode: 'retrieval-only', confidence: 0 });
});
row('ask', 'http', 'rate-limit', 'limiter refuses → 429', async () => expect((await http('alice', 'POST', '/api/ask', { question: 'How are refunds paid?' }, LIMITED)).status).toBe(429));
row('ask', 'http', 'budget', 'budget spent → 429 budget_exhausted', async () => {
  const res = await http('alice', 'POST', '/api/ask', { question: 'How are refunds paid?' }, NO_BUDGET);
  expect(await res.json()).toMatchObject({ error: { code: 'budget_exhausted' } });
});

// search
row('search', 'http', 'role', 'anonymous → 401', async () => expect((await http(null, 'GET', '/api/search?q=refund')).status).toBe(401));
row('search', 'http', 'group', 'ravi gets no finance chunk', async () => {
  const body = (await (await http('ravi', 'GET', '/api/search?q=Q3%20refund%20rate%20Northwind')).json()) as { results: { documentId: string }[] };
  expect(body.results.map((r) => r.documentId)).not.toContain(financeDoc);
});
row('search', 'http', 'kill-switch', 'off → 503', async () => {
  await level('off');
  expect((await http('alice', 'GET', '/api/search?q=refund')).status).toBe(503);
});
row('search', 'http', 'rate-limit', 'limiter refuses → 429', async () => expect((await http('alice', 'GET', '/api/search?q=refund', undefined, LIMITED)).status).toBe(429));
row('search', 'http', 'budget', 'budget spent → 429', async () => expect((await http('alice', 'GET', '/api/search?q=refund', undefined, NO_BUDGET)).status).toBe(429));

// documents
const upload = { title: 'Door note', text: 'A note uploaded by the every-door test.', groups: ['support'] };
row('documents.upload', 'http', 'role', 'user → 403', async () => expect((await http('alice', 'POST', '/api/documents', upload)).status).toBe(403));
row('documents.upload', 'http', 'kill-switch', 'read-only → 503', async () => {
  await level('read-only');
  expect((await http('oscar', 'POST', '/api/documents', upload)).status).toBe(503);
});
const batchBody = () => ({ method: 'POST', headers: { 'Content-Type': 'application/x-ndjson' }, body: JSON.stringify({ title: 'Door batch', text: 'Batch uploads obey the same rules.', groups: ['*'] }) });
const batchRequest = (user: string) => createApp().request('/api/documents/batch', { ...batchBody(), headers: { ...batchBody().headers, Authorization: `Bearer demo-${user}` } }, env);
row('documents.batch-upload', 'http', 'role', 'reviewer → 403', async () => expect((await batchRequest('rita')).status).toBe(403));
row('documents.batch-upload', 'http', 'kill-switch', 'read-only → 503', async () => {
  await level('read-only');
  expect((await batchRequest('oscar')).status).toBe(503);
});
row('documents.batch-status', 'http', 'role', 'reviewer → 403', async () => expect((await http('rita', 'GET', '/api/documents/batches')).status).toBe(403));
row('documents.batch-status', 'http', 'kill-switch', 'off → 503', async () => {
  await level('off');
  expect((await http('oscar', 'GET', '/api/documents/batches')).status).toBe(503);
});
row('documents.batch-status', 'page', 'role', 'user → 403; the operator sees the bulk uploads', async () => {
  expect((await page('alice', '/documents')).status).toBe(403);
  expect(await (await page('oscar', '/documents')).text()).toContain('Bulk uploads');
});
row('documents.batch-status', 'page', 'kill-switch', 'off → 503 page', async () => {
  await level('off');
  expect((await page('oscar', '/documents')).status).toBe(503);
});
row('documents.list', 'http', 'role', 'anonymous → 401', async () => expect((await http(null, 'GET', '/api/documents')).status).toBe(401));
row('documents.list', 'page', 'role', 'anonymous → sign in; user → 403', async () => {
  expect((await page(null, '/documents')).status).toBe(303);
  expect((await page('alice', '/documents')).status).toBe(403);
});
row('documents.list', 'http', 'group', 'ravi does not see the finance document', async () => {
  const body = (await (await http('ravi', 'GET', '/api/documents')).json()) as { documents: { id: string }[] };
  expect(body.documents.map((d) => d.id)).not.toContain(financeDoc);
});
row('documents.list', 'page', 'group', 'the page lists only readable documents (oscar sees the finance one)', async () => {
  expect(await (await page('oscar', '/documents')).text()).toContain('Northwind finance');
});
row('documents.list', 'http', 'kill-switch', 'off → 503', async () => {
  await level('off');
  expect((await http('ravi', 'GET', '/api/documents')).status).toBe(503);
});
row('documents.list', 'page', 'kill-switch', 'off → 503 page', async () => {
  await level('off');
  expect((await page('oscar', '/documents')).status).toBe(503);
});
row('documents.read', 'http', 'role', 'anonymous → 401', async () => expect((await http(null, 'GET', `/api/documents/${financeDoc}`)).status).toBe(401));
row('documents.read', 'page', 'role', 'anonymous → sign in', async () => expect((await page(null, `/documents/${financeDoc}`)).status).toBe(303));
row('documents.read', 'http', 'group', 'ravi → 404, rita → 200', async () => {
  expect((await http('ravi', 'GET', `/api/documents/${financeDoc}/text`)).status).toBe(404);
  expect((await http('rita', 'GET', `/api/documents/${financeDoc}/text`)).status).toBe(200);
});
row('documents.read', 'page', 'group', 'ravi → 404 page without the text', async () => {
  const res = await page('ravi', `/documents/${financeDoc}`);
  expect(res.status).toBe(404);
  expect(await res.text()).not.toContain(FINANCE_FACT);
});
row('documents.read', 'http', 'kill-switch', 'off → 503', async () => {
  await level('off');
  expect((await http('rita', 'GET', `/api/documents/${financeDoc}`)).status).toBe(503);
});
row('documents.read', 'page', 'kill-switch', 'off → 503 page', async () => {
  await level('off');
  expect((await page('rita', `/documents/${financeDoc}`)).status).toBe(503);
});
row('documents.delete', 'http', 'role', 'reviewer → 403', async () => expect((await http('rita', 'DELETE', `/api/documents/${financeDoc}`)).status).toBe(403));
row('documents.delete', 'http', 'kill-switch', 'read-only → 503 and the document stays', async () => {
  await level('read-only');
  expect((await http('oscar', 'DELETE', `/api/documents/${financeDoc}`)).status).toBe(503);
  await level('full');
  expect((await http('oscar', 'GET', `/api/documents/${financeDoc}`)).status).toBe(200);
});

// tasks
const TASK_INPUT = 'When are refunds paid out?';
row('tasks.create', 'http', 'role', 'anonymous → 401', async () => expect((await http(null, 'POST', '/api/tasks', { input: TASK_INPUT })).status).toBe(401));
row('tasks.create', 'websocket', 'role', 'a socket for an unknown user starts nothing', async () => {
  expect(await socketMessage('mallory', TASK_INPUT)).toMatchObject({ type: 'error', code: 'unauthenticated' });
});
row('tasks.create', 'http', 'kill-switch', 'read-only and retrieval-only → 503', async () => {
  for (const l of ['read-only', 'retrieval-only', 'off'] as const) {
    await level(l);
    expect((await http('alice', 'POST', '/api/tasks', { input: TASK_INPUT })).status, l).toBe(503);
  }
});
row('tasks.create', 'websocket', 'kill-switch', 'read-only, retrieval-only, off → service_degraded', async () => {
  for (const l of ['read-only', 'retrieval-only', 'off'] as const) {
    await level(l);
    expect(await socketMessage('alice', TASK_INPUT), l).toMatchObject({ type: 'error', code: 'service_degraded' });
  }
});
row('tasks.create', 'http', 'rate-limit', 'limiter refuses → 429', async () => expect((await http('alice', 'POST', '/api/tasks', { input: TASK_INPUT }, LIMITED)).status).toBe(429));
row('tasks.create', 'websocket', 'rate-limit', 'limiter refuses → rate_limited', async () => {
  expect(await socketMessage('alice', TASK_INPUT, LIMITED)).toMatchObject({ type: 'error', code: 'rate_limited' });
});
row('tasks.create', 'http', 'budget', 'budget spent → 429 budget_exhausted', async () => {
  expect(await (await http('alice', 'POST', '/api/tasks', { input: TASK_INPUT }, NO_BUDGET)).json()).toMatchObject({ error: { code: 'budget_exhausted' } });
});
row('tasks.create', 'websocket', 'budget', 'budget spent → budget_exhausted', async () => {
  expect(await socketMessage('alice', TASK_INPUT, NO_BUDGET)).toMatchObject({ type: 'error', code: 'budget_exhausted' });
});
row('tasks.list', 'http', 'role', 'anonymous → 401', async () => expect((await http(null, 'GET', '/api/tasks')).status).toBe(401));
row('tasks.list', 'page', 'role', 'anonymous → sign in', async () => expect((await page(null, '/tasks')).status).toBe(303));
row('tasks.list', 'http', 'kill-switch', 'off → 503', async () => {
  await level('off');
  expect((await http('alice', 'GET', '/api/tasks')).status).toBe(503);
});
row('tasks.list', 'page', 'kill-switch', 'off → 503 page', async () => {
  await level('off');
  expect((await page('alice', '/tasks')).status).toBe(503);
});
row('tasks.read', 'http', 'role', "a user cannot read someone else's task", async () => expect((await http('alice', 'GET', `/api/tasks/${financeTask}`)).status).toBe(404));
row('tasks.read', 'page', 'role', "a user cannot open someone else's task page", async () => expect((await page('alice', `/tasks/${financeTask}`)).status).toBe(404));
row('tasks.read', 'http', 'group', 'ravi gets the task with its content withheld; rita gets it whole', async () => {
  const ravi = await (await http('ravi', 'GET', `/api/tasks/${financeTask}`)).json();
  expect(ravi).toMatchObject({ withheld: expect.stringMatching(/outside your groups/), answer: null, proposal: null, citations: [] });
  expect(JSON.stringify(ravi)).not.toContain(FINANCE_FACT);
  expect(await (await http('rita', 'GET', `/api/tasks/${financeTask}`)).json()).toMatchObject({ withheld: null });
});
row('tasks.read', 'page', 'group', 'the task page withholds the content from ravi', async () => {
  const html = await (await page('ravi', `/tasks/${financeTask}`)).text();
  expect(html).toContain('withheld-notice');
  expect(html).not.toContain(FINANCE_FACT);
});
row('tasks.read', 'http', 'kill-switch', 'off → 503', async () => {
  await level('off');
  expect((await http('rita', 'GET', `/api/tasks/${financeTask}`)).status).toBe(503);
});
row('tasks.read', 'page', 'kill-switch', 'off → 503 page, no answer', async () => {
  await level('off');
  const res = await page('rita', `/tasks/${financeTask}`);
  expect(res.status).toBe(503);
  expect(await res.text()).not.toContain(FINANCE_FACT);
});
row('tasks.propose', 'workflow', 'kill-switch', 'a propose step at read-only or retrieval-only holds and generates nothing', async () => {
  const id = await newTaskRow('alice', TASK_INPUT);
  for (const l of ['read-only', 'retrieval-only', 'off'] as const) {
    await level(l);
    expect(await proposeTask(workflowContext(), id), l).toEqual({ held: l });
  }
  expect(await db.select().from(traces).where(eq(traces.taskId, id)).all()).toHaveLength(0);
});
row('tasks.propose', 'workflow', 'budget', "a propose step fails the task once the requester's budget is spent", async () => {
  const id = await newTaskRow('alice', TASK_INPUT);
  await expect(proposeTask(workflowContext(NO_BUDGET), id)).rejects.toBeInstanceOf(TaskStepFailure);
  expect(await db.select().from(traces).where(eq(traces.taskId, id)).all()).toHaveLength(0);
});
row('tasks.commit', 'workflow', 'kill-switch', 'a commit step while the switch is up holds and writes nothing', async () => {
  const id = await newTaskRow('alice', 'Escalate TCK-2001 to L2.');
  const action = { type: 'escalate' as const, params: { ticketId: 'TCK-2001', level: 'L2' as const, reason: 'door test' } };
  for (const l of ['retrieval-only', 'read-only', 'off'] as const) {
    await level(l);
    expect(await commitTask(workflowContext(), id, action), l).toEqual({ held: l });
  }
  expect(await db.select().from(actionCommits).where(eq(actionCommits.taskId, id)).all()).toHaveLength(0);
});

// reviews
row('reviews.queue', 'http', 'role', 'user → 403', async () => expect((await http('alice', 'GET', '/api/reviews')).status).toBe(403));
row('reviews.queue', 'page', 'role', 'user → 403 page', async () => expect((await page('alice', '/reviews')).status).toBe(403));
row('reviews.queue', 'http', 'group', "ravi's queue withholds the finance task's params and answer", async () => {
  const body = (await (await http('ravi', 'GET', '/api/reviews')).json()) as { reviews: { taskId: string; withheld: string | null; canDecide: boolean; proposedParams: unknown }[] };
  expect(body.reviews.find((r) => r.taskId === financeTask)).toMatchObject({ withheld: expect.any(String), canDecide: false, proposedParams: null });
  expect(JSON.stringify(body)).not.toContain(FINANCE_FACT);
});
row('reviews.queue', 'page', 'group', 'the review page withholds it from ravi too', async () => {
  const html = await (await page('ravi', `/reviews/${financeTask}`)).text();
  expect(html).toContain('withheld-notice');
  expect(html).not.toContain(FINANCE_FACT);
  expect(await (await page('ravi', '/reviews')).text()).not.toContain(FINANCE_FACT);
});
row('reviews.queue', 'http', 'kill-switch', 'off → 503', async () => {
  await level('off');
  expect((await http('ravi', 'GET', '/api/reviews')).status).toBe(503);
});
row('reviews.queue', 'page', 'kill-switch', 'off → 503 page', async () => {
  await level('off');
  expect((await page('ravi', '/reviews')).status).toBe(503);
});
row('reviews.read', 'http', 'role', 'user → 403', async () => expect((await http('alice', 'GET', `/api/reviews/${financeTask}`)).status).toBe(403));
row('reviews.read', 'page', 'role', 'user → 403 page', async () => expect((await page('alice', `/reviews/${financeTask}`)).status).toBe(403));
row('reviews.read', 'http', 'group', 'ravi gets the review withheld, with no evidence; rita gets the ticket and the policy', async () => {
  const ravi = await (await http('ravi', 'GET', `/api/reviews/${financeTask}`)).json();
  expect(ravi).toMatchObject({ withheld: expect.any(String), evidence: null, proposedParams: null });
  expect(JSON.stringify(ravi)).not.toContain(FINANCE_FACT);
  expect(await (await http('rita', 'GET', `/api/reviews/${financeTask}`)).json()).toMatchObject({ withheld: null, evidence: { ticket: { id: 'TCK-2001' } } });
});
row('reviews.read', 'page', 'group', 'the review page shows ravi no evidence section', async () => {
  const html = await (await page('ravi', `/reviews/${financeTask}`)).text();
  expect(html).not.toContain('id="ticket-evidence"');
  expect(await (await page('rita', `/reviews/${financeTask}`)).text()).toContain('id="ticket-evidence"');
});
row('reviews.read', 'http', 'kill-switch', 'off → 503', async () => {
  await level('off');
  expect((await http('rita', 'GET', `/api/reviews/${financeTask}`)).status).toBe(503);
});
row('reviews.read', 'page', 'kill-switch', 'off → 503 page', async () => {
  await level('off');
  expect((await page('rita', `/reviews/${financeTask}`)).status).toBe(503);
});
row('reviews.decide', 'http', 'role', 'user → 403', async () => expect((await http('alice', 'POST', `/api/reviews/${financeTask}/decision`, { decision: 'approve' })).status).toBe(403));
row('reviews.decide', 'http', 'group', 'ravi may not decide a task drawing on finance documents', async () => {
  const res = await http('ravi', 'POST', `/api/reviews/${financeTask}/decision`, { decision: 'approve' });
  expect(res.status).toBe(403);
  expect(JSON.stringify(await res.json())).toMatch(/outside your groups/);
});
row('reviews.decide', 'http', 'kill-switch', 'read-only → 503, the review stays pending', async () => {
  await level('read-only');
  expect((await http('rita', 'POST', `/api/reviews/${financeTask}/decision`, { decision: 'reject', comment: 'no' })).status).toBe(503);
  await level('full');
  const queue = (await (await http('rita', 'GET', '/api/reviews')).json()) as { reviews: { taskId: string }[] };
  expect(queue.reviews.map((r) => r.taskId)).toContain(financeTask);
});

// feedback
row('feedback.give', 'http', 'role', "anonymous → 401; feedback on someone else's answer → 404", async () => {
  expect((await http(null, 'POST', '/api/feedback', { traceId: 'x', rating: 'up' })).status).toBe(401);
  const { traceId } = (await (await http('alice', 'POST', '/api/ask', { question: 'How are refunds paid?' })).json()) as { traceId: string };
  expect((await http('rita', 'POST', '/api/feedback', { traceId, rating: 'down', reason: 'wrong' })).status).toBe(404);
  expect((await http('alice', 'POST', '/api/feedback', { traceId, rating: 'down', reason: 'wrong' })).status).toBe(200);
});
row('feedback.give', 'http', 'kill-switch', 'read-only → 503', async () => {
  const { traceId } = (await (await http('alice', 'POST', '/api/ask', { question: 'How are refunds paid?' })).json()) as { traceId: string };
  await level('read-only');
  expect((await http('alice', 'POST', '/api/feedback', { traceId, rating: 'up' })).status).toBe(503);
});

// failure inbox and candidate golden cases
async function downVotedAnswer(): Promise<string> {
  const { traceId } = (await (await http('alice', 'POST', '/api/ask', { question: 'How are refunds paid?' })).json()) as { traceId: string };
  expect((await http('alice', 'POST', '/api/feedback', { traceId, rating: 'down', reason: 'incomplete' })).status).toBe(200);
  return traceId;
}
async function candidateId(): Promise<string> {
  const res = await http('oscar', 'POST', '/api/inbox/promote', { source: `answer:${await downVotedAnswer()}` });
  return ((await res.json()) as { id: string }).id;
}
row('inbox.read', 'http', 'role', 'reviewer → 403', async () => expect((await http('rita', 'GET', '/api/inbox')).status).toBe(403));
row('inbox.read', 'page', 'role', 'anonymous → sign in; reviewer → 403 page', async () => {
  expect((await page(null, '/inbox')).status).toBe(303);
  expect((await page('rita', '/inbox')).status).toBe(403);
});
row('inbox.read', 'http', 'kill-switch', 'off → 503', async () => {
  await level('off');
  expect((await http('oscar', 'GET', '/api/inbox')).status).toBe(503);
});
row('inbox.read', 'page', 'kill-switch', 'off → 503 page', async () => {
  await level('off');
  expect((await page('oscar', '/inbox')).status).toBe(503);
});
row('golden.promote', 'http', 'role', 'reviewer → 403', async () => {
  const traceId = await downVotedAnswer();
  expect((await http('rita', 'POST', '/api/inbox/promote', { source: `answer:${traceId}` })).status).toBe(403);
});
row('golden.promote', 'http', 'kill-switch', 'read-only → 503', async () => {
  const traceId = await downVotedAnswer();
  await level('read-only');
  expect((await http('oscar', 'POST', '/api/inbox/promote', { source: `answer:${traceId}` })).status).toBe(503);
});
row('golden.candidates.read', 'http', 'role', 'user → 403', async () => {
  expect((await http('alice', 'GET', '/api/golden/candidates')).status).toBe(403);
  expect((await http('alice', 'GET', `/api/golden/candidates/${await candidateId()}`)).status).toBe(403);
});
row('golden.candidates.read', 'page', 'role', 'user → 403 page', async () => expect((await page('alice', `/inbox/candidates/${await candidateId()}`)).status).toBe(403));
row('golden.candidates.read', 'http', 'kill-switch', 'off → 503', async () => {
  await level('off');
  expect((await http('oscar', 'GET', '/api/golden/candidates')).status).toBe(503);
});
row('golden.candidates.read', 'page', 'kill-switch', 'off → 503 page', async () => {
  const id = await candidateId();
  await level('off');
  expect((await page('oscar', `/inbox/candidates/${id}`)).status).toBe(503);
});
const refusedCase = { tags: ['out-of-scope'], user: 'alice', kind: 'ask', input: 'How are refunds paid?', expect: { route: 'refused', documents: [], facts: [] } };
row('golden.candidates.edit', 'http', 'role', 'reviewer → 403', async () => {
  expect((await http('rita', 'PUT', `/api/golden/candidates/${await candidateId()}`, { status: 'accepted', case: refusedCase })).status).toBe(403);
});
row('golden.candidates.edit', 'http', 'kill-switch', 'read-only → 503, the candidate stays a draft', async () => {
  const id = await candidateId();
  await level('read-only');
  expect((await http('oscar', 'PUT', `/api/golden/candidates/${id}`, { status: 'accepted', case: refusedCase })).status).toBe(503);
  await level('full');
  expect(await (await http('oscar', 'GET', `/api/golden/candidates/${id}`)).json()).toMatchObject({ status: 'draft' });
});

// session socket
row('session.connect', 'websocket', 'role', "anonymous → 401; another person's session → 403", async () => {
  const open = (headers: Record<string, string>, user = 'alice') => exports.default.fetch(new Request(`${BASE}/agents/user-session-agent/${user}`, { headers: { Upgrade: 'websocket', ...headers } }));
  expect((await open({})).status).toBe(401);
  expect((await open({ Authorization: 'Bearer demo-alice' }, 'rita')).status).toBe(403);
});

// admin
row('admin.metrics', 'http', 'role', 'reviewer → 403', async () => expect((await http('rita', 'GET', '/api/metrics')).status).toBe(403));
row('admin.metrics', 'page', 'role', 'reviewer → 403 page', async () => expect((await page('rita', '/dashboard')).status).toBe(403));
row('admin.kill-switch', 'http', 'role', 'reviewer → 403, and the level is unchanged', async () => {
  expect((await http('rita', 'POST', '/api/admin/kill-switch', { level: 'off' })).status).toBe(403);
  expect(await (await http('oscar', 'GET', '/api/admin/kill-switch')).json()).toEqual({ level: 'full' });
});
const kpiContract = { name: 'Refunds handled per hour', unit: 'refunds', measurement: 'manual', howMeasured: 'helpdesk export', direction: 'higher-is-better', baseline: 4, goLive: 6, kill: 3 };
row('kpi.write', 'http', 'role', 'reviewer → 403', async () => {
  expect((await http('rita', 'PUT', '/api/kpi/contract', kpiContract)).status).toBe(403);
  expect((await http('rita', 'POST', '/api/kpi/values', { week: '2026-11-23', value: 5 })).status).toBe(403);
});
row('kpi.write', 'http', 'kill-switch', 'read-only → 503', async () => {
  await level('read-only');
  expect((await http('oscar', 'PUT', '/api/kpi/contract', kpiContract)).status).toBe(503);
  expect((await http('oscar', 'POST', '/api/kpi/values', { week: '2026-11-23', value: 5 })).status).toBe(503);
});
row('admin.retention', 'http', 'role', 'reviewer → 403', async () => expect((await http('rita', 'POST', '/api/admin/retention/run')).status).toBe(403));
row('admin.retention', 'http', 'kill-switch', 'read-only → 503', async () => {
  await level('read-only');
  expect((await http('oscar', 'POST', '/api/admin/retention/run')).status).toBe(503);
});
row('maintenance.scheduled', 'cron', 'kill-switch', 'the cron purges at full and skips at read-only', async () => {
  await level('read-only');
  expect(await runScheduledMaintenance(systemContext(env, 'cron', 'cron-test'))).toMatchObject({ level: 'read-only', purged: null });
  await level('full');
  expect((await runScheduledMaintenance(systemContext(env, 'cron', 'cron-test'))).purged).toMatchObject({ traces: expect.any(Number) });
});
row('admin.erase', 'http', 'role', 'reviewer → 403', async () => expect((await http('rita', 'DELETE', '/api/users/alice/data')).status).toBe(403));
row('admin.erase', 'http', 'kill-switch', 'read-only → 503', async () => {
  await level('read-only');
  expect((await http('oscar', 'DELETE', '/api/users/nobody/data')).status).toBe(503);
});
row('maintenance.scheduled', 'cron', 'kill-switch', 'crash repair runs only while writes are allowed; held tasks wake only at full', async () => {
  await level('off');
  expect((await runScheduledMaintenance(systemContext(env, 'cron', 'cron-test'))).repaired).toBeNull();
  await level('retrieval-only');
  expect((await runScheduledMaintenance(systemContext(env, 'cron', 'cron-test'))).repaired).toMatchObject({ heldWoken: 0 });
});
row('maintenance.scheduled', 'cron', 'kill-switch', 'online evals are scored and stored only while writes are allowed', async () => {
  await level('read-only');
  expect((await runScheduledMaintenance(systemContext(env, 'cron', 'cron-test'))).online).toBeNull();
  await level('full');
  expect((await runScheduledMaintenance(systemContext(env, 'cron', 'cron-test'))).online).toEqual(expect.arrayContaining([expect.objectContaining({ answers: expect.any(Number) })]));
});
row('traces.read', 'http', 'role', 'anonymous → 401', async () => expect((await http(null, 'GET', '/api/traces')).status).toBe(401));
row('traces.read', 'http', 'kill-switch', "off → a user's own traces are refused, the operator's view stays open", async () => {
  await level('off');
  expect((await http('alice', 'GET', '/api/traces')).status).toBe(503);
  expect((await http('oscar', 'GET', '/api/traces')).status).toBe(200);
});

/** Every HTTP route and page of the app, mapped to the capability it exposes (or why it exposes none). */
const ROUTES: Record<string, CapabilityName | 'public' | 'identity'> = {
  'GET /api/health': 'public',
  'GET /api/openapi.json': 'public',
  'GET /api/docs': 'public',
  'POST /api/ask': 'ask',
  'GET /api/search': 'search',
  'POST /api/documents': 'documents.upload',
  'POST /api/documents/batch': 'documents.batch-upload',
  'GET /api/documents/batches': 'documents.batch-status',
  'GET /api/documents/batches/:id': 'documents.batch-status',
  'GET /api/documents': 'documents.list',
  'GET /api/documents/:id': 'documents.read',
  'GET /api/documents/:id/text': 'documents.read',
  'DELETE /api/documents/:id': 'documents.delete',
  'POST /api/tasks': 'tasks.create',
  'GET /api/tasks': 'tasks.list',
  'GET /api/tasks/:id': 'tasks.read',
  'GET /api/reviews': 'reviews.queue',
  'GET /api/reviews/:taskId': 'reviews.read',
  'POST /api/reviews/:taskId/decision': 'reviews.decide',
  'POST /api/feedback': 'feedback.give',
  'GET /api/inbox': 'inbox.read',
  'POST /api/inbox/promote': 'golden.promote',
  'GET /api/golden/candidates': 'golden.candidates.read',
  'GET /api/golden/candidates/:id': 'golden.candidates.read',
  'PUT /api/golden/candidates/:id': 'golden.candidates.edit',
  'GET /api/metrics': 'admin.metrics',
  'GET /api/metrics/series': 'admin.metrics',
  'GET /api/kpi': 'admin.metrics',
  'PUT /api/kpi/contract': 'kpi.write',
  'POST /api/kpi/values': 'kpi.write',
  'GET /api/admin/kill-switch': 'admin.kill-switch',
  'POST /api/admin/kill-switch': 'admin.kill-switch',
  'POST /api/admin/retention/run': 'admin.retention',
  'DELETE /api/users/:id/data': 'admin.erase',
  'GET /api/traces': 'traces.read',
  'GET /api/traces/:id': 'traces.read',
  'ALL /agents/user-session-agent/:userId': 'session.connect',
  'ALL /agents/user-session-agent/:userId/*': 'session.connect',
  'GET /sign-in': 'identity',
  'POST /sign-in': 'identity',
  'POST /sign-out': 'identity',
  'GET /api/me': 'identity',
  'GET /': 'ask',
  'GET /tasks': 'tasks.list',
  'GET /tasks/:id': 'tasks.read',
  'GET /reviews': 'reviews.queue',
  'GET /reviews/:taskId': 'reviews.read',
  'GET /documents': 'documents.list',
  'GET /documents/:id': 'documents.read',
  'GET /dashboard': 'admin.metrics',
  'GET /inbox': 'inbox.read',
  'GET /inbox/candidates/:id': 'golden.candidates.read',
};

describe('every door', () => {
  beforeAll(async () => {
    financeDoc = (await ingest('finance-q3.md', '# Northwind finance\n\nThe Q3 refund rate for the Northwind store was 9.4 percent, above the 7 percent target.', { groups: 'finance' })).id;
    await ingest('refunds.md', '# Refunds\n\nRefunds are paid to the original payment method within 5 business days.', { groups: 'support' });
    // Someone has spent tokens today, so a budget of 1 is spent.
    await addTokens(db, 'alice', 50);
    // The request itself does not carry the figure: only documents it draws on do.
    const created = await http('rita', 'POST', '/api/tasks', { input: 'Reply to TCK-2001 and tell the customer the Q3 refund rate for the Northwind store.' });
    financeTask = ((await created.json()) as { id: string }).id;
    await waitForStatus(financeTask, 'awaiting_review');
  });

  afterEach(async () => {
    await level('full');
  });

  it('should have rows for every capability × door × rule in the catalogue, and nothing else', () => {
    const expected = Object.entries(CAPABILITIES).flatMap(([capability, c]) => c.doors.flatMap((door) => c.rules.map((rule) => `${capability} · ${door} · ${rule}`)));
    const covered = new Set(rows.map((r) => `${r.capability} · ${r.door} · ${r.rule}`));
    expect(expected.filter((k) => !covered.has(k))).toEqual([]);
    expect([...covered].filter((k) => !expected.includes(k))).toEqual([]);
    expect(RULES.every((rule) => rows.some((r) => r.rule === rule))).toBe(true);
  });

  it('should map every HTTP route and page to a capability, and every capability door to a route', () => {
    const routes = [...new Set(createApp().routes.filter((r) => !(r.method === 'ALL' && r.path === '/*')).map((r) => `${r.method} ${r.path}`))];
    expect(routes.filter((r) => !(r in ROUTES))).toEqual([]);
    const mapped = new Set(Object.values(ROUTES));
    for (const [capability, c] of Object.entries(CAPABILITIES)) {
      const reachable = (c.doors as readonly Door[]).some((d) => d === 'http' || d === 'page');
      if (reachable) expect(mapped.has(capability as CapabilityName), capability).toBe(true);
    }
  });

  for (const r of rows) {
    it(`${r.capability} · ${r.door} · ${r.rule}: ${r.name}`, r.check);
  }
});

