/** Hono's environment for this app: the Worker bindings and the per-request variables middleware sets. */
import type { RequestIdVariables } from 'hono/request-id';
import type { SecureHeadersVariables } from 'hono/secure-headers';
import type { Identity } from './auth/identity';
import type { Services } from './services';

export type AppEnv = {
  Bindings: Env;
  Variables: RequestIdVariables &
    SecureHeadersVariables & {
      services: Services;
      identity: Identity | null;
    };
};
