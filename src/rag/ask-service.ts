/**
 * Answering one question: the answer cache (keyed by normalised question, the reader's groups, corpus
 * version, model and prompt version) in front of grounded generation, and the passages-only reply the
 * kill switch's retrieval-only level asks for. The rules (who, when, how much) are in src/usecases/ask.ts.
 */
import type { ModelGateway } from '../ai/gateway';
import type { Identity } from '../auth/identity';
import type { AppConfig } from '../config';
import { cachedAnswer, storeAnswer } from '../db/answer-cache';
import type { Db } from '../db/client';
import { liveSettings, type SettingsReader } from '../db/settings';
import { corpusVersion } from '../db/corpus';
import type { InjectionScreen } from '../guard/injection-screen';
import { screenQuestion } from '../guard/screen-question';
import { timed } from '../ops/stage-timing';
import type { VectorIndex } from '../vector/vector-index';
import { answerQuestion, type Citation } from './answer';
import { ANSWER_PROMPT_VERSION } from './answer-prompt';
import { ENTAILMENT_PROMPT_VERSION } from './claim-entailment';
import { retrieve } from './retrieve';

export interface AskPayload {
  answer: string;
  citations: Citation[];
  confidence: number;
  grounded: boolean;
  mode: 'answer' | 'retrieval-only';
}

export interface AskDeps {
  db: Db;
  answers: KVNamespace;
  vectors: VectorIndex;
  gateway: ModelGateway;
  screen: InjectionScreen;
  config: AppConfig;
  /** The request's settings snapshot; without one the corpus version is read from D1. */
  settings?: SettingsReader;
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function normaliseQuestion(q: string): string {
  return q.toLowerCase().normalize('NFKC').replace(/[^\p{L}\p{N}$%.]+/gu, ' ').replace(/\s+/g, ' ').trim();
}

export async function cacheKey(settings: SettingsReader, reader: Identity, question: string, model: string, topK: number, entailment = false): Promise<string> {
  const groups = [...reader.groups].sort().join(',');
  // The entailment pass changes which claims survive, so answers cached without it are not reused with it.
  const verification = entailment ? ENTAILMENT_PROMPT_VERSION : 'lexical';
  return sha256(JSON.stringify([normaliseQuestion(question), groups, await corpusVersion(settings), model, ANSWER_PROMPT_VERSION, topK, verification]));
}

/** Matching passages without generation, for the kill switch's retrieval-only level. */
export async function passagesOnly(deps: AskDeps, reader: Identity, question: string, topK: number): Promise<AskPayload> {
  const passages = await retrieve(deps, reader, await screenQuestion(deps.screen, question), { topK });
  const citations = passages.map((p) => ({ documentId: p.documentId, chunkId: p.chunkId, title: p.title, snippet: p.text, start: p.start, end: p.end }));
  const answer = passages.length
    ? 'Answers are paused by the operator; these are the passages that match your question.'
    : 'Answers are paused by the operator, and no passage matches your question.';
  return { answer, citations, confidence: 0, grounded: false, mode: 'retrieval-only' };
}

export async function askQuestion(
  deps: AskDeps,
  reader: Identity,
  question: string,
  options: { topK: number; bypassCache: boolean },
): Promise<{ payload: AskPayload; cacheHit: boolean }> {
  const ttl = deps.config.ANSWER_CACHE_TTL_SECONDS;
  const entailment = deps.config.CLAIM_ENTAILMENT === 'on';
  const key = await timed('cache-key', () => cacheKey(deps.settings ?? liveSettings(deps.db), reader, question, deps.gateway.primaryModel('answer'), options.topK, entailment));
  if (!options.bypassCache && ttl > 0) {
    const hit = await timed('cache-lookup', () => cachedAnswer(deps.answers, key));
    if (hit) return { payload: hit as unknown as AskPayload, cacheHit: true };
  }
  const result = await answerQuestion(deps, reader, question, {
    topK: options.topK,
    call: { skipCache: options.bypassCache, cacheTtl: ttl },
    entailment,
  });
  const payload: AskPayload = { answer: result.answer, citations: result.citations, confidence: result.confidence, grounded: result.grounded, mode: 'answer' };
  if (ttl > 0) await timed('cache-store', () => storeAnswer(deps.answers, { key, userId: reader.id, payload: { ...payload }, ttlSeconds: ttl }));
  return { payload, cacheHit: false };
}
