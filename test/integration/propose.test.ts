import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { ModelGateway } from '../../src/ai/gateway';
import { LocalProvider } from '../../src/ai/local/local-provider';
import type { ModelProvider } from '../../src/ai/provider';
import { InvalidProposalError, propose } from '../../src/actions/propose';
import { getDb } from '../../src/db/client';
import { traces } from '../../src/db/schema';
import { LocalVectorIndex } from '../../src/vector/local-index';

const db = getDb(env.DB);
const alice = { id: 'alice', email: 'alice@demo.local', name: 'Alice', role: 'user' as const, groups: ['support'], via: 'bearer' as const };

/** A provider whose first `bad` generations are the given garbage, then the real local model. */
function flaky(outputs: string[]): ModelProvider {
  const local = new LocalProvider();
  return {
    name: 'flaky',
    embed: (m, t) => local.embed(m, t),
    rerank: (m, q, d) => local.rerank(m, q, d),
    async generate(model, request) {
      const next = outputs.shift();
      return next === undefined ? local.generate(model, request) : { text: next, usage: { tokensIn: 1, tokensOut: 1 } };
    },
  };
}

function deps(provider: ModelProvider, requestId: string) {
  return {
    db,
    vectors: new LocalVectorIndex(db, env.DB, 512),
    gateway: new ModelGateway({ provider, providerName: 'local', db, context: { requestId, userId: 'alice' } }),
  };
}

describe('propose', () => {
  it('should regenerate after invalid JSON and invalid params, then return a valid proposal', async () => {
    const bad = ['this is not json', JSON.stringify({ answer: '', citations: [], action: { type: 'issue_refund', params: { orderId: 'ORD-1', amountUsd: 'lots' } }, confidence: 0.9, rationale: '' })];
    const p = await propose(deps(flaky(bad), 'req-regen'), alice, 'Refund $12.50 on ORD-1003, wrong colour.', 5);
    expect(p.action).toEqual({ type: 'issue_refund', params: { orderId: 'ORD-1003', amountUsd: 12.5, reason: 'Refund $12.50 on ORD-1003, wrong colour.' } });
    expect(p.risk).toBe('high');
    const generations = await db.select().from(traces).where(eq(traces.requestId, 'req-regen')).all();
    expect(generations.filter((t) => t.operation === 'generate')).toHaveLength(3);
  });

  it('should give up with InvalidProposalError when every attempt is invalid', async () => {
    await expect(propose(deps(flaky(['x', 'y', 'z']), 'req-bad'), alice, 'Refund $5 on ORD-1003', 5)).rejects.toBeInstanceOf(InvalidProposalError);
  });

  it('should reject an action type the registry does not know', async () => {
    const unknown = JSON.stringify({ answer: '', citations: [], action: { type: 'delete_database', params: {} }, confidence: 1, rationale: '' });
    await expect(propose(deps(flaky([unknown, unknown, unknown]), 'req-unknown'), alice, 'drop it', 5)).rejects.toThrow(/unknown action/);
  });
});
