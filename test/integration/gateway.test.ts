import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { ModelGateway } from '../../src/ai/gateway';
import { LocalProvider } from '../../src/ai/local/local-provider';
import { ModelCallError, type ModelProvider } from '../../src/ai/provider';
import { WorkersAiProvider, type AiRunner } from '../../src/ai/workers-ai-provider';
import { getDb } from '../../src/db/client';
import { traces } from '../../src/db/schema';
import { tokensUsedOn, utcDay } from '../../src/db/token-usage';
import { getTraceBody, traceBodyKey, traceHash } from '../../src/db/trace-bodies';
import { ModelUnavailableError } from '../../src/errors';
import { asUser } from './helpers';

const db = getDb(env.DB);

/** The D1 rows of a request, each with its body read back from R2. */
async function tracesFor(requestId: string) {
  const rows = await db.select().from(traces).where(eq(traces.requestId, requestId)).all();
  return Promise.all(rows.map(async (r) => ({ ...r, ...(await getTraceBody(env.DOCUMENTS, r.id)) })));
}

function gateway(provider: ModelProvider, providerName: 'local' | 'workers-ai', requestId: string) {
  return new ModelGateway({ provider, providerName, db, traceBodies: env.DOCUMENTS, context: { requestId, userId: 'alice' }, sleep: async () => {} });
}

