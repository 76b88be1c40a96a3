/** POST /api/ask: a grounded answer with citations, as JSON or (Accept: text/event-stream) as server-sent events. */
import { createRoute } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { AppError } from '../errors';
import { ask as askUseCase } from '../usecases/ask';
import { authorize, errors, router } from './openapi';
import { contextOf } from './use-case-context';

export const askSchema = z.object({
  question: z.string().trim().min(1, 'Ask a question.').max(2000, 'Keep the question under 2000 characters.'),
  topK: z.number().int().min(1).max(20).optional(),
});

export const citationSchema = z
  .object({ documentId: z.string(), chunkId: z.string(), title: z.string(), snippet: z.string(), start: z.number().int(), end: z.number().int() })
  .meta({ id: 'Citation' });

export const answerSchema = z
  .object({
    answer: z.string(),
    citations: z.array(citationSchema),
    confidence: z.number(),
    grounded: z.boolean(),
    mode: z.enum(['answer', 'retrieval-only']),
    cached: z.boolean(),
    traceId: z.string(),
  })
  .meta({ id: 'Answer' });

const askRoute = createRoute({
  method: 'post',
  path: '/',
  summary: 'A grounded answer with citations',
  description: 'With `Accept: text/event-stream` the answer streams as server-sent events (status, delta per verified sentence, done). `Cache-Control: no-cache` bypasses the answer cache.',
  middleware: [authorize('ask')] as const,
  request: { body: { required: true, content: { 'application/json': { schema: askSchema } } } },
  responses: {
    200: {
      description: 'The answer, or "not found" when the documents do not support one.',
      content: { 'application/json': { schema: answerSchema }, 'text/event-stream': { schema: z.string().describe('events: status, delta { text }, done (the Answer), error') } },
    },
    ...errors(400, 401, 403, 415, 429, 503),
  },
});

/** Splits a verified answer into sentences (each with its markers) for streaming. */
function sentencesOf(answer: string): string[] {
  return answer.match(/[^.!?]+[.!?]?(?:\s*\[\d+\])*\s*/g) ?? [answer];
}

export const ask = router().openapi(askRoute, async (c) => {
  const ctx = contextOf(c);
  const request = { ...c.req.valid('json'), bypassCache: /no-cache|no-store/i.test(c.req.header('Cache-Control') ?? '') };

  if (!(c.req.header('Accept') ?? '').includes('text/event-stream')) return c.json(await askUseCase(ctx, request), 200);

  // The stream is the documented text/event-stream variant of the 200 response, which the typed JSON helper cannot express.
  return streamSSE(c, async (stream) => {
    await stream.writeSSE({ event: 'status', data: JSON.stringify({ stage: 'retrieving' }) });
    try {
      const result = await askUseCase(ctx, request);
      // Sentences stream only after claim verification and the output guard have passed the whole answer.
      for (const sentence of sentencesOf(result.answer)) await stream.writeSSE({ event: 'delta', data: JSON.stringify({ text: sentence }) });
      await stream.writeSSE({ event: 'done', data: JSON.stringify(result) });
    } catch (err) {
      const error = err instanceof AppError ? { code: err.code, message: err.message } : { code: 'answer_failed', message: 'The answer could not be produced.' };
      await stream.writeSSE({ event: 'error', data: JSON.stringify({ error }) });
    }
  }) as never;
});
