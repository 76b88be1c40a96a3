import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { propose } from '../../src/actions/propose';
import { ModelGateway } from '../../src/ai/gateway';
import { LocalProvider } from '../../src/ai/local/local-provider';
import { MODEL_CHAINS } from '../../src/ai/model-catalogue';
import type { GenerateRequest, ModelProvider } from '../../src/ai/provider';
import { WorkersAiProvider, type AiRunner } from '../../src/ai/workers-ai-provider';
import type { Identity } from '../../src/auth/identity';
import { configSchema } from '../../src/config';
import { getDb } from '../../src/db/client';
import { offlineInjectionScreen } from '../../src/guard/injection-screen';
import { traces } from '../../src/db/schema';
import { answerQuestion, NOT_FOUND_ANSWER } from '../../src/rag/answer';
import { ENTAILMENT_SYSTEM_PROMPT, entailedClaims } from '../../src/rag/claim-entailment';
import type { VerifiedClaim } from '../../src/rag/verify-claims';
import { LocalVectorIndex } from '../../src/vector/local-index';
import { ingest } from './helpers';

const db = getDb(env.DB);

const claim = (text: string, evidence: string): VerifiedClaim => ({ text, sources: [1], evidence: [{ source: 1, start: 0, end: evidence.length, text: evidence }] });
const CLAIMS = [
  claim('Refunds are issued within 14 days.', 'Refunds are issued within 14 days of delivery.'),
  claim('Gift cards can be refunded.', 'Gift cards cannot be refunded.'),
];

/** A fake AI binding that answers every entailment prompt with the given reply, and records what it was asked. */
function fakeAi(reply: unknown, asked: Record<string, unknown>[] = []): AiRunner {
  return {
    async run(_model, input) {
      asked.push(input);
      return { response: reply, usage: { prompt_tokens: 180, completion_tokens: 20 } };
    },
  };
}

function gatewayOver(provider: ModelProvider, requestId: string) {
  return new ModelGateway({ provider, providerName: 'workers-ai', db, traceBodies: env.DOCUMENTS, context: { requestId, userId: 'alice' }, sleep: async () => {} });
}

describe('claim entailment second pass', () => {
  it('should keep only the claims the model labels entailed, through the gateway, traced and costed', async () => {
    const asked: Record<string, unknown>[] = [];
    const verdicts = { verdicts: [{ claim: 1, label: 'entailed' }, { claim: 2, label: 'contradicted' }] };
    const g = gatewayOver(new WorkersAiProvider(fakeAi(verdicts, asked), 'edge-rag'), 'req-entail');
    const kept = await entailedClaims(g, CLAIMS);
    expect(kept.map((c) => c.text)).toEqual(['Refunds are issued within 14 days.']);
    const messages = asked[0]!.messages as { role: string; content: string }[];
    expect(messages[0]!.content).toBe(ENTAILMENT_SYSTEM_PROMPT);
    expect(messages[1]!.content).toContain('Evidence 2: Gift cards cannot be refunded.');
    expect(asked[0]!.response_format).toMatchObject({ type: 'json_schema' });
    const [row] = await db.select().from(traces).where(eq(traces.requestId, 'req-entail')).all();
    expect(row).toMatchObject({ operation: 'generate', model: MODEL_CHAINS['workers-ai'].entail[0], tokensIn: 180, tokensOut: 20 });
    expect(row!.costUsd).toBeGreaterThan(0);
  });

  it.each([
    ['prose instead of JSON', 'Both claims look supported to me.'],
    ['JSON of the wrong shape', { supported: [1, 2] }],
    ['a label outside the set', { verdicts: [{ claim: 1, label: 'yes' }, { claim: 2, label: 'yes' }] }],
  ])('should fail closed on %s: no claim is supported', async (_name, reply) => {
    const g = gatewayOver(new WorkersAiProvider(fakeAi(reply), 'edge-rag'), `req-entail-${crypto.randomUUID()}`);
    expect(await entailedClaims(g, CLAIMS)).toEqual([]);
  });

  it('should drop a claim left without a verdict or given two different ones', async () => {
    const reply = { verdicts: [{ claim: 2, label: 'entailed' }, { claim: 2, label: 'neutral' }] };
    const g = gatewayOver(new WorkersAiProvider(fakeAi(reply), 'edge-rag'), `req-entail-${crypto.randomUUID()}`);
    expect(await entailedClaims(g, CLAIMS)).toEqual([]);
  });

  it('should fail closed when no model can be reached', async () => {
    const down: AiRunner = {
      run: async () => {
        throw new Error('503 Service Unavailable');
      },
    };
    const g = gatewayOver(new WorkersAiProvider(down, 'edge-rag'), `req-entail-${crypto.randomUUID()}`);
    expect(await entailedClaims(g, CLAIMS)).toEqual([]);
  });
});

