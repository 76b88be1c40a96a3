/**
 * Commits to an external system of record by a signed outbound webhook: the body is signed with HMAC-SHA256,
 * carries an Idempotency-Key the receiver must dedupe on, and is retried with exponential backoff and jitter.
 */
import type { ActionConnector, ApprovedAction, CommitResult } from './connector';

export interface WebhookConnectorOptions {
  url: string;
  secret: string;
  attempts?: number;
  baseDelayMs?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

export const SIGNATURE_HEADER = 'X-Signature-SHA256';
export const TIMESTAMP_HEADER = 'X-Signature-Timestamp';

async function hmacHex(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(message));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** What a receiver checks: the signature over `${timestamp}.${body}`. Exported for receivers and tests. */
export function signWebhook(secret: string, timestamp: string, body: string): Promise<string> {
  return hmacHex(secret, `${timestamp}.${body}`);
}

export class WebhookConnector implements ActionConnector {
  readonly name = 'webhook';
  private readonly attempts: number;
  private readonly baseDelayMs: number;
  private readonly timeoutMs: number;
  private readonly fetcher: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: WebhookConnectorOptions) {
    if (!/^https?:\/\//.test(options.url)) throw new Error('the webhook URL must be http(s)');
    if (options.secret.length < 16) throw new Error('the webhook secret must be at least 16 characters');
    this.attempts = options.attempts ?? 4;
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.fetcher = options.fetch ?? fetch;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  async commit(action: ApprovedAction, context: { taskId: string; idempotencyKey: string }): Promise<CommitResult> {
    const body = JSON.stringify({ taskId: context.taskId, action: action.type, params: action.params });
    let lastError = '';
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      const timestamp = String(Math.floor(Date.now() / 1000));
      try {
        const res = await this.fetcher(this.options.url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'Idempotency-Key': context.idempotencyKey,
            [TIMESTAMP_HEADER]: timestamp,
            [SIGNATURE_HEADER]: await signWebhook(this.options.secret, timestamp, body),
          },
          body,
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        if (res.ok || res.status === 409) {
          // 409 is how receivers commonly say "this idempotency key was already processed".
          return { idempotencyKey: context.idempotencyKey, appliedNow: res.status !== 409, summary: `${action.type} accepted by ${new URL(this.options.url).host}` };
        }
        lastError = `HTTP ${res.status}`;
        if (res.status < 500 && res.status !== 429) break;
      } catch (err) {
        lastError = err instanceof Error ? err.message : String(err);
      }
      if (attempt < this.attempts) {
        const backoff = this.baseDelayMs * 2 ** (attempt - 1);
        await this.sleep(backoff / 2 + Math.random() * backoff);
      }
    }
    throw new Error(`webhook commit of ${action.type} failed: ${lastError}`);
  }
}
