/** POST /api/feedback: thumbs up or down on your own answer (traceId) or task (taskId); the rules are in src/usecases/feedback.ts. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env';
import { ValidationError } from '../errors';
import { feedbackSchema, giveFeedback } from '../usecases/feedback';
import { requireCaller } from '../usecases/rules';
import { contextOf } from './use-case-context';

export const feedback = new Hono<AppEnv>().post('/', async (c) => {
  const ctx = contextOf(c);
  requireCaller(ctx, 'feedback:give');
  const body = feedbackSchema.safeParse(await c.req.json().catch(() => undefined));
  if (!body.success) {
    throw new ValidationError('Send { "traceId" | "taskId", "rating": "up" | "down", "reason"?: wrong | incomplete | not-grounded | unsafe | other, "comment"? }.', z.flattenError(body.error));
  }
  return c.json(await giveFeedback(ctx, body.data));
});
