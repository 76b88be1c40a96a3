/** Every model the app uses, in one place: the ordered fallback chain per task, prices and embedding size. */
import { ConfigError } from '../errors';

export type ModelTask = 'embed' | 'answer' | 'propose' | 'rerank' | 'guard' | 'injection' | 'entail';
export type ProviderName = 'local' | 'workers-ai';

export interface ModelInfo {
  /** USD per million input and output tokens (Workers AI list prices; check the pricing page before relying on them). */
  usdPerMTokIn: number;
  usdPerMTokOut: number;
  /** Output dimension, for embedding models. */
  dimensions?: number;
}

export const MODELS: Readonly<Record<string, ModelInfo>> = {
  '@cf/baai/bge-base-en-v1.5': { usdPerMTokIn: 0.067, usdPerMTokOut: 0, dimensions: 768 },
  '@cf/meta/llama-3.3-70b-instruct-fp8-fast': { usdPerMTokIn: 0.293, usdPerMTokOut: 2.253 },
  '@cf/meta/llama-3.1-8b-instruct-fast': { usdPerMTokIn: 0.045, usdPerMTokOut: 0.384 },
  '@cf/baai/bge-reranker-base': { usdPerMTokIn: 0.003, usdPerMTokOut: 0 },
  '@cf/meta/llama-guard-3-8b': { usdPerMTokIn: 0.484, usdPerMTokOut: 0.03 },
  'local/lexical-embed-v1': { usdPerMTokIn: 0, usdPerMTokOut: 0, dimensions: 512 },
  'local/extractive-answer-v1': { usdPerMTokIn: 0, usdPerMTokOut: 0 },
  'local/rule-action-v1': { usdPerMTokIn: 0, usdPerMTokOut: 0 },
  'local/lexical-rerank-v1': { usdPerMTokIn: 0, usdPerMTokOut: 0 },
  'local/heuristic-guard-v1': { usdPerMTokIn: 0, usdPerMTokOut: 0 },
  'local/injection-classifier-v1': { usdPerMTokIn: 0, usdPerMTokOut: 0 },
};

/** Ordered fallback chains: the first model is tried first; the next only after its retries are spent. */
export const MODEL_CHAINS: Readonly<Record<ProviderName, Readonly<Record<ModelTask, readonly string[]>>>> = {
  'workers-ai': {
    embed: ['@cf/baai/bge-base-en-v1.5'],
    answer: ['@cf/meta/llama-3.3-70b-instruct-fp8-fast', '@cf/meta/llama-3.1-8b-instruct-fast'],
    propose: ['@cf/meta/llama-3.3-70b-instruct-fp8-fast', '@cf/meta/llama-3.1-8b-instruct-fast'],
    rerank: ['@cf/baai/bge-reranker-base'],
    guard: ['@cf/meta/llama-guard-3-8b'],
    // The catalogue has no prompt-injection classifier and Llama Guard's hazard taxonomy has no injection
    // category, so a small instruct model is prompted as one (src/guard/injection-prompt.ts).
    injection: ['@cf/meta/llama-3.1-8b-instruct-fast'],
    entail: ['@cf/meta/llama-3.3-70b-instruct-fp8-fast', '@cf/meta/llama-3.1-8b-instruct-fast'],
  },
  local: {
    embed: ['local/lexical-embed-v1'],
    answer: ['local/extractive-answer-v1'],
    propose: ['local/rule-action-v1'],
    rerank: ['local/lexical-rerank-v1'],
    guard: ['local/heuristic-guard-v1'],
    injection: ['local/injection-classifier-v1'],
    // No embedded model can judge entailment; config.ts refuses CLAIM_ENTAILMENT=on with the local provider.
    entail: [],
  },
};

export function costUsd(model: string, tokensIn: number, tokensOut: number): number {
  const info = MODELS[model];
  if (!info) return 0;
  return (tokensIn * info.usdPerMTokIn + tokensOut * info.usdPerMTokOut) / 1_000_000;
}

/** The embedding dimension the provider produces; the vector index must be created with the same. */
export function embeddingDimensions(provider: ProviderName): number {
  const model = MODEL_CHAINS[provider].embed[0];
  const dims = model ? MODELS[model]?.dimensions : undefined;
  if (!dims) throw new ConfigError(`no embedding dimension known for provider ${provider}`);
  return dims;
}
