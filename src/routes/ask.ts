/** POST /api/ask: a grounded answer with citations, as JSON or (Accept: text/event-stream) as server-sent events. */
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { AppEnv } from '../app-env';
import { assertCan } from '../auth/authenticate';
import { ValidationError } from '../errors';
import { answerQuestion, type AnswerResult } from '../rag/answer';

const askSchema = z.object({
  question: z.string().trim().min(1, 'Ask a question.').max(2000, 'Keep the question under 2000 characters.'),
  topK: z.number().int().min(1).max(20).optional(),
});

function payload(result: AnswerResult, traceId: string) {
  return { answer: result.answer, citations: result.citations, confidence: result.confidence, grounded: result.grounded, traceId };
}

export const ask = new Hono<AppEnv>().post('/', async (c) => {
  const me = assertCan(c, 'ask');
  const body = askSchema.safeParse(await c.req.json().catch(() => undefined));
  if (!body.success) throw new ValidationError('Send { "question": "…" }.', z.flattenError(body.error));
  const { db, vectors, gateway, config } = c.var.services;
  const traceId = c.var.requestId;
  const deps = { db, vectors, gateway: gateway({ requestId: traceId, userId: me.id }) };
  const run = () => answerQuestion(deps, me, body.data.question, { topK: body.data.topK ?? config.RETRIEVAL_TOP_K });

  if (!(c.req.header('Accept') ?? '').includes('text/event-stream')) return c.json(payload(await run(), traceId));

  return streamSSE(c, async (stream) => {
    await stream.writeSSE({ event: 'status', data: JSON.stringify({ stage: 'retrieving' }) });
    try {
      const result = await run();
      // Sentences stream only after verification, so nothing unsupported ever reaches the reader.
      for (const sentence of result.answer.match(/[^.!?]+[.!?]?(?:\s*\[\d+\])*\s*/g) ?? [result.answer]) {
        await stream.writeSSE({ event: 'delta', data: JSON.stringify({ text: sentence }) });
      }
      await stream.writeSSE({ event: 'done', data: JSON.stringify(payload(result, traceId)) });
    } catch (err) {
      const message = err instanceof Error ? err.message : 'The answer could not be produced.';
      await stream.writeSSE({ event: 'error', data: JSON.stringify({ error: { code: 'answer_failed', message } }) });
    }
  });
});
