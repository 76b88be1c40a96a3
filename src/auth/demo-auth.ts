/** Local-mode identity: demo bearer tokens or the demo sign-in cookie. Never used in production. */
import type { Context } from 'hono';
import type { AppConfig } from '../config';
import type { Db } from '../db/client';
import { ensureUserExists } from '../db/users';
import { ConfigError, UnauthenticatedError } from '../errors';
import { DEMO_USERS, demoTokenTable, type DemoUser } from './demo-users';
import type { Identity, IdentityProvider } from './identity';
import { readSession } from './session-cookie';

// Demo users stored per D1 binding in this isolate: the app never deletes a user row (erasure keeps the user and
// removes what they wrote), so after the first insert the per-request upsert would be a round trip that does nothing.
const stored = new WeakMap<object, Set<string>>();

export class DemoIdentityProvider implements IdentityProvider {
  private readonly tokens: Map<string, DemoUser>;

  constructor(
    private readonly config: AppConfig,
    private readonly db: Db,
    private readonly binding: object = db,
  ) {
    // Checked here as well as in config so that no wiring mistake can ever enable demo users in production.
    if (config.ENVIRONMENT === 'production') throw new ConfigError('demo auth is refused when ENVIRONMENT=production');
    this.tokens = demoTokenTable(config.DEMO_TOKENS);
  }

  async identify(c: Context): Promise<Identity | null> {
    const authorization = c.req.header('Authorization');
    if (authorization) {
      const token = /^Bearer\s+(.+)$/i.exec(authorization)?.[1]?.trim();
      const user = token ? this.tokens.get(token) : undefined;
      if (!user) throw new UnauthenticatedError('Unknown bearer token.');
      return this.toIdentity(user, 'bearer');
    }
    const uid = await readSession(c, this.config.SESSION_SECRET);
    const user = DEMO_USERS.find((u) => u.id === uid);
    return user ? this.toIdentity(user, 'cookie') : null;
  }

  private async toIdentity(user: DemoUser, via: Identity['via']): Promise<Identity> {
    let ids = stored.get(this.binding);
    if (!ids) stored.set(this.binding, (ids = new Set()));
    if (!ids.has(user.id)) {
      await ensureUserExists(this.db, user);
      ids.add(user.id);
    }
    return { ...user, groups: [...user.groups], via };
  }
}
