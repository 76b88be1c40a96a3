/** Asking and searching: grounded answers and ranked passages within the caller's groups. */
import { logAnswerStatement } from '../db/answer-log';
import { WriteBehind } from '../db/write-behind';
import { AppError } from '../errors';
import { redactPii } from '../guard/pii';
import { screenQuestion } from '../guard/screen-question';
import { recordRequest } from '../ops/request-metrics';
import { timed } from '../ops/stage-timing';
import { askQuestion, passagesOnly, type AskPayload } from '../rag/ask-service';
import { retrieve, type RetrievalStages } from '../rag/retrieve';
import type { UseCaseContext } from './context';
import { assertMaySpendOn, currentLevel, levelAllows, requireCaller } from './rules';

export interface AskRequest {
  question: string;
  topK?: number;
  bypassCache?: boolean;
}

export type AskResult = AskPayload & { cached: boolean; traceId: string };

/**
 * A grounded answer. At `retrieval-only` the caller gets the matching passages instead; every request,
 * refused or not, is recorded for the dashboard.
 */
export async function ask(ctx: UseCaseContext, request: AskRequest): Promise<AskResult> {
  const me = requireCaller(ctx, 'ask');
  const { db, vectors, spelling, gateway, injectionScreen, config, settings } = ctx.services;
  const started = performance.now();
  const writes = new WriteBehind();
  let status = 200;
  let cacheHit = false;
  let refused: boolean | null = null;
  try {
    await timed('limits-budget', () => assertMaySpendOn(ctx, me, 'retrieve'));
    const models = gateway({ requestId: ctx.requestId, userId: me.id, writes });
    const deps = { db, answers: ctx.env.ANSWER_CACHE, vectors, spelling, gateway: models, screen: injectionScreen(models), config, settings };
    const topK = request.topK ?? config.RETRIEVAL_TOP_K;
    if (!levelAllows(await currentLevel(ctx), 'generate')) {
      return { ...(await passagesOnly(deps, me, request.question, topK)), cached: false, traceId: ctx.requestId };
    }
    const out = await askQuestion(deps, me, request.question, { topK, bypassCache: request.bypassCache ?? false });
    cacheHit = out.cacheHit;
    refused = !out.payload.grounded;
    const loggedAnswer = redactPii(out.payload.answer);
    writes.add(logAnswerStatement(db, {
      id: ctx.requestId,
      userId: me.id,
      question: redactPii(request.question).text,
      answer: loggedAnswer.text,
      citations: out.payload.citations,
      grounded: out.payload.grounded,
      confidence: out.payload.confidence,
      piiFindings: loggedAnswer.findings.length,
    }));
    return { ...out.payload, cached: out.cacheHit, traceId: ctx.requestId };
  } catch (err) {
    status = err instanceof AppError ? err.status : 500;
    throw err;
  } finally {
    await recordRequest(
      db,
      ctx.env.ANALYTICS,
      {
        id: ctx.requestId,
        userId: me.id,
        kind: 'ask',
        status,
        latencyMs: performance.now() - started,
        cacheHit,
        refused,
        versionId: ctx.env.CF_VERSION_METADATA?.id ?? null,
      },
      writes,
    );
    // Traces, the answer log and the request record: one D1 round trip.
    await timed('deferred-writes', () => writes.flush(db));
  }
}

export interface SearchRequest {
  query: string;
  topK: number;
  stages?: RetrievalStages;
}

/** Ranked chunks for a query; reranking spends model tokens, so rate limits and the budget apply. */
export async function search(ctx: UseCaseContext, request: SearchRequest) {
  const me = requireCaller(ctx, 'ask');
  await assertMaySpendOn(ctx, me, 'retrieve');
  const { db, vectors, spelling, gateway, injectionScreen } = ctx.services;
  const writes = new WriteBehind();
  let results;
  try {
    const models = gateway({ requestId: ctx.requestId, userId: me.id, writes });
    results = await retrieve({ db, vectors, spelling, gateway: models }, me, await screenQuestion(injectionScreen(models), request.query), {
      topK: request.topK,
      candidates: Math.max(20, request.topK * 2),
      stages: request.stages,
    });
  } finally {
    await writes.flush(db);
  }
  return results.map((r) => ({
    documentId: r.documentId,
    chunkId: r.chunkId,
    title: r.title,
    source: r.source,
    heading: r.heading,
    snippet: r.text,
    start: r.start,
    end: r.end,
    score: r.score,
  }));
}
