/**
 * The Access signing keys, cached per isolate: fetched when missing or stale (Cache-Control max-age), at
 * most once at a time, and kept serving past their age while the certs endpoint fails (stale-if-error),
 * so a stutter at the endpoint does not sign everybody out. A token with an unknown key id refreshes early,
 * which is how a key rotation is picked up.
 */
import type { HonoJsonWebKey } from 'hono/utils/jwt/jws';
import { z } from 'zod';

export interface JwksCacheOptions {
  fetch?: typeof fetch;
  now?: () => number;
  /** Freshness when the endpoint sends no max-age. */
  defaultMaxAgeSeconds?: number;
  /** How long stale keys may serve while refreshing fails, unless the response says otherwise. */
  defaultStaleIfErrorSeconds?: number;
  /** Unknown key ids refresh at most this often, so junk tokens cannot hammer the endpoint. */
  minRefreshSeconds?: number;
}

interface Entry {
  keys: HonoJsonWebKey[];
  fetchedAt: number;
  freshUntil: number;
  staleUntil: number;
}

const jwksSchema = z.object({ keys: z.array(z.looseObject({ kid: z.string().optional(), kty: z.string() })) });

function directive(cacheControl: string | null, name: string): number | undefined {
  const match = new RegExp(`(?:^|,)\\s*${name}=(\\d+)`, 'i').exec(cacheControl ?? '');
  return match ? Number(match[1]) : undefined;
}

export class JwksCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<Entry>>();
  private readonly fetcher: typeof fetch;
  private readonly now: () => number;

  constructor(private readonly options: JwksCacheOptions = {}) {
    this.fetcher = options.fetch ?? ((input, init) => fetch(input, init));
    this.now = options.now ?? Date.now;
  }

  /** The keys to verify a token whose header names `kid`. */
  async keys(url: string, kid: string | undefined): Promise<HonoJsonWebKey[]> {
    const entry = this.entries.get(url);
    const now = this.now();
    const unknownKid = entry !== undefined && kid !== undefined && !entry.keys.some((k) => k.kid === kid);
    const mayRefreshEarly = entry !== undefined && now - entry.fetchedAt >= (this.options.minRefreshSeconds ?? 30) * 1000;
    if (entry && now < entry.freshUntil && !(unknownKid && mayRefreshEarly)) return entry.keys;
    try {
      return (await this.refresh(url)).keys;
    } catch (err) {
      if (entry && now < entry.staleUntil) return entry.keys;
      throw err;
    }
  }

  private refresh(url: string): Promise<Entry> {
    const pending = this.inFlight.get(url);
    if (pending) return pending;
    const work = (async () => {
      const res = await this.fetcher(url, { headers: { Accept: 'application/json' } });
      if (!res.ok) throw new Error(`fetching the Access keys failed: HTTP ${res.status}`);
      const body = jwksSchema.parse(await res.json());
      const cacheControl = res.headers.get('Cache-Control');
      const now = this.now();
      const maxAge = directive(cacheControl, 'max-age') ?? this.options.defaultMaxAgeSeconds ?? 300;
      const staleIfError = directive(cacheControl, 'stale-if-error') ?? this.options.defaultStaleIfErrorSeconds ?? 86_400;
      const entry: Entry = { keys: body.keys as HonoJsonWebKey[], fetchedAt: now, freshUntil: now + maxAge * 1000, staleUntil: now + (maxAge + staleIfError) * 1000 };
      this.entries.set(url, entry);
      return entry;
    })().finally(() => this.inFlight.delete(url));
    this.inFlight.set(url, work);
    return work;
  }
}

/** One cache per isolate: every request served by this isolate shares it. */
export const isolateJwksCache = new JwksCache();
