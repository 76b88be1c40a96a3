/** GET /api/search?q=…&topK=…: the ranked chunks retrieval finds for a query, within the caller's groups. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { RETRIEVAL_STAGES } from '../rag/retrieve';
import { search as searchUseCase } from '../usecases/ask';
import { authorize, errors, jsonResponse, router } from './openapi';
import { contextOf } from './use-case-context';

export const searchQuery = z.object({
  q: z.string().trim().min(1, 'Give a query in q.').max(2000),
  topK: z.coerce.number().int().min(1).max(50).default(10),
  stages: z
    .enum(RETRIEVAL_STAGES)
    .default('blended')
    .describe('Diagnostics for the retrieval ablation: keyword (BM25) or vector alone, fused, fused in the reranker\'s order (what local answers read), or fused and blended with the reranker (the default).'),
});

const searchResult = z.object({
  documentId: z.string(),
  chunkId: z.string(),
  title: z.string(),
  source: z.string().nullable(),
  heading: z.string().nullable(),
  snippet: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  score: z.number(),
});

const searchRoute = createRoute({
  method: 'get',
  path: '/',
  summary: 'Ranked passages for a query, within your groups',
  middleware: [authorize('ask')] as const,
  request: { query: searchQuery },
  responses: { 200: jsonResponse(z.object({ results: z.array(searchResult), traceId: z.string() }), 'Best first.'), ...errors(400, 401, 403, 429, 503) },
});

export const search = router().openapi(searchRoute, async (c) => {
  const { q, topK, stages } = c.req.valid('query');
  const results = await searchUseCase(contextOf(c), { query: q, topK, stages });
  return c.json({ results, traceId: c.var.requestId }, 200);
});
