/**
 * The optional second pass of claim verification (production, CLAIM_ENTAILMENT=on): an instruction model, asked
 * through the gateway, labels each claim the lexical check kept as entailed, contradicted or neutral given the
 * span that supported it. Only "entailed" claims stay. It fails closed: a reply that does not parse, a claim
 * without a verdict, or no model to ask means "not supported".
 */
import { z } from 'zod';
import type { ModelGateway } from '../ai/gateway';
import type { CallOptions } from '../ai/provider';
import { ModelUnavailableError } from '../errors';
import type { VerifiedClaim } from './verify-claims';

export const ENTAILMENT_PROMPT_VERSION = 'entail-v1';

export const ENTAILMENT_SYSTEM_PROMPT = `You check claims against evidence. For each numbered pair, label the claim:
- "entailed" only when the evidence states it: the same numbers, amounts, dates, durations, negation, names and who does what;
- "contradicted" when the evidence says something else;
- "neutral" when the evidence does not say.
Reply with JSON only: {"verdicts":[{"claim":1,"label":"entailed"}]}, one verdict per claim.`;

const verdictsSchema = z.object({
  verdicts: z.array(z.object({ claim: z.number().int().min(1), label: z.enum(['entailed', 'contradicted', 'neutral']) })),
});

export const ENTAILMENT_JSON_SCHEMA = z.toJSONSchema(verdictsSchema) as Record<string, unknown>;

export function buildEntailmentPrompt(claims: readonly VerifiedClaim[]): string {
  return claims
    .map((c, i) => `Claim ${i + 1}: ${c.text}\nEvidence ${i + 1}: ${c.evidence.map((e) => e.text).join(' … ')}`)
    .join('\n\n');
}

/** The claims whose verdict reads "entailed"; everything else, unreadable replies included, is dropped. */
export function parseEntailment(raw: string, claims: readonly VerifiedClaim[]): VerifiedClaim[] {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return [];
  }
  const parsed = verdictsSchema.safeParse(json);
  if (!parsed.success) return [];
  const labels = new Map<number, string[]>();
  for (const v of parsed.data.verdicts) labels.set(v.claim, [...(labels.get(v.claim) ?? []), v.label]);
  // Two different verdicts for one claim are as good as none.
  return claims.filter((_, i) => {
    const seen = labels.get(i + 1) ?? [];
    return seen.length > 0 && seen.every((l) => l === 'entailed');
  });
}

export async function entailedClaims(gateway: ModelGateway, claims: readonly VerifiedClaim[], options: CallOptions = {}): Promise<VerifiedClaim[]> {
  if (claims.length === 0) return [];
  let reply: string;
  try {
    ({ text: reply } = await gateway.generate(
      'entail',
      {
        system: ENTAILMENT_SYSTEM_PROMPT,
        prompt: buildEntailmentPrompt(claims),
        jsonSchema: ENTAILMENT_JSON_SCHEMA,
        maxTokens: 32 + 24 * claims.length,
        promptVersion: ENTAILMENT_PROMPT_VERSION,
      },
      options,
    ));
  } catch (err) {
    if (err instanceof ModelUnavailableError) return [];
    throw err;
  }
  return parseEntailment(reply, claims);
}
