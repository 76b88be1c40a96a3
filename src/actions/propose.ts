/**
 * Turns a task's request into a validated proposal: retrieve evidence, ask the model for a structured
 * proposal, validate it (and the action's params against the registry), regenerate once on invalid output.
 */
import { z } from 'zod';
import type { ModelGateway } from '../ai/gateway';
import type { Identity } from '../auth/identity';
import type { InjectionScreen } from '../guard/injection-screen';
import { groundAnswer, instructionsOnly, promptSources, refusal, type AnswerResult } from '../rag/answer';
import { retrieve, type RetrieveDeps } from '../rag/retrieve';
import type { ActionParams } from './connectors/connector';
import { buildProposalPrompt, PROPOSAL_JSON_SCHEMA, PROPOSAL_PROMPT_VERSION, PROPOSAL_SYSTEM_PROMPT, proposalOutputSchema, type NeedsInputOutput } from './proposal-prompt';
import { actionDefinition, type ActionDefinition, type Risk } from './registry';

/** The request asks for an action but leaves these params out or ambiguous; `params` holds the valid ones it gives. */
export interface NeedsInput {
  action: string;
  missing: string[];
  question: string;
  params: Record<string, unknown>;
}

export interface Proposal {
  answer: AnswerResult;
  action: { type: string; params: ActionParams } | null;
  /** Set only when `action` is null and the request asked for an action it did not complete. */
  needsInput: NeedsInput | null;
  risk: Risk | null;
  confidence: number;
  rationale: string;
  /** Every document retrieved for the prompt: the proposal may draw on any of them, cited or not. */
  sourceDocumentIds: string[];
}

/** The model could not produce a valid proposal even after regeneration. */
export class InvalidProposalError extends Error {
  constructor(readonly problems: string[]) {
    super(`the model's proposal was invalid: ${problems.join('; ')}`);
    this.name = 'InvalidProposalError';
  }
}

const ATTEMPTS = 3;

/**
 * Checks a needs-input signal against the action's schema: the action must exist and every missing name
 * must be one of its params. A given param whose value the schema rejects is asked for again.
 */
function checkNeedsInput(out: NeedsInputOutput): { needsInput: NeedsInput } | { problem: string } {
  const definition: ActionDefinition | undefined = actionDefinition(out.action);
  if (!definition) return { problem: `unknown action ${out.action} in needsInput` };
  const shape: Record<string, z.ZodType> = definition.params instanceof z.ZodObject ? definition.params.shape : {};
  const unknown = out.missing.filter((name) => !(name in shape));
  if (unknown.length) return { problem: `needsInput.missing: ${unknown.join(', ')} not a param of ${definition.type}` };
  const missing = new Set(out.missing);
  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(out.params ?? {})) {
    const schema = shape[key];
    if (!schema || missing.has(key)) continue;
    if (schema.safeParse(value).success) params[key] = value;
    else missing.add(key);
  }
  return { needsInput: { action: definition.type, missing: [...missing], question: out.question.trim(), params } };
}

export async function propose(
  deps: RetrieveDeps & { gateway: ModelGateway; screen: InjectionScreen },
  requester: Identity,
  request: string,
  topK: number,
  options: { entailment?: boolean } = {},
): Promise<Proposal> {
  const clean = (await deps.screen.strip(request)).text.trim();
  if (!clean) {
    const rationale = 'The injection screen removed the whole request as instructions to the assistant.';
    return { answer: instructionsOnly(), action: null, needsInput: null, risk: null, confidence: 0, rationale, sourceDocumentIds: [] };
  }
  const retrieved = await retrieve(deps, requester, clean, { topK, stages: 'reranked' });
  const sources = await promptSources(deps.screen, retrieved);
  const sourceDocumentIds = [...new Set(retrieved.map((r) => r.documentId))];
  const prompt = buildProposalPrompt(clean, sources);
  const problems: string[] = [];
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const note = problems.length ? `\nYour previous reply was invalid (${problems.at(-1)}). Reply with the JSON object only.` : '';
    const { text } = await deps.gateway.generate('propose', { system: PROPOSAL_SYSTEM_PROMPT + note, prompt, jsonSchema: PROPOSAL_JSON_SCHEMA, promptVersion: PROPOSAL_PROMPT_VERSION });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      problems.push('not JSON');
      continue;
    }
    const parsed = proposalOutputSchema.safeParse(json);
    if (!parsed.success) {
      problems.push(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join(', '));
      continue;
    }
    const out = parsed.data;
    const answer = out.answer.trim()
      ? await groundAnswer(deps.gateway, out.answer, out.confidence, retrieved, sources, options)
      : refusal(retrieved);
    if (!out.action) {
      const checked = out.needsInput ? checkNeedsInput(out.needsInput) : { needsInput: null };
      if ('problem' in checked) {
        problems.push(checked.problem);
        continue;
      }
      return { answer, action: null, needsInput: checked.needsInput, risk: null, confidence: out.confidence, rationale: out.rationale, sourceDocumentIds };
    }
    const definition = actionDefinition(out.action.type);
    if (!definition) {
      problems.push(`unknown action ${out.action.type}`);
      continue;
    }
    const params = definition.params.safeParse(out.action.params);
    if (!params.success) {
      problems.push(params.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join(', '));
      continue;
    }
    return {
      answer,
      action: { type: definition.type, params: params.data as ActionParams },
      needsInput: null,
      risk: definition.risk,
      confidence: out.confidence,
      rationale: out.rationale,
      sourceDocumentIds,
    };
  }
  throw new InvalidProposalError(problems);
}
