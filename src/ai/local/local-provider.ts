/** The embedded offline provider: same interface as Workers AI, deterministic, no network, no weights. */
import { estimateTokens } from '../../lib/terms';
import { MODELS } from '../model-catalogue';
import { ModelCallError, type GenerateRequest, type ModelProvider, type Usage } from '../provider';
import { generateExtractiveAnswer } from './extractive-generator';
import { isInjection } from '../../guard/injection';
import { readInjectionPrompt } from '../../guard/injection-prompt';
import { generateGuardVerdict } from './heuristic-guard';
import { embedLexical } from './lexical-embedder';
import { rerankLexical } from './lexical-reranker';
import { generateProposal } from './rule-action-parser';

function usage(input: string, output = ''): Usage {
  return { tokensIn: estimateTokens(input), tokensOut: estimateTokens(output) };
}

export class LocalProvider implements ModelProvider {
  readonly name = 'local';

  async embed(model: string, texts: string[]) {
    const dimensions = MODELS[model]?.dimensions;
    if (!dimensions) throw new ModelCallError(`local provider has no embedding model ${model}`, false);
    return { vectors: texts.map((t) => embedLexical(t, dimensions)), usage: usage(texts.join('\n')) };
  }

  async generate(model: string, request: GenerateRequest) {
    if (model === 'local/heuristic-guard-v1') {
      const text = generateGuardVerdict(request.prompt);
      return { text, usage: usage(request.prompt, text) };
    }
    const generators: Record<string, (prompt: string) => unknown> = {
      'local/extractive-answer-v1': generateExtractiveAnswer,
      'local/rule-action-v1': generateProposal,
      'local/injection-classifier-v1': (prompt) => ({
        injected: readInjectionPrompt(prompt).flatMap((s, i) => (isInjection(s) ? [i + 1] : [])),
      }),
    };
    const generate = generators[model];
    if (!generate) throw new ModelCallError(`local provider has no generation model ${model}`, false);
    const text = JSON.stringify(generate(request.prompt));
    return { text, usage: usage(request.system + request.prompt, text) };
  }

  async rerank(model: string, query: string, documents: string[]) {
    if (model !== 'local/lexical-rerank-v1') throw new ModelCallError(`local provider has no reranker ${model}`, false);
    return { scores: rerankLexical(query, documents), usage: usage(query + documents.join('\n')) };
  }
}
