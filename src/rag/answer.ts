/**
 * Grounded answering: redact PII, screen injections, retrieve, prompt with numbered sources, validate the
 * model's JSON, verify each sentence against its cited span, and refuse honestly when nothing survives.
 */
import type { ModelGateway } from '../ai/gateway';
import type { CallOptions } from '../ai/provider';
import type { Identity } from '../auth/identity';
import type { InjectionScreen } from '../guard/injection-screen';
import { redactPii } from '../guard/pii';
import { timed } from '../ops/stage-timing';
import { screenQuestion } from '../guard/screen-question';
import { ANSWER_JSON_SCHEMA, ANSWER_PROMPT_VERSION, ANSWER_SYSTEM_PROMPT, answerOutputSchema, buildAnswerPrompt, type AnswerOutput } from './answer-prompt';
import { retrieve, type RetrieveDeps, type RetrievedChunk } from './retrieve';
import { entailedClaims } from './claim-entailment';
import { claimsOf, verifyClaims, type Evidence, type VerifiedClaim } from './verify-claims';

export const NOT_FOUND_ANSWER = 'Not found in the documents: none of the documents you can access answer this question.';

export interface Citation {
  documentId: string;
  chunkId: string;
  title: string;
  snippet: string;
  start: number;
  end: number;
}

export interface AnswerResult {
  answer: string;
  citations: Citation[];
  confidence: number;
  grounded: boolean;
  retrieved: RetrievedChunk[];
  /** Hazard categories when the safety guard blocked the question or the answer. */
  blocked?: string[];
}

export const BLOCKED_ANSWER = 'This request was blocked by the safety policy. If you need help with it, contact your team lead.';
export const INSTRUCTIONS_ANSWER =
  'Your request reads as instructions to the assistant rather than a question about the documents, so it was not run. Ask about the documents in your own words.';

export interface AnswerDeps extends RetrieveDeps {
  gateway: ModelGateway;
  /** Removes injected sentences from the question and from every retrieved passage before they reach a prompt. */
  screen: InjectionScreen;
}

export const refusal = (retrieved: RetrievedChunk[]): AnswerResult => ({
  answer: NOT_FOUND_ANSWER,
  citations: [],
  confidence: 0,
  grounded: false,
  retrieved,
});

/** The injection screen removed the whole request: say so, instead of answering an empty question. */
export const instructionsOnly = (): AnswerResult => ({ ...refusal([]), answer: INSTRUCTIONS_ANSWER, blocked: ['prompt-injection'] });

/**
 * The citation for a source of a verified claim: the very span that supported the claim. Offsets are found in the
 * chunk's own text, because the prompt saw it with injected sentences stripped.
 */
function citationFor(chunk: RetrievedChunk, evidence: Evidence): Citation {
  const at = chunk.text.indexOf(evidence.text);
  const start = at >= 0 ? at : 0;
  const end = at >= 0 ? at + evidence.text.length : chunk.text.length;
  return {
    documentId: chunk.documentId,
    chunkId: chunk.chunkId,
    title: chunk.title,
    snippet: chunk.text.slice(start, end),
    start: chunk.start + start,
    end: chunk.start + end,
  };
}

async function generateValidated(gateway: ModelGateway, prompt: string, options: CallOptions): Promise<AnswerOutput | null> {
  let note = '';
  for (let attempt = 0; attempt < 2; attempt++) {
    const { text } = await gateway.generate('answer', { system: ANSWER_SYSTEM_PROMPT + note, prompt, jsonSchema: ANSWER_JSON_SCHEMA, promptVersion: ANSWER_PROMPT_VERSION }, options);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = answerOutputSchema.safeParse(json);
    if (parsed.success) return parsed.data;
    note = '\nYour previous reply was not valid JSON for the required shape. Reply with the JSON object only.';
  }
  return null;
}

export async function answerQuestion(
  deps: AnswerDeps,
  reader: Identity,
  rawQuestion: string,
  options: { topK: number; call?: CallOptions; entailment?: boolean },
): Promise<AnswerResult> {
  const question = await timed('screening', () => screenQuestion(deps.screen, rawQuestion));
  if (!question) return instructionsOnly();
  const input = await deps.gateway.guard(question);
  if (!input.safe) return { ...refusal([]), answer: BLOCKED_ANSWER, blocked: input.categories };
  const retrieved = await retrieve(deps, reader, question, { topK: options.topK, stages: 'reranked' });
  if (retrieved.length === 0) return refusal(retrieved);

  const sources = await timed('prompt', () => promptSources(deps.screen, retrieved));
  const output = await generateValidated(deps.gateway, buildAnswerPrompt(question, sources), options.call ?? {});
  if (!output || output.answer.trim() === '') return refusal(retrieved);

  const grounded = await timed('verification', () => groundAnswer(deps.gateway, output.answer, output.confidence, retrieved, sources, options));
  if (!grounded.grounded) return grounded;
  const verdict = await deps.gateway.guard(grounded.answer);
  return verdict.safe ? grounded : { ...refusal(retrieved), answer: BLOCKED_ANSWER, blocked: verdict.categories };
}

/** The sentences of a model's answer that cite a source supporting them, each with the span that did. */
function verifiedClaims(rawAnswer: string, sources: readonly { text: string }[]): VerifiedClaim[] {
  // Addresses and names in an answer come from the organisation's documents the reader may read (a store's
  // address, a vendor contact); the reader's own PII never reaches the model, the question is redacted first.
  return verifyClaims(claimsOf(redactPii(rawAnswer, { keep: ['address', 'person'] }).text), (n) => sources[n - 1]?.text);
}

/**
 * Keeps only the sentences of a model's answer that cite a source supporting them (and, when asked, that the
 * entailment pass confirms), renumbers the markers to the citations array, and falls back to the refusal when
 * nothing survives.
 */
export async function groundAnswer(
  gateway: ModelGateway,
  rawAnswer: string,
  confidence: number,
  retrieved: RetrievedChunk[],
  sources: readonly { text: string }[],
  options: { entailment?: boolean; call?: CallOptions },
): Promise<AnswerResult> {
  let kept = verifiedClaims(rawAnswer, sources);
  if (options.entailment) kept = await entailedClaims(gateway, kept, options.call ?? {});
  return assembleAnswer(kept, confidence, retrieved);
}

function assembleAnswer(kept: readonly VerifiedClaim[], confidence: number, retrieved: RetrievedChunk[]): AnswerResult {
  if (kept.length === 0) return refusal(retrieved);
  const order = [...new Set(kept.flatMap((c) => c.sources))];
  const citations = order.map((n) => {
    const claim = kept.find((c) => c.sources.includes(n))!;
    return citationFor(retrieved[n - 1]!, claim.evidence.find((e) => e.source === n)!);
  });
  const answer = kept
    .map((c) => `${c.text.replace(/[\s;:,]*$/, '').replace(/[.!?]?$/, (p) => p || '.')} ${c.sources.map((n) => `[${order.indexOf(n) + 1}]`).join('')}`)
    .join(' ');
  return { answer, citations, confidence, grounded: true, retrieved };
}

/** The numbered prompt sources for retrieved chunks, with instruction-like sentences removed. */
export async function promptSources(screen: InjectionScreen, retrieved: readonly RetrievedChunk[]) {
  const texts = await Promise.all(retrieved.map((c) => screen.strip(c.text)));
  return retrieved.map((c, i) => ({ n: i + 1, title: c.title, section: c.heading, text: texts[i]!.text }));
}
