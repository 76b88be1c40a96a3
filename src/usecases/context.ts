/**
 * What every use case receives: the caller, the door they came through, and the services. Doors (HTTP
 * routes, pages, the session Agent, Workflow steps, the cron) build one of these and call a use case;
 * the use case enforces every rule itself, so no door can skip one.
 */
import type { Identity } from '../auth/identity';
import { createServices, type Services, type ServicesOptions } from '../services';

export const DOORS = ['http', 'page', 'websocket', 'workflow', 'cron'] as const;
export type Door = (typeof DOORS)[number];

export interface UseCaseContext {
  env: Env;
  services: Services;
  /** The person acting; null for an anonymous request, or for the system itself (Workflow steps, cron). */
  caller: Identity | null;
  door: Door;
  /** Ties traces, request records and audit rows of one request together. */
  requestId: string;
  /** The client's address where the door knows it (HTTP); rate limits key on it as well as on the caller. */
  ip?: string;
}

/** A context for the system's own doors (Workflow steps, the cron), acting for nobody or for a stored user. */
export function systemContext(env: Env, door: 'workflow' | 'cron', requestId: string, options: ServicesOptions = {}): UseCaseContext {
  return { env, services: createServices(env, options), caller: null, door, requestId };
}
