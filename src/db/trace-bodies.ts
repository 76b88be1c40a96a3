/**
 * Trace bodies in R2: the redacted prompt and response text and the AI Gateway metadata of one model call, one
 * object per trace under a key derived from its id. D1 keeps the metadata a dashboard and the budget need.
 */
import { z } from 'zod';

/** Every trace body lives under this prefix, so one R2 lifecycle rule (age = retention days) can expire them. */
export const TRACE_BODY_PREFIX = 'traces/';
/** R2 deletes at most 1,000 keys per call. */
const DELETE_BATCH = 1000;

export const traceBodySchema = z.object({
  prompt: z.string(),
  response: z.string().nullable(),
  gatewayMetadata: z.record(z.string(), z.string()),
});
export type TraceBody = z.infer<typeof traceBodySchema>;

export function traceBodyKey(traceId: string): string {
  return `${TRACE_BODY_PREFIX}${traceId}.json`;
}

export async function putTraceBody(bucket: R2Bucket, traceId: string, body: TraceBody): Promise<void> {
  await bucket.put(traceBodyKey(traceId), JSON.stringify(body), { httpMetadata: { contentType: 'application/json' } });
}

/** The body, or null when it is gone (erased, expired by the lifecycle rule) or unreadable. */
export async function getTraceBody(bucket: R2Bucket, traceId: string): Promise<TraceBody | null> {
  const object = await bucket.get(traceBodyKey(traceId));
  if (!object) return null;
  const parsed = traceBodySchema.safeParse(await object.json().catch(() => null));
  return parsed.success ? parsed.data : null;
}

export async function deleteTraceBodies(bucket: R2Bucket, traceIds: readonly string[]): Promise<void> {
  for (let i = 0; i < traceIds.length; i += DELETE_BATCH) await bucket.delete(traceIds.slice(i, i + DELETE_BATCH).map(traceBodyKey));
}

/**
 * 48 bits of the SHA-256 of a text, as a number: kept in D1 (6 bytes) so repeated prompts can be counted and a
 * body checked against its row without the text.
 */
export async function traceHash(text: string): Promise<number> {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)), 0, 6);
  return bytes.reduce((n, b) => n * 256 + b, 0);
}
