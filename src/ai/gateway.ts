/**
 * The only door to a model. Every embed, generate and rerank call goes through here, walks the task's
 * fallback chain with retries, and leaves one trace per attempt: a D1 row (tokens, latency, cost, error, hashes)
 * and an R2 body (redacted prompt and response, the metadata sent with the call), linked to its AI Gateway log.
 */
import type { Db } from '../db/client';
import { putTraceBody, traceHash } from '../db/trace-bodies';
import { insertTrace, traceStatements } from '../db/traces';
import type { WriteBehind } from '../db/write-behind';
import { ModelUnavailableError } from '../errors';
import { parseGuardVerdict, type GuardVerdict } from '../guard/guard-verdict';
import { buildInjectionPrompt, INJECTION_JSON_SCHEMA, INJECTION_PROMPT_VERSION, INJECTION_SYSTEM_PROMPT } from '../guard/injection-prompt';
import { parseInjectionVerdict, type InjectionVerdict } from '../guard/injection-verdict';
import { randomId } from '../lib/random-id';
import { recordStage, timed } from '../ops/stage-timing';
import { costUsd, MODEL_CHAINS, type ModelTask, type ProviderName } from './model-catalogue';
import { ModelCallError, type CallOptions, type GenerateRequest, type ModelProvider, type Usage } from './provider';
import { redactTracedText } from './trace-redaction';

export interface GatewayContext {
  requestId: string;
  userId: string | null;
  taskId?: string | null;
  /** Collects the request's trace writes to send in one round trip at its end; without it each is written at once. */
  writes?: WriteBehind;
}

export interface RetryOptions {
  /** Attempts per model before falling back to the next one in the chain. */
  attemptsPerModel: number;
  baseDelayMs: number;
  timeoutMs: number;
}

export interface GatewayOptions {
  provider: ModelProvider;
  providerName: ProviderName;
  db: Db;
  /** Where trace bodies (redacted prompt and response) go; D1 keeps the metadata. */
  traceBodies: R2Bucket;
  context: GatewayContext;
  retry?: Partial<RetryOptions>;
  /** Injected so tests can skip real waiting. */
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_RETRY: RetryOptions = { attemptsPerModel: 3, baseDelayMs: 250, timeoutMs: 30_000 };
/** A screen sits in front of every answer and has an offline fallback, so it gives up sooner than generation. */
const SCREEN_LIMITS: Partial<RetryOptions> = { attemptsPerModel: 2, timeoutMs: 5_000 };
const TRACE_TEXT_LIMIT = 8_000;

interface Outcome<T> {
  value: T;
  usage: Usage;
  response: string;
}

/**
 * What AI Gateway records beside the call (it keeps at most 5 entries), so a gateway log can be searched by the
 * trace, request, user or prompt that made it.
 */
export function gatewayMetadata(context: GatewayContext, traceId: string, promptVersion?: string): Record<string, string> {
  return {
    traceId,
    requestId: context.requestId,
    ...(context.userId ? { userId: context.userId } : {}),
    ...(context.taskId ? { taskId: context.taskId } : {}),
    ...(promptVersion ? { promptVersion } : {}),
  };
}

const STAGE_OF = { embed: 'embedding', generate: 'generation', rerank: 'rerank', guard: 'guard-model' } as const;

function forTrace(text: string): string {
  return redactTracedText(text.length > TRACE_TEXT_LIMIT ? `${text.slice(0, TRACE_TEXT_LIMIT)}…` : text);
}

function withTimeout<T>(work: (signal: AbortSignal) => Promise<T>, ms: number): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new ModelCallError(`timed out after ${ms} ms`, true));
    }, ms);
  });
  return Promise.race([work(controller.signal), timeout]).finally(() => {
    if (timer !== undefined) clearTimeout(timer);
  });
}

