/** GET /api/search?q=…&topK=…: the ranked chunks retrieval finds for a query, within the caller's groups. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env';
import { ValidationError } from '../errors';
import { search as searchUseCase } from '../usecases/ask';
import { requireCaller } from '../usecases/rules';
import { contextOf } from './use-case-context';

export const searchQuery = z.object({
  q: z.string().trim().min(1, 'Give a query in q.').max(2000),
  topK: z.coerce.number().int().min(1).max(50).default(10),
});

export const search = new Hono<AppEnv>().get('/', async (c) => {
  const ctx = contextOf(c);
  requireCaller(ctx, 'ask');
  const query = searchQuery.safeParse(c.req.query());
  if (!query.success) throw new ValidationError('Invalid search.', z.flattenError(query.error));
  const results = await searchUseCase(ctx, { query: query.data.q, topK: query.data.topK });
  return c.json({ results, traceId: c.var.requestId });
});
