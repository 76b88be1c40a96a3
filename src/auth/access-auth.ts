/** Production identity: a verified Cloudflare Access JWT, with the role and groups read from D1. */
import type { Context } from 'hono';
import type { HonoJsonWebKey } from 'hono/utils/jwt/jws';
import type { AppConfig } from '../config';
import type { Db } from '../db/client';
import { countOperators, ensureUser, findUserByEmail } from '../db/users';
import { ConfigError, UnauthenticatedError } from '../errors';
import { accessTokenFrom, verifyAccessJwt, type AccessVerifierOptions } from './access-jwt';
import type { Identity, IdentityProvider } from './identity';

export class AccessIdentityProvider implements IdentityProvider {
  private readonly verifier: AccessVerifierOptions;

  constructor(
    private readonly config: AppConfig,
    private readonly db: Db,
  ) {
    if (!config.ACCESS_TEAM_DOMAIN || !config.ACCESS_AUD) throw new ConfigError('ACCESS_TEAM_DOMAIN and ACCESS_AUD are required');
    this.verifier = {
      teamDomain: config.ACCESS_TEAM_DOMAIN,
      audience: config.ACCESS_AUD,
      keys: config.ACCESS_JWKS ? (JSON.parse(config.ACCESS_JWKS) as { keys: HonoJsonWebKey[] }).keys : undefined,
    };
  }

  async identify(c: Context): Promise<Identity | null> {
    const token = accessTokenFrom(c);
    if (!token) return null;
    const claims = await verifyAccessJwt(token, this.verifier);
    const known = await findUserByEmail(this.db, claims.principal);
    // A machine gets exactly the role an operator registered for its client id, never a provisioned one.
    if (!known && claims.service) throw new UnauthenticatedError('This Access service token has no user row.');
    const user = known ?? (await this.provision(claims.principal));
    return { id: user.id, email: user.email, name: user.name, role: user.role, groups: user.groups, via: 'access' };
  }

  /** First sight of an Access-approved person: a plain user, unless they are the bootstrap operator and none exists yet. */
  private async provision(email: string) {
    const isBootstrap =
      email.toLowerCase() === this.config.BOOTSTRAP_OPERATOR_EMAIL?.toLowerCase() && (await countOperators(this.db)) === 0;
    return ensureUser(this.db, {
      id: crypto.randomUUID(),
      email,
      name: email.split('@')[0] ?? email,
      role: isBootstrap ? 'operator' : 'user',
      groups: [],
    });
  }
}
