/**
 * Commits to an external system of record by a signed outbound webhook: HMAC-SHA256 over the timestamp, the
 * Idempotency-Key the receiver must dedupe on, and the body; retried with exponential backoff and jitter
 * (once only inside a Workflow step, which owns the retries there).
 */
import type { TypedAction } from '../registry';
import type { ActionConnector, CommitResult, Precheck } from './connector';

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

/**
 * What a receiver checks: the signature over `${timestamp}.${idempotencyKey}.${body}`, so a replayed body
 * cannot be sent under another key. Exported for receivers and tests.
 */
export function signWebhook(secret: string, timestamp: string, idempotencyKey: string, body: string): Promise<string> {
  return hmacHex(secret, `${timestamp}.${idempotencyKey}.${body}`);
}

/** A 409 means "already applied" only when the receiver names this key as applied in its JSON reply. */
async function confirmsApplied(res: Response, key: string): Promise<boolean> {
  const body = (await res.json().catch(() => null)) as { idempotencyKey?: unknown; applied?: unknown } | null;
  return body?.idempotencyKey === key && body.applied === true;
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

  /** A remote system of record cannot be asked beforehand, so nothing it receives is ever auto-committed. */
  async check(): Promise<Precheck> {
    return { ok: false, reason: 'the webhook system of record cannot be checked before a commit' };
  }

  async commit(action: TypedAction, context: { taskId: string; idempotencyKey: string }): Promise<CommitResult> {
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
            [SIGNATURE_HEADER]: await signWebhook(this.options.secret, timestamp, context.idempotencyKey, body),
          },
          body,
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        const summary = `${action.type} accepted by ${new URL(this.options.url).host}`;
        if (res.ok) return { idempotencyKey: context.idempotencyKey, appliedNow: true, summary };
        if (res.status === 409 && (await confirmsApplied(res, context.idempotencyKey))) {
          return { idempotencyKey: context.idempotencyKey, appliedNow: false, summary };
        }
        lastError = res.status === 409 ? 'HTTP 409 without confirming that this idempotency key was applied' : `HTTP ${res.status}`;
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
