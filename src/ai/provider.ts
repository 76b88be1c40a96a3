/** The model provider port: one interface, one file per implementation (Workers AI, embedded local). */

export interface CallOptions {
  /** Per-request AI Gateway cache control; ignored by providers without a cache. */
  skipCache?: boolean;
  cacheTtl?: number;
  /** Sent to AI Gateway with the call (at most 5 entries); the gateway fills it with the trace's ids. */
  metadata?: Record<string, string>;
  signal?: AbortSignal;
}

export interface Usage {
  tokensIn: number;
  tokensOut: number;
  cacheHit?: boolean;
  /** The AI Gateway log this call produced, when the provider goes through one. */
  gatewayLogId?: string | null;
}

export interface GenerateRequest {
  system: string;
  prompt: string;
  /** JSON Schema the output must follow; the caller still validates with zod. */
  jsonSchema?: Record<string, unknown>;
  maxTokens?: number;
  temperature?: number;
  /** Which version of the system prompt this is (traced and sent to AI Gateway as metadata). */
  promptVersion?: string;
}

export interface ModelProvider {
  readonly name: string;
  embed(model: string, texts: string[], options: CallOptions): Promise<{ vectors: number[][]; usage: Usage }>;
  generate(model: string, request: GenerateRequest, options: CallOptions): Promise<{ text: string; usage: Usage }>;
  rerank(model: string, query: string, documents: string[], options: CallOptions): Promise<{ scores: number[]; usage: Usage }>;
}

/** A failed provider call; `retriable` marks rate limits, 5xx and timeouts. */
export class ModelCallError extends Error {
  constructor(
    message: string,
    readonly retriable: boolean,
    readonly status?: number,
    /** The AI Gateway log of the failed call, when the gateway logged one. */
    readonly gatewayLogId?: string | null,
  ) {
    super(message);
    this.name = 'ModelCallError';
  }
}
