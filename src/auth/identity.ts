/** Who is calling: the identity every route sees, whatever authenticated it. */
import type { Context } from 'hono';
import type { Role } from './policy';

export interface Identity {
  id: string;
  email: string;
  name: string;
  role: Role;
  groups: string[];
  /**
   * How the caller proved who they are; cookie sessions need CSRF checks, bearer and Access tokens do not.
   * `session`: a message on the session socket, authenticated when the socket was opened.
   */
  via: 'access' | 'bearer' | 'cookie' | 'session';
}

/** Resolves the caller from a request: null when it carries no credentials, throws when they are invalid. */
export interface IdentityProvider {
  identify(c: Context): Promise<Identity | null>;
}
