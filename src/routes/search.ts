/** GET /api/search?q=…&topK=…: the ranked chunks retrieval finds for a query, within the caller's groups. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env';
import { assertCan } from '../auth/authenticate';
import { ValidationError } from '../errors';
import { screenQuestion } from '../guard/screen-question';
import { retrieve } from '../rag/retrieve';

const searchQuery = z.object({
  q: z.string().trim().min(1, 'Give a query in q.').max(2000),
  topK: z.coerce.number().int().min(1).max(50).default(10),
});

export const search = new Hono<AppEnv>().get('/', async (c) => {
  const me = assertCan(c, 'ask');
  const query = searchQuery.safeParse(c.req.query());
  if (!query.success) throw new ValidationError('Invalid search.', z.flattenError(query.error));
  const { db, vectors, gateway } = c.var.services;
  const text = screenQuestion(query.data.q);
  const results = await retrieve({ db, vectors, gateway: gateway({ requestId: c.var.requestId, userId: me.id }) }, me, text, {
    topK: query.data.topK,
    candidates: Math.max(20, query.data.topK * 2),
  });
  return c.json({
    results: results.map((r) => ({
      documentId: r.documentId,
      chunkId: r.chunkId,
      title: r.title,
      source: r.source,
      heading: r.heading,
      snippet: r.text,
      start: r.start,
      end: r.end,
      score: r.score,
    })),
    traceId: c.var.requestId,
  });
});
