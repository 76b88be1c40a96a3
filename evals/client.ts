/** A small HTTP client for the service under evaluation (local dev server or a deployed URL). */

export interface EvalTarget {
  base: string;
  /** Bearer token per golden user; local mode uses the demo tokens; null sends none (an Access service token). */
  tokenFor(user: string): string | null;
  operatorToken: string | null;
  /** Sent on every request: Access service-token credentials, the Workers version override. */
  headers?: Record<string, string>;
}

/**
 * Headers for a deployed target, from the environment: CF_ACCESS_CLIENT_ID and CF_ACCESS_CLIENT_SECRET (an Access
 * service token, so no person's login is needed) and EVAL_VERSION_OVERRIDE (`<worker>="<version id>"`, routing every
 * request to a version that serves no traffic yet).
 */
export function targetHeaders(env: NodeJS.ProcessEnv): Record<string, string> {
  const headers: Record<string, string> = {};
  if (env.CF_ACCESS_CLIENT_ID && env.CF_ACCESS_CLIENT_SECRET) {
    headers['CF-Access-Client-Id'] = env.CF_ACCESS_CLIENT_ID;
    headers['CF-Access-Client-Secret'] = env.CF_ACCESS_CLIENT_SECRET;
  }
  if (env.EVAL_VERSION_OVERRIDE) headers['Cloudflare-Workers-Version-Overrides'] = env.EVAL_VERSION_OVERRIDE;
  return headers;
}

export async function call<T>(target: EvalTarget, user: string | null, path: string, init: RequestInit = {}): Promise<{ status: number; body: T; ms: number }> {
  const headers = new Headers(init.headers);
  for (const [name, value] of Object.entries(target.headers ?? {})) headers.set(name, value);
  const token = user ? target.tokenFor(user) : target.operatorToken;
  if (token) headers.set('Authorization', `Bearer ${token}`);
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
