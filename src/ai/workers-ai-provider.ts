/** Workers AI through AI Gateway: every call names the gateway, so caching, logs and limits apply centrally. */
import { z } from 'zod';
import { ModelCallError, type CallOptions, type GenerateRequest, type ModelProvider } from './provider';

/** The slice of the AI binding we use; model ids are data here, so the typed overloads do not help. */
export interface AiRunner {
  run(model: string, input: Record<string, unknown>, options?: Record<string, unknown>): Promise<unknown>;
  /** Set by the binding after each `run` that went through AI Gateway: the id of that call's gateway log. */
  aiGatewayLogId?: string | null;
}

const embedOutput = z.object({ data: z.array(z.array(z.number())) });
const generateOutput = z.object({
  response: z.union([z.string(), z.record(z.string(), z.unknown())]),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number() }).partial().optional(),
});
const rerankOutput = z.object({ response: z.array(z.object({ id: z.number(), score: z.number() })) });

export class WorkersAiProvider implements ModelProvider {
  readonly name = 'workers-ai';

  constructor(
    private readonly ai: AiRunner,
    private readonly gatewayId: string,
  ) {}

  /**
   * Runs the model and reads the binding's gateway log id straight after, before anything else is awaited. The
   * binding keeps one "latest" id, so calls in flight at the same moment can see each other's; the trace id sent in
   * the metadata is the exact link.
   */
  private async run(model: string, input: Record<string, unknown>, options: CallOptions): Promise<{ out: unknown; gatewayLogId: string | null }> {
    try {
      const out = await this.ai.run(model, input, {
        gateway: {
          id: this.gatewayId,
          skipCache: options.skipCache ?? false,
          ...(options.cacheTtl !== undefined ? { cacheTtl: options.cacheTtl } : {}),
          ...(options.metadata ? { metadata: options.metadata } : {}),
        },
        ...(options.signal ? { signal: options.signal } : {}),
      });
      return { out, gatewayLogId: this.ai.aiGatewayLogId ?? null };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // The binding surfaces HTTP failures as messages; rate limits, 5xx and timeouts are worth retrying.
      const retriable = /\b(429|5\d\d)\b|timeout|timed out|overloaded|capacity|network/i.test(message);
      throw new ModelCallError(`${model}: ${message}`, retriable, undefined, this.ai.aiGatewayLogId ?? null);
    }
  }

  async embed(model: string, texts: string[], options: CallOptions) {
    const { out: raw, gatewayLogId } = await this.run(model, { text: texts }, options);
    const out = embedOutput.parse(raw);
    const tokensIn = Math.ceil(texts.join(' ').length / 4);
    return { vectors: out.data, usage: { tokensIn, tokensOut: 0, gatewayLogId } };
  }

  async generate(model: string, request: GenerateRequest, options: CallOptions) {
    const input: Record<string, unknown> = {
      messages: [...(request.system ? [{ role: 'system', content: request.system }] : []), { role: 'user', content: request.prompt }],
      max_tokens: request.maxTokens ?? 768,
      temperature: request.temperature ?? 0,
      ...(request.jsonSchema ? { response_format: { type: 'json_schema', json_schema: request.jsonSchema } } : {}),
    };
    const { out: raw, gatewayLogId } = await this.run(model, input, options);
    const out = generateOutput.parse(raw);
    const text = typeof out.response === 'string' ? out.response : JSON.stringify(out.response);
    return {
      text,
      usage: { tokensIn: out.usage?.prompt_tokens ?? 0, tokensOut: out.usage?.completion_tokens ?? 0, gatewayLogId },
    };
  }

  async rerank(model: string, query: string, documents: string[], options: CallOptions) {
    const { out: raw, gatewayLogId } = await this.run(model, { query, contexts: documents.map((text) => ({ text })), top_k: documents.length }, options);
    const out = rerankOutput.parse(raw);
    const scores = documents.map(() => 0);
    for (const r of out.response) if (r.id >= 0 && r.id < scores.length) scores[r.id] = r.score;
    return { scores, usage: { tokensIn: Math.ceil((query + documents.join(' ')).length / 4), tokensOut: 0, gatewayLogId } };
  }
}
