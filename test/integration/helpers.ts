/** Shared helpers for integration tests: requests as a demo user against the real Worker entry. */
import { exports } from 'cloudflare:workers';

export const BASE = 'https://app.test';

export function asUser(user: string | null, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (user) headers.set('Authorization', `Bearer demo-${user}`);
  return exports.default.fetch(new Request(`${BASE}${path}`, { ...init, headers }));
}

export function jsonBody(body: unknown): RequestInit {
  return { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}
