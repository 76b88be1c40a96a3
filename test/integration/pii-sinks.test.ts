/**
 * Redaction holds in every place text is kept or logged: personal data typed into a question, a task, a review
 * comment and feedback must not appear in any D1 table, any R2 object (trace bodies included) or any console line.
 * The walk reads every table and object there is, so a new sink that stores raw text fails here without a new row.
 */
import { env } from 'cloudflare:workers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { asUser, ingest, jsonBody } from './helpers';

const EMAIL = 'zoe.quint@example.org';
const PHONE = '+44 7700 900123';
const CARD = '4111 1111 1111 1111';
const IBAN = 'GB82 WEST 1234 5698 7654 32';
const NAME = 'Zoe Quint';
const RAW = [EMAIL, PHONE, CARD, IBAN, NAME, '4111111111111111', 'zoe.quint'];

const logged: string[] = [];

async function waitForStatus(id: string, statuses: string[], timeoutMs = 20_000): Promise<{ status: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const t = (await (await asUser('oscar', `/api/tasks/${id}`)).json()) as { status: string };
    if (statuses.includes(t.status)) return t;
    if (Date.now() > deadline) throw new Error(`task ${id} is ${t.status}, expected ${statuses.join('|')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Every row of every D1 table, as text. */
async function everyTable(): Promise<Map<string, string>> {
  const { results } = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'").all<{ name: string }>();
  const out = new Map<string, string>();
  for (const { name } of results) {
    const rows = await env.DB.prepare(`SELECT * FROM "${name}"`).all();
    out.set(name, JSON.stringify(rows.results));
  }
  return out;
}

/** Every R2 object's body, as text. */
async function everyObject(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let cursor: string | undefined;
  do {
    const page = await env.DOCUMENTS.list({ cursor, limit: 500 });
    for (const o of page.objects) out.set(o.key, (await (await env.DOCUMENTS.get(o.key))!.text()));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return out;
}

/** Every key and value in the answer cache (Workers KV). */
async function everyCacheEntry(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let cursor: string | undefined;
  do {
    const page = await env.ANSWER_CACHE.list(cursor ? { cursor } : {});
    for (const k of page.keys) out.set(k.name, (await env.ANSWER_CACHE.get(k.name)) ?? '');
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return out;
}

describe('PII redaction across every sink', () => {
  beforeAll(async () => {
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      const original = console[level].bind(console);
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        logged.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
        original(...args);
      });
    }
    await ingest('refunds-pii.md', '# Refunds\n\nRefunds are issued within 14 days of delivery to the original card.', { groups: '*' });
  });
  afterAll(() => vi.restoreAllMocks());

  it('should keep the raw values out of D1, R2 and the logs after an ask, a task, a review and feedback', async () => {
    const question = `My name is ${NAME}, my email is ${EMAIL}, card ${CARD}, phone ${PHONE}, IBAN ${IBAN}: how long do refunds take?`;
    const asked = await asUser('alice', '/api/ask', jsonBody({ question }));
    expect(asked.status).toBe(200);
    const { traceId } = (await asked.json()) as { traceId: string };
    // The same question again is served from the answer cache, which must hold no raw value either.
    expect((await asUser('alice', '/api/ask', jsonBody({ question }))).status).toBe(200);

    const created = await asUser('alice', '/api/tasks', jsonBody({ input: `Issue a refund of $89.90 on ORD-1004 for ${NAME}, ${EMAIL} (${PHONE}), the rack did not fit.` }));
    expect(created.status).toBe(202);
    const { id } = (await created.json()) as { id: string };
    await waitForStatus(id, ['awaiting_review']);
    const decided = await asUser('rita', `/api/reviews/${id}/decision`, jsonBody({ decision: 'reject', comment: `${NAME} (${EMAIL}) asked to cancel, call ${PHONE}.` }));
    expect(decided.status).toBe(200);
    await waitForStatus(id, ['rejected']);

    expect((await asUser('alice', '/api/feedback', jsonBody({ traceId, rating: 'down', reason: 'incomplete', comment: `Reply to ${EMAIL}` }))).status).toBe(200);

    const tables = await everyTable();
    const objects = await everyObject();
    // The walk must see the sinks it claims to check, each with a redacted trace of this run.
    const cached = await everyCacheEntry();
    for (const sink of ['traces', 'tasks', 'reviews', 'audit_log', 'feedback', 'request_log', 'answer_log']) expect(tables.has(sink), sink).toBe(true);
    expect([...cached.keys()].some((k) => k.startsWith('answer:'))).toBe(true);
    // D1's trace rows hold hashes only; their prompts and completions are the R2 objects checked below.
    for (const sink of ['tasks', 'audit_log', 'feedback', 'answer_log']) expect(tables.get(sink), sink).toContain('[REDACTED:');
    expect([...objects.keys()].some((k) => k.startsWith('traces/'))).toBe(true);
    expect([...objects.values()].some((body) => body.includes('[REDACTED:'))).toBe(true);

    const leaks: string[] = [];
    for (const [where, text] of [...[...tables].map(([t, s]) => [`D1 ${t}`, s] as const), ...[...objects].map(([k, s]) => [`R2 ${k}`, s] as const), ...[...cached].map(([k, s]) => [`KV ${k}`, `${k} ${s}`] as const), ...logged.map((l, i) => [`console #${i}`, l] as const)]) {
      for (const raw of RAW) if (text.toLowerCase().includes(raw.toLowerCase())) leaks.push(`${raw} in ${where}`);
    }
    expect(leaks).toEqual([]);
  });
});