export class ModelGateway {
  private readonly retry: RetryOptions;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: GatewayOptions) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** The model that would be tried first for a task (recorded in cache keys and eval baselines). */
  primaryModel(task: ModelTask): string {
    return MODEL_CHAINS[this.options.providerName][task][0] ?? 'none';
  }

  async embed(texts: string[], options: CallOptions = {}): Promise<number[][]> {
    return this.call('embed', 'embed', texts.join('\n---\n'), options, async (model, o) => {
      const out = await this.options.provider.embed(model, texts, o);
      return { value: out.vectors, usage: out.usage, response: `${out.vectors.length} vectors` };
    });
  }

  async generate(task: 'answer' | 'propose' | 'entail', request: GenerateRequest, options: CallOptions = {}): Promise<{ text: string; model: string }> {
    let used = '';
    const text = await this.call(
      task,
      'generate',
      `${request.system}\n\n${request.prompt}`,
      options,
      async (model, o) => {
        const out = await this.options.provider.generate(model, request, o);
        used = model;
        return { value: out.text, usage: out.usage, response: out.text };
      },
      request.promptVersion,
    );
    return { text, model: used };
  }

  /**
   * Content-safety screening (Llama Guard in production, heuristics locally), read in the shapes the models
   * return; a verdict that cannot be read counts as unsafe.
   */
  async guard(text: string, options: CallOptions = {}): Promise<GuardVerdict> {
    const verdict = await this.call('guard', 'guard', text, options, async (model, o) => {
      const out = await this.options.provider.generate(model, { system: '', prompt: text, maxTokens: 16 }, o);
      return { value: out.text, usage: out.usage, response: out.text };
    });
    return parseGuardVerdict(verdict);
  }

  /**
   * Prompt-injection screening of a text's sentences (an instruct model prompted as a classifier in production,
   * the trained offline classifier locally); a reply that cannot be read flags every sentence.
   */
  async classifyInjection(sentences: string[], options: CallOptions = {}): Promise<InjectionVerdict> {
    const request = {
      system: INJECTION_SYSTEM_PROMPT,
      prompt: buildInjectionPrompt(sentences),
      jsonSchema: INJECTION_JSON_SCHEMA,
      maxTokens: 128,
      promptVersion: INJECTION_PROMPT_VERSION,
    };
    const text = await this.call(
      'injection',
      'guard',
      `${request.system}\n\n${request.prompt}`,
      options,
      async (model, o) => {
        const out = await this.options.provider.generate(model, request, o).catch((err: unknown) => {
          if (err instanceof ModelCallError) throw err;
          // The model answered in a shape the provider cannot read: a verdict nobody can trust, not an outage, so
          // it fails closed below instead of falling back.
          return { text: '', usage: { tokensIn: 0, tokensOut: 0 } };
        });
        return { value: out.text, usage: out.usage, response: out.text };
      },
      request.promptVersion,
      SCREEN_LIMITS,
    );
    return parseInjectionVerdict(text, sentences.length);
  }

  async rerank(query: string, documents: string[], options: CallOptions = {}): Promise<number[]> {
    if (documents.length === 0) return [];
    return this.call('rerank', 'rerank', `${query}\n---\n${documents.join('\n---\n')}`, options, async (model, o) => {
      const out = await this.options.provider.rerank(model, query, documents, o);
      return { value: out.scores, usage: out.usage, response: out.scores.map((s) => s.toFixed(3)).join(',') };
    });
  }

  private async call<T>(
    task: ModelTask,
    operation: 'embed' | 'generate' | 'rerank' | 'guard',
    prompt: string,
    options: CallOptions,
    run: (model: string, options: CallOptions) => Promise<Outcome<T>>,
    promptVersion?: string,
    limits: Partial<RetryOptions> = {},
  ): Promise<T> {
    // Limits only tighten: a Workflow step's single attempt stays single.
    const retry = {
      ...this.retry,
      attemptsPerModel: Math.min(this.retry.attemptsPerModel, limits.attemptsPerModel ?? Infinity),
      timeoutMs: Math.min(this.retry.timeoutMs, limits.timeoutMs ?? Infinity),
    };
    const chain = MODEL_CHAINS[this.options.providerName][task];
    const errors: string[] = [];
    let attempt = 0;
    for (const model of chain) {
      for (let tryNo = 1; tryNo <= retry.attemptsPerModel; tryNo++) {
        attempt++;
        const started = performance.now();
        const id = randomId();
        const metadata = { ...options.metadata, ...gatewayMetadata(this.options.context, id, promptVersion) };
        const link = { id, metadata };
        try {
          const out = await withTimeout((signal) => run(model, { ...options, metadata, signal }), retry.timeoutMs);
          recordStage(STAGE_OF[operation], performance.now() - started);
          await timed('trace-write', () => this.trace({ ...link, operation, model, prompt, attempt, started, usage: out.usage, response: out.response }));
          return out.value;
        } catch (err) {
          const error = err instanceof Error ? err.message : String(err);
          errors.push(`${model}#${tryNo}: ${error}`);
          const gatewayLogId = err instanceof ModelCallError ? err.gatewayLogId : null;
          await this.trace({ ...link, operation, model, prompt, attempt, started, error, gatewayLogId });
          const retriable = err instanceof ModelCallError ? err.retriable : false;
          if (!retriable) break;
          if (tryNo < retry.attemptsPerModel) {
            const backoff = retry.baseDelayMs * 2 ** (tryNo - 1);
            await this.sleep(backoff / 2 + Math.random() * backoff);
          }
        }
      }
    }
    throw new ModelUnavailableError(`No model could serve the ${task} request. Try again shortly.`, { attempts: errors });
  }

  private async trace(t: {
    id: string;
    metadata: Record<string, string>;
    gatewayLogId?: string | null;
    operation: 'embed' | 'generate' | 'rerank' | 'guard';
    model: string;
    prompt: string;
    attempt: number;
    started: number;
    usage?: Usage;
    response?: string;
    error?: string;
  }): Promise<void> {
    const { context, db, provider, traceBodies } = this.options;
    const tokensIn = t.usage?.tokensIn ?? 0;
    const tokensOut = t.usage?.tokensOut ?? 0;
    const latencyMs = Math.round((performance.now() - t.started) * 100) / 100;
    const prompt = forTrace(t.prompt);
    const response = t.response === undefined ? null : forTrace(t.response);
    const row = {
      id: t.id,
      requestId: context.requestId,
      taskId: context.taskId ?? null,
      userId: context.userId,
      operation: t.operation,
      model: t.model,
      provider: provider.name,
      promptHash: await traceHash(prompt),
      responseHash: response === null ? null : await traceHash(response),
      tokensIn,
      tokensOut,
      latencyMs,
      costUsd: costUsd(t.model, tokensIn, tokensOut),
      cacheHit: t.usage?.cacheHit ?? false,
      attempt: t.attempt,
      error: t.error ? forTrace(t.error) : null,
      gatewayLogId: t.usage?.gatewayLogId ?? t.gatewayLogId ?? null,
    };
    // Body and row in parallel, so a model call waits for one write, not two: a row whose body write failed reads
    // back with null text, and a body whose row failed is expired by the R2 lifecycle rule on `traces/`.
    const body = putTraceBody(traceBodies, t.id, { prompt, response, gatewayMetadata: t.metadata });
    if (context.writes) {
      context.writes.add(...traceStatements(db, row));
      context.writes.await(body);
    } else await Promise.all([body, insertTrace(db, row)]);
  }
}