describe('CLAIM_ENTAILMENT', () => {
  it('should be off unless set, and refused with the embedded models, which cannot judge entailment', () => {
    const base = { ...env, CLAIM_ENTAILMENT: undefined };
    expect(configSchema.parse(base).CLAIM_ENTAILMENT).toBe('off');
    expect(configSchema.safeParse({ ...base, CLAIM_ENTAILMENT: 'on', AI_PROVIDER: 'local' }).success).toBe(false);
    expect(configSchema.parse({ ...base, CLAIM_ENTAILMENT: 'on', AI_PROVIDER: 'workers-ai' }).CLAIM_ENTAILMENT).toBe('on');
  });
});

describe('answerQuestion with the entailment pass', () => {
  const reader: Identity = { id: 'alice', email: 'alice@example.com', name: 'Alice', role: 'user', groups: ['support'], via: 'bearer' };

  beforeAll(async () => {
    await ingest('entail-refunds.md', '# Store credit\n\nStore credit is issued within 3 business days of the return scan.', { groups: 'support' });
  });

  /**
   * The embedded models for everything but the entailment call, which goes to the fake binding: the answer path
   * stays local and deterministic while the second pass is the production one.
   */
  function mixedProvider(entailReply: unknown, proposing = false): ModelProvider {
    const local = new LocalProvider();
    const remote = new WorkersAiProvider(fakeAi(entailReply), 'edge-rag');
    const localModel = { embed: 'local/lexical-embed-v1', rerank: 'local/lexical-rerank-v1' } as const;
    return {
      name: 'mixed',
      embed: (_m, texts) => local.embed(localModel.embed, texts),
      rerank: (_m, q, docs) => local.rerank(localModel.rerank, q, docs),
      generate: (model, request: GenerateRequest, o) => {
        if (request.system === ENTAILMENT_SYSTEM_PROMPT) return remote.generate(model, request, o);
        if (model.includes('guard')) return local.generate('local/heuristic-guard-v1', request);
        return local.generate(proposing ? 'local/rule-action-v1' : 'local/extractive-answer-v1', request);
      },
    };
  }

  async function ask(entailReply: unknown, entailment: boolean) {
    const gateway = gatewayOver(mixedProvider(entailReply), `req-entail-answer-${crypto.randomUUID()}`);
    const vectors = new LocalVectorIndex(db, env.DB, 512);
    return answerQuestion({ db, vectors, gateway, screen: offlineInjectionScreen }, reader, 'How soon is store credit issued after a return?', { topK: 5, entailment });
  }

  it('should answer when the model entails the claim, and refuse when it does not', async () => {
    const entailed = { verdicts: [{ claim: 1, label: 'entailed' }, { claim: 2, label: 'entailed' }, { claim: 3, label: 'entailed' }] };
    const yes = await ask(entailed, true);
    expect(yes.grounded).toBe(true);
    expect(yes.answer).toContain('3 business days');

    const no = await ask({ verdicts: [{ claim: 1, label: 'contradicted' }, { claim: 2, label: 'contradicted' }, { claim: 3, label: 'contradicted' }] }, true);
    expect(no.answer).toBe(NOT_FOUND_ANSWER);
    // The same unsupported verdict changes nothing when the pass is off.
    expect((await ask('not json', false)).answer).toContain('3 business days');
  });

  it("should apply the pass to a task's answer too", async () => {
    const run = async (entailment: boolean) => {
      const gateway = gatewayOver(mixedProvider('not json', true), `req-entail-task-${crypto.randomUUID()}`);
      const vectors = new LocalVectorIndex(db, env.DB, 512);
      return propose({ db, vectors, gateway, screen: offlineInjectionScreen }, reader, 'How soon is store credit issued after a return?', 5, { entailment });
    };
    expect((await run(false)).answer.answer).toContain('3 business days');
    expect((await run(true)).answer.answer).toBe(NOT_FOUND_ANSWER);
  });
});
