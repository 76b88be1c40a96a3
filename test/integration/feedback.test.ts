import { env } from 'cloudflare:workers';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../src/db/client';
import { feedback } from '../../src/db/schema';
import { insertTask } from '../../src/db/tasks';
import { asUser, ingest, jsonBody } from './helpers';

const db = getDb(env.DB);

async function askAs(user: string, question: string): Promise<string> {
  const res = await asUser(user, '/api/ask', jsonBody({ question }));
  expect(res.status).toBe(200);
  return ((await res.json()) as { traceId: string }).traceId;
}

const give = (user: string, body: unknown) => asUser(user, '/api/feedback', jsonBody(body));

describe('feedback', () => {
  let traceId = '';

  beforeAll(async () => {
    await ingest('warranty.md', '# Warranty\n\nTents carry a two-year warranty against manufacturing defects.', { groups: 'support' });
    traceId = await askAs('alice', 'How long is the tent warranty?');
  });

  it('should record a thumbs down with a reason and a PII-redacted comment, tied to the trace', async () => {
    const res = await give('alice', { traceId, rating: 'down', reason: 'incomplete', comment: 'Ask me at alice.home@example.com, it misses the frame.' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { subjectType: string; subjectId: string; rating: string; reason: string; comment: string };
    expect(body).toMatchObject({ subjectType: 'answer', subjectId: traceId, rating: 'down', reason: 'incomplete' });
    expect(body.comment).toContain('[REDACTED:email]');
    const stored = await db.select().from(feedback).where(eq(feedback.subjectId, traceId)).all();
    expect(JSON.stringify(stored)).not.toContain('alice.home@example.com');
  });

  it('should keep one row per person and answer, and let them change it', async () => {
    expect((await give('alice', { traceId, rating: 'up' })).status).toBe(200);
    const rows = await db.select().from(feedback).where(and(eq(feedback.subjectId, traceId), eq(feedback.userId, 'alice'))).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ rating: 'up', reason: null, comment: null });
  });

  it("should refuse feedback on someone else's answer or task as not found", async () => {
    expect((await give('rita', { traceId, rating: 'down', reason: 'wrong' })).status).toBe(404);
    expect((await give('oscar', { traceId, rating: 'up' })).status).toBe(404);
    expect((await give('alice', { traceId: 'no-such-trace', rating: 'up' })).status).toBe(404);
    const taskId = `task_fb_${crypto.randomUUID().slice(0, 8)}`;
    await insertTask(db, { id: taskId, userId: 'ravi', input: 'Escalate TCK-2001 to L2.' });
    expect((await give('alice', { taskId, rating: 'down', reason: 'wrong' })).status).toBe(404);
    const own = await give('ravi', { taskId, rating: 'down', reason: 'wrong', comment: 'It escalated the wrong ticket.' });
    expect(await own.json()).toMatchObject({ subjectType: 'task', subjectId: taskId, rating: 'down' });
  });

  it('should validate the request: one subject, a known reason, a reason only with a thumbs down', async () => {
    for (const body of [
      { rating: 'up' },
      { traceId, taskId: 'x', rating: 'up' },
      { traceId, rating: 'up', reason: 'wrong' },
      { traceId, rating: 'down', reason: 'boring' },
      { traceId, rating: 'meh' },
    ]) {
      const res = await give('alice', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'invalid_request' } });
    }
  });

  it('should show the thumbs on the task page to the requester, with their current rating', async () => {
    const taskId = `task_fb_${crypto.randomUUID().slice(0, 8)}`;
    await insertTask(db, { id: taskId, userId: 'alice', input: 'When are refunds paid out?' });
    expect(await (await asUser('alice', `/tasks/${taskId}`)).text()).toContain('id="feedback"');
    await give('alice', { taskId, rating: 'down', reason: 'not-grounded' });
    const html = await (await asUser('alice', `/tasks/${taskId}`)).text();
    expect(html).toMatch(/id="thumb-down"[^>]*aria-pressed="true"/);
    expect(html).toMatch(/<option value="not-grounded" selected/);
  });
});
