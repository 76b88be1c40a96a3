/**
 * The operator's kill switch, read from D1 on every request so a change takes effect on the next one.
 * full: normal · retrieval-only: no generation, show matching passages · read-only: no commits or writes,
 * reviews wait · off: the API refuses everything but health, identity and the switch itself.
 */
import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env';
import type { Db } from '../db/client';
import { getSetting, setSetting } from '../db/settings';
import { AppError } from '../errors';

export const killLevelSchema = z.enum(['full', 'retrieval-only', 'read-only', 'off']);
export type KillLevel = z.infer<typeof killLevelSchema>;

const KEY = 'kill_switch_level';

export async function killLevel(db: Db): Promise<KillLevel> {
  return killLevelSchema.catch('full').parse(await getSetting(db, KEY));
}

export async function setKillLevel(db: Db, level: KillLevel): Promise<void> {
  await setSetting(db, KEY, level);
}

const ALWAYS_OPEN = [/^\/api\/health/, /^\/api\/me$/, /^\/api\/admin\/kill-switch/, /^\/sign-(in|out)$/];
const WRITES = [/^\/api\/documents/, /^\/api\/tasks/, /^\/api\/users\//];

class ServiceSwitchedOffError extends AppError {
  constructor(level: KillLevel, what: string) {
    super(503, 'service_degraded', `${what} is switched off by the operator (kill switch: ${level}).`, { level });
  }
}

/** Middleware: applies the current level before any route runs, and exposes it to routes. */
export const killSwitchGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
  const level = await killLevel(c.var.services.db);
  c.set('killLevel', level);
  if (ALWAYS_OPEN.some((p) => p.test(c.req.path))) return next();
  if (level === 'off' && c.req.path.startsWith('/api/')) throw new ServiceSwitchedOffError(level, 'The API');
  const write = c.req.method !== 'GET' && WRITES.some((p) => p.test(c.req.path));
  if (level === 'read-only' && write) throw new ServiceSwitchedOffError(level, 'Changing data');
  return next();
};