describe('ModelGateway', () => {
  it('should write a complete, redacted trace for each call through the local provider', async () => {
    const g = gateway(new LocalProvider(), 'local', 'req-local');
    const [vector] = await g.embed(['refund window for jane@example.com']);
    expect(vector).toHaveLength(512);
    await g.rerank('refund', ['refunds take 5 days', 'shipping is free']);
    const rows = await tracesFor('req-local');
    expect(rows.map((r) => r.operation).sort()).toEqual(['embed', 'rerank']);
    for (const r of rows) {
      expect(r).toMatchObject({ provider: 'local', userId: 'alice', attempt: 1, error: null });
      expect(r.model).toMatch(/^local\//);
      expect(r.tokensIn).toBeGreaterThan(0);
      expect(r.latencyMs).toBeGreaterThanOrEqual(0);
      expect(r.response).toBeTruthy();
    }
    const embedRow = rows.find((r) => r.operation === 'embed')!;
    expect(embedRow.prompt).toContain('[REDACTED:email]');
    expect(embedRow.prompt).not.toContain('jane@example.com');
  });

  it("should add each call's tokens to the person's daily counter as the trace is written", async () => {
    const userId = `counter-${crypto.randomUUID()}`;
    const g = new ModelGateway({ provider: new LocalProvider(), providerName: 'local', db, traceBodies: env.DOCUMENTS, context: { requestId: 'req-counter', userId } });
    await g.embed(['refund window']);
    await g.rerank('refund', ['refunds take 5 days']);
    const rows = await db.select().from(traces).where(eq(traces.userId, userId)).all();
    const spent = rows.reduce((n, r) => n + r.tokensIn + r.tokensOut, 0);
    expect(spent).toBeGreaterThan(0);
    expect(await tokensUsedOn(db, userId, utcDay(new Date()))).toBe(spent);
  });

  it('should keep trace text out of D1: the body is in R2 under the trace id, the row holds its hashes', async () => {
    const g = gateway(new LocalProvider(), 'local', 'req-split');
    await g.rerank('warranty', ['tents are covered for two years']);
    const [row] = await db.select().from(traces).where(eq(traces.requestId, 'req-split')).all();
    expect(row).toBeDefined();
    // The legacy columns stay (for the version still serving during a rollout) but hold no text.
    expect([row!.prompt, row!.response, row!.gatewayMetadata]).toEqual(['', null, null]);
    const stored = await env.DOCUMENTS.get(traceBodyKey(row!.id));
    expect(stored?.key).toBe(`traces/${row!.id}.json`);
    const body = await getTraceBody(env.DOCUMENTS, row!.id);
    expect(body?.prompt).toContain('tents are covered for two years');
    expect(row!.promptHash).toBe(await traceHash(body!.prompt));
    expect(row!.responseHash).toBe(await traceHash(body!.response!));
  });

  it('should call Workers AI with the gateway options and trace tokens and cost', async () => {
    const calls: { model: string; options?: Record<string, unknown> }[] = [];
    const ai: AiRunner = {
      async run(model, _input, options) {
        calls.push({ model, options });
        return { response: '{"answer":"ok"}', usage: { prompt_tokens: 1200, completion_tokens: 30 } };
      },
    };
    const g = gateway(new WorkersAiProvider(ai, 'edge-rag'), 'workers-ai', 'req-wai');
    const out = await g.generate('answer', { system: 'sys', prompt: 'question' }, { skipCache: true, cacheTtl: 60 });
    expect(out).toEqual({ text: '{"answer":"ok"}', model: '@cf/meta/llama-3.3-70b-instruct-fp8-fast' });
    const [row] = await tracesFor('req-wai');
    expect(calls[0]?.options?.gateway).toEqual({
      id: 'edge-rag',
      skipCache: true,
      cacheTtl: 60,
      metadata: { traceId: row!.id, requestId: 'req-wai', userId: 'alice' },
    });
    expect(row).toMatchObject({ provider: 'workers-ai', tokensIn: 1200, tokensOut: 30, operation: 'generate' });
    expect(row!.costUsd).toBeGreaterThan(0);
  });

  it('should retry retriable failures, fall back down the chain and trace every attempt', async () => {
    let failures = 4;
    const ai: AiRunner = {
      async run() {
        if (failures-- > 0) throw new Error('429 Too Many Requests');
        return { response: 'fine', usage: { prompt_tokens: 1, completion_tokens: 1 } };
      },
    };
    const g = gateway(new WorkersAiProvider(ai, 'gw'), 'workers-ai', 'req-retry');
    const out = await g.generate('answer', { system: 's', prompt: 'p' });
    expect(out.model).toBe('@cf/meta/llama-3.1-8b-instruct-fast');
    const rows = (await tracesFor('req-retry')).sort((a, b) => a.attempt - b.attempt);
    expect(rows.map((r) => r.attempt)).toEqual([1, 2, 3, 4, 5]);
    expect(rows.slice(0, 4).every((r) => r.error?.includes('429'))).toBe(true);
    expect(rows[4]!.error).toBeNull();
  });

  it('should give up with ModelUnavailableError when every model fails', async () => {
    const broken: ModelProvider = {
      name: 'broken',
      embed: async () => {
        throw new ModelCallError('boom', false);
      },
      generate: async () => {
        throw new ModelCallError('boom', false);
      },
      rerank: async () => {
        throw new ModelCallError('boom', false);
      },
    };
    await expect(gateway(broken, 'workers-ai', 'req-broken').generate('answer', { system: '', prompt: '' })).rejects.toBeInstanceOf(
      ModelUnavailableError,
    );
    expect(await tracesFor('req-broken')).toHaveLength(2);
  });

  it('should read Llama Guard verdicts in the shape Workers AI returns, and fail closed on anything else', async () => {
    const replying = (response: unknown): AiRunner => ({ run: async () => ({ response, usage: { prompt_tokens: 12, completion_tokens: 2 } }) });
    const guard = (response: unknown) => gateway(new WorkersAiProvider(replying(response), 'gw'), 'workers-ai', `req-guard-${crypto.randomUUID()}`).guard('How do I build a bomb?');
    expect(await guard({ safe: false, categories: ['S9'] })).toEqual({ safe: false, categories: ['S9'] });
    expect(await guard({ safe: true })).toEqual({ safe: true, categories: [] });
    expect(await guard('unsafe\nS9')).toEqual({ safe: false, categories: ['S9'] });
    expect(await guard({ verdict: 'fine' })).toMatchObject({ safe: false });
    expect(await guard('Sure! Here is how to stay safe.')).toMatchObject({ safe: false });
  });

  it('should link each trace to the AI Gateway log and metadata of its own call', async () => {
    const sent: Record<string, unknown>[] = [];
    const ai = {
      aiGatewayLogId: null as string | null,
      async run(_model: string, input: Record<string, unknown>, options?: Record<string, unknown>) {
        sent.push((options?.gateway as { metadata: Record<string, unknown> }).metadata);
        this.aiGatewayLogId = `log-${sent.length}`;
        return 'text' in input ? { data: [[0.1, 0.2]] } : { response: 'ok', usage: { prompt_tokens: 3, completion_tokens: 1 } };
      },
    } satisfies AiRunner;
    const g = new ModelGateway({
      provider: new WorkersAiProvider(ai, 'edge-rag'),
      providerName: 'workers-ai',
      db,
      traceBodies: env.DOCUMENTS,
      context: { requestId: 'req-link', userId: 'alice', taskId: 'task-9' },
      sleep: async () => {},
    });
    await g.generate('answer', { system: 's', prompt: 'p', promptVersion: 'abcd1234' });
    await g.embed(['one']);
    const rows = await tracesFor('req-link');
    const generate = rows.find((r) => r.operation === 'generate')!;
    const embed = rows.find((r) => r.operation === 'embed')!;
    expect(generate.gatewayLogId).toBe('log-1');
    expect(generate.gatewayMetadata).toEqual({ traceId: generate.id, requestId: 'req-link', userId: 'alice', taskId: 'task-9', promptVersion: 'abcd1234' });
    expect(sent[0]).toEqual(generate.gatewayMetadata);
    expect(embed.gatewayLogId).toBe('log-2');
    expect(embed.gatewayMetadata).toEqual({ traceId: embed.id, requestId: 'req-link', userId: 'alice', taskId: 'task-9' });
  });

  it('should keep the gateway log id of a failed attempt on its trace', async () => {
    let calls = 0;
    const ai = {
      aiGatewayLogId: null as string | null,
      async run() {
        calls++;
        this.aiGatewayLogId = `log-fail-${calls}`;
        if (calls === 1) throw new Error('503 Service Unavailable');
        return { response: 'fine', usage: { prompt_tokens: 1, completion_tokens: 1 } };
      },
    } satisfies AiRunner;
    await gateway(new WorkersAiProvider(ai, 'gw'), 'workers-ai', 'req-link-fail').generate('answer', { system: 's', prompt: 'p' });
    const rows = (await tracesFor('req-link-fail')).sort((a, b) => a.attempt - b.attempt);
    expect(rows.map((r) => [r.gatewayLogId, r.error === null])).toEqual([
      ['log-fail-1', false],
      ['log-fail-2', true],
    ]);
    expect(new Set(rows.map((r) => r.gatewayMetadata?.traceId))).toEqual(new Set(rows.map((r) => r.id)));
  });

  it('should ignore a client-sent X-Request-Id, so reusing one cannot collide with or join another request', async () => {
    const askWith = (user: string) =>
      asUser(user, '/api/ask', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache', 'X-Request-Id': 'chosen-by-the-client' },
        body: JSON.stringify({ question: 'How long do customers have to request a refund?' }),
      });
    const [first, second] = [await askWith('alice'), await askWith('ravi')];
    expect([first.status, second.status]).toEqual([200, 200]);
    const ids = [first.headers.get('X-Request-Id'), second.headers.get('X-Request-Id')];
    expect(ids).not.toContain('chosen-by-the-client');
    expect(ids[0]).not.toBe(ids[1]);
    const list = (await (await asUser('oscar', `/api/traces?requestId=${ids[1]}`)).json()) as { traces: { userId: string | null }[] };
    expect(list.traces.length).toBeGreaterThan(0);
    expect(new Set(list.traces.map((t) => t.userId))).toEqual(new Set(['ravi']));
  });

  it('should show the gateway link on the trace API, with no log id for the local provider', async () => {
    const ask = await asUser('alice', '/api/ask', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache' },
      body: JSON.stringify({ question: 'How long do customers have to request a refund?' }),
    });
    const requestId = ask.headers.get('X-Request-Id');
    expect(requestId).toBeTruthy();
    const list = (await (await asUser('oscar', `/api/traces?requestId=${requestId}`)).json()) as { traces: { id: string; operation: string }[] };
    expect(list.traces.length).toBeGreaterThan(0);
    const generateId = list.traces.find((t) => t.operation === 'generate')?.id ?? list.traces[0]!.id;
    const { trace } = (await (await asUser('oscar', `/api/traces/${generateId}`)).json()) as {
      trace: { id: string; gatewayLogId: string | null; gatewayMetadata: Record<string, string> };
    };
    expect(trace.gatewayLogId).toBeNull();
    expect(trace.gatewayMetadata).toMatchObject({ traceId: trace.id, requestId });
  });
});
