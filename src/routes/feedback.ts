/** POST /api/feedback: thumbs up or down on your own answer (traceId) or task (taskId); the rules are in src/usecases/feedback.ts. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { feedbackSchema, giveFeedback } from '../usecases/feedback';
import { authorize, errors, jsonResponse, router } from './openapi';
import { contextOf } from './use-case-context';

const feedbackRoute = createRoute({
  method: 'post',
  path: '/',
  summary: 'Rate your own answer or task (one per person and answer; giving it again changes it)',
  middleware: [authorize('feedback:give')] as const,
  request: { body: { required: true, content: { 'application/json': { schema: feedbackSchema } } } },
  responses: { 200: jsonResponse(z.record(z.string(), z.unknown()), 'Recorded (comment PII-redacted).'), ...errors(400, 401, 403, 404, 415, 503) },
});

export const feedback = router().openapi(feedbackRoute, async (c) => c.json({ ...(await giveFeedback(contextOf(c), c.req.valid('json'))) }, 200));
