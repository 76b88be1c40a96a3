import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { WebhookConnector, signWebhook, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../src/actions/connectors/webhook-connector';
import { ModelGateway } from '../../src/ai/gateway';
import { LocalProvider } from '../../src/ai/local/local-provider';
import { ModelCallError, type ModelProvider } from '../../src/ai/provider';
import { createApp } from '../../src/app';
import { getDb } from '../../src/db/client';
import { requestLog, traces } from '../../src/db/schema';
import { ModelUnavailableError } from '../../src/errors';
import { createServices } from '../../src/services';
import { ingest, jsonBody } from './helpers';

const db = getDb(env.DB);

/** The real local provider, except that generation always fails the given way. */
function failingGeneration(fail: () => Promise<never>): ModelProvider {
  const local = new LocalProvider();
  return { name: 'failing', embed: (m, t) => local.embed(m, t), rerank: (m, q, d) => local.rerank(m, q, d), generate: fail };
}

const ESCALATE = { type: 'escalate' as const, params: { ticketId: 'TCK-2001', level: 'L2' as const, reason: 'test' } };

describe('fault handling', () => {
  beforeAll(async () => {
    await ingest('faults.md', '# Faults\n\nThe Lakeside store closes at 6 pm on Sundays.', { groups: 'support' });
  });

  it('should answer 503 in the error shape when every model fails, and cache nothing', async () => {
    const provider = failingGeneration(async () => {
      throw new ModelCallError('503 Service Unavailable', false);
    });
    const app = createApp({ services: (e) => createServices(e, { modelProvider: provider }) });
    const res = await app.request('/api/ask', { ...jsonBody({ question: 'When does the Lakeside store close on Sundays?' }), headers: { 'Content-Type': 'application/json', Authorization: 'Bearer demo-alice' } }, env);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string } };
    expect(body.error.code).toBe('model_unavailable');
    expect((await env.ANSWER_CACHE.list({ prefix: 'answer:' })).keys).toHaveLength(0);
    const logged = await db.select().from(requestLog).where(eq(requestLog.status, 503)).all();
    expect(logged).toHaveLength(1);
  });

  it('should time out a hanging model, retry, and record every attempt', async () => {
    const hanging = failingGeneration(() => new Promise<never>(() => undefined));
    const gateway = new ModelGateway({
      traceBodies: env.DOCUMENTS,
      provider: hanging,
      providerName: 'workers-ai',
      db,
      context: { requestId: 'req-hang', userId: 'alice' },
      retry: { attemptsPerModel: 2, timeoutMs: 20, baseDelayMs: 1 },
      sleep: async () => undefined,
    });
    await expect(gateway.generate('answer', { system: 's', prompt: 'p' })).rejects.toBeInstanceOf(ModelUnavailableError);
    const attempts = await db.select().from(traces).where(eq(traces.requestId, 'req-hang')).all();
    expect(attempts).toHaveLength(4);
    expect(attempts.every((a) => a.error?.includes('timed out'))).toBe(true);
  });

  it('should retry a failing webhook target with the same idempotency key until it recovers, with exactly one effect', async () => {
    const secret = 'webhook-secret-0123456789';
    const effects = new Map<string, string>();
    const seenKeys: string[] = [];
    let failuresLeft = 2;
    const receiver = (async (_url: string, init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      const key = headers.get('Idempotency-Key')!;
      seenKeys.push(key);
      const body = String(init?.body);
      expect(headers.get(SIGNATURE_HEADER)).toBe(await signWebhook(secret, headers.get(TIMESTAMP_HEADER)!, key, body));
      if (failuresLeft-- > 0) return new Response('down', { status: 503 });
      if (effects.has(key)) return Response.json({ idempotencyKey: key, applied: true }, { status: 409 });
      effects.set(key, body);
      return new Response('ok');
    }) as typeof fetch;
    const connector = new WebhookConnector({ url: 'https://sor.example/actions', secret, fetch: receiver, sleep: async () => undefined });
    const action = { type: 'issue_refund' as const, params: { orderId: 'ORD-1001', amountUsd: 10, reason: 'test' } };
    const first = await connector.commit(action, { taskId: 't1', idempotencyKey: 'task:t1' });
    const replay = await connector.commit(action, { taskId: 't1', idempotencyKey: 'task:t1' });
    expect(first.appliedNow).toBe(true);
    expect(replay.appliedNow).toBe(false);
    expect(new Set(seenKeys)).toEqual(new Set(['task:t1']));
    expect(seenKeys).toHaveLength(4);
    expect(effects.size).toBe(1);
  });

  it('should give up on a webhook target that keeps failing, so the Workflow step retries later', async () => {
    const down = (async () => new Response('down', { status: 500 })) as typeof fetch;
    const connector = new WebhookConnector({ url: 'https://sor.example/actions', secret: 'webhook-secret-0123456789', fetch: down, attempts: 3, sleep: async () => undefined });
    await expect(connector.commit(ESCALATE, { taskId: 't2', idempotencyKey: 'task:t2' })).rejects.toThrow(/HTTP 500/);
  });

  it('should sign the idempotency key, so a body replayed under another key fails verification', async () => {
    const secret = 'webhook-secret-0123456789';
    let seen: { key: string; timestamp: string; body: string; signature: string } | undefined;
    const receiver = (async (_url: string, init?: RequestInit) => {
      const h = new Headers(init?.headers);
      seen = { key: h.get('Idempotency-Key')!, timestamp: h.get(TIMESTAMP_HEADER)!, body: String(init?.body), signature: h.get(SIGNATURE_HEADER)! };
      return new Response('ok');
    }) as typeof fetch;
    await new WebhookConnector({ url: 'https://sor.example/actions', secret, fetch: receiver }).commit(ESCALATE, { taskId: 't3', idempotencyKey: 'task:t3' });
    expect(seen!.signature).toBe(await signWebhook(secret, seen!.timestamp, 'task:t3', seen!.body));
    expect(seen!.signature).not.toBe(await signWebhook(secret, seen!.timestamp, 'task:other', seen!.body));
  });

  it('should not count a 409 as committed unless the receiver confirms this key was applied', async () => {
    const conflict = (body: unknown) => (async () => Response.json(body, { status: 409 })) as typeof fetch;
    const commit = (receiver: typeof globalThis.fetch) =>
      new WebhookConnector({ url: 'https://sor.example/actions', secret: 'webhook-secret-0123456789', fetch: receiver, attempts: 1 }).commit(ESCALATE, { taskId: 't4', idempotencyKey: 'task:t4' });
    await expect(commit(conflict({ error: 'version conflict' }))).rejects.toThrow(/409/);
    await expect(commit(conflict({ idempotencyKey: 'task:someone-else', applied: true }))).rejects.toThrow(/409/);
    await expect(commit(conflict({ idempotencyKey: 'task:t4', applied: true }))).resolves.toMatchObject({ appliedNow: false });
  });
});
