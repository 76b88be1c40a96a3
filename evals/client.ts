/** A small HTTP client for the service under evaluation (local dev server or a deployed URL). */

export interface EvalTarget {
  base: string;
  /** Bearer token per golden user; local mode uses the demo tokens. */
  tokenFor(user: string): string;
  operatorToken: string;
}

export async function call<T>(target: EvalTarget, user: string | null, path: string, init: RequestInit = {}): Promise<{ status: number; body: T; ms: number }> {
  const headers = new Headers(init.headers);
  headers.set('Authorization', `Bearer ${user ? target.tokenFor(user) : target.operatorToken}`);
  if (init.body) headers.set('Content-Type', 'application/json');
  const started = performance.now();
  const res = await fetch(`${target.base}${path}`, { ...init, headers, signal: AbortSignal.timeout(60_000) });
  const text = await res.text();
  const ms = performance.now() - started;
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep the raw text for the report
  }
  return { status: res.status, body: body as T, ms };
}
