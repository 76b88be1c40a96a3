/** POST /api/ask: a grounded answer with citations, as JSON or (Accept: text/event-stream) as server-sent events. */
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { AppEnv } from '../app-env';
import { AppError, ValidationError } from '../errors';
import { ask as askUseCase } from '../usecases/ask';
import { requireCaller } from '../usecases/rules';
import { contextOf } from './use-case-context';

export const askSchema = z.object({
  question: z.string().trim().min(1, 'Ask a question.').max(2000, 'Keep the question under 2000 characters.'),
  topK: z.number().int().min(1).max(20).optional(),
});

/** Splits a verified answer into sentences (each with its markers) for streaming. */
function sentencesOf(answer: string): string[] {
  return answer.match(/[^.!?]+[.!?]?(?:\s*\[\d+\])*\s*/g) ?? [answer];
}

export const ask = new Hono<AppEnv>().post('/', async (c) => {
  const ctx = contextOf(c);
  // Authenticate before reading the body, so an anonymous caller learns nothing about the schema.
  requireCaller(ctx, 'ask');
  const body = askSchema.safeParse(await c.req.json().catch(() => undefined));
  if (!body.success) throw new ValidationError('Send { "question": "…" }.', z.flattenError(body.error));
  const request = { ...body.data, bypassCache: /no-cache|no-store/i.test(c.req.header('Cache-Control') ?? '') };

  if (!(c.req.header('Accept') ?? '').includes('text/event-stream')) return c.json(await askUseCase(ctx, request));

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
  });
});
