/** Local-mode identity: demo bearer tokens or the demo sign-in cookie. Never used in production. */
import type { Context } from 'hono';
import type { AppConfig } from '../config';
import type { Db } from '../db/client';
import { ensureUserExists } from '../db/users';
import { ConfigError, UnauthenticatedError } from '../errors';
import { DEMO_USERS, demoTokenTable, type DemoUser } from './demo-users';
import type { Identity, IdentityProvider } from './identity';
import { readSession } from './session-cookie';

export class DemoIdentityProvider implements IdentityProvider {
  private readonly tokens: Map<string, DemoUser>;

  constructor(
    private readonly config: AppConfig,
    private readonly db: Db,
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
    await ensureUserExists(this.db, user);
    return { ...user, groups: [...user.groups], via };
  }
}
