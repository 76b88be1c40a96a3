/** POST /api/ask: a grounded answer with citations, as JSON or (Accept: text/event-stream) as server-sent events. */
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { AppEnv } from '../app-env';
import { assertCan } from '../auth/authenticate';
import { AppError, ValidationError } from '../errors';
import { recordRequest } from '../ops/request-metrics';
import { askQuestion, type AskPayload } from '../rag/ask-service';

const askSchema = z.object({
  question: z.string().trim().min(1, 'Ask a question.').max(2000, 'Keep the question under 2000 characters.'),
  topK: z.number().int().min(1).max(20).optional(),
});

/** Splits a verified answer into sentences (each with its markers) for streaming. */
function sentencesOf(answer: string): string[] {
  return answer.match(/[^.!?]+[.!?]?(?:\s*\[\d+\])*\s*/g) ?? [answer];
}

export const ask = new Hono<AppEnv>().post('/', async (c) => {
  const me = assertCan(c, 'ask');
  const body = askSchema.safeParse(await c.req.json().catch(() => undefined));
  if (!body.success) throw new ValidationError('Send { "question": "…" }.', z.flattenError(body.error));
  const { db, vectors, gateway, config } = c.var.services;
  const traceId = c.var.requestId;
  const started = performance.now();
  const run = async (): Promise<AskPayload & { cached: boolean; traceId: string }> => {
    let status = 200;
    let cacheHit = false;
    let refused: boolean | null = null;
    try {
      const out = await askQuestion({ db, vectors, gateway: gateway({ requestId: traceId, userId: me.id }), config }, me, body.data.question, {
        topK: body.data.topK ?? config.RETRIEVAL_TOP_K,
        bypassCache: /no-cache|no-store/i.test(c.req.header('Cache-Control') ?? ''),
        killLevel: c.var.killLevel,
      });
      cacheHit = out.cacheHit;
      refused = out.payload.mode === 'answer' ? !out.payload.grounded : null;
      return { ...out.payload, cached: out.cacheHit, traceId };
    } catch (err) {
      status = err instanceof AppError ? err.status : 500;
      throw err;
    } finally {
      await recordRequest(db, c.env.ANALYTICS, { id: traceId, userId: me.id, kind: 'ask', status, latencyMs: performance.now() - started, cacheHit, refused, versionId: c.env.CF_VERSION_METADATA?.id ?? null });
    }
  };

  if (!(c.req.header('Accept') ?? '').includes('text/event-stream')) return c.json(await run());

  return streamSSE(c, async (stream) => {
    await stream.writeSSE({ event: 'status', data: JSON.stringify({ stage: 'retrieving' }) });
    try {
      const result = await run();
      // Sentences stream only after verification, so nothing unsupported ever reaches the reader.
      for (const sentence of sentencesOf(result.answer)) await stream.writeSSE({ event: 'delta', data: JSON.stringify({ text: sentence }) });
      await stream.writeSSE({ event: 'done', data: JSON.stringify(result) });
    } catch (err) {
      const error = err instanceof AppError ? { code: err.code, message: err.message } : { code: 'answer_failed', message: 'The answer could not be produced.' };
      await stream.writeSSE({ event: 'error', data: JSON.stringify({ error }) });
    }
  });
});
