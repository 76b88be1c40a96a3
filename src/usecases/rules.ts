/**
 * The rules every use case applies for its caller, in one place: permission (the policy table), the
 * kill-switch level, rate limits and the daily token budget. Group access lives in src/rag/access.ts.
 */
import type { Identity } from '../auth/identity';
import { can, type Permission } from '../auth/policy';
import { tokensUsedOn, utcDay } from '../db/token-usage';
import { AppError, ForbiddenError, UnauthenticatedError } from '../errors';
import { killLevel, type KillLevel } from '../ops/kill-switch';
import type { UseCaseContext } from './context';

/** The caller, asserting the policy table grants them the permission. */
export function requireCaller(ctx: UseCaseContext, permission: Permission): Identity {
  const caller = ctx.caller;
  if (!caller) throw new UnauthenticatedError();
  if (!can(caller.role, permission)) throw new ForbiddenError(`Your role (${caller.role}) may not ${permission}.`);
  return caller;
}

/**
 * What an operation does, for the kill switch. `read` shows stored data; `retrieve` searches without
 * generating; `generate` calls a generative model; `write` changes data; `commit` changes the system of record.
 */
export type Operation = 'read' | 'retrieve' | 'generate' | 'write' | 'commit';

const ALLOWED: Readonly<Record<KillLevel, ReadonlySet<Operation>>> = {
  full: new Set(['read', 'retrieve', 'generate', 'write', 'commit']),
  'retrieval-only': new Set(['read', 'retrieve', 'write']),
  'read-only': new Set(['read', 'retrieve', 'generate']),
  off: new Set(),
};

const DESCRIBED: Readonly<Record<Operation, string>> = {
  read: 'The service',
  retrieve: 'Search',
  generate: 'Generating answers and proposals',
  write: 'Changing data',
  commit: 'Committing actions',
};

/** The operator switched this kind of operation off. */
export class SwitchedOffError extends AppError {
  constructor(level: KillLevel, operation: Operation) {
    super(503, 'service_degraded', `${DESCRIBED[operation]} is switched off by the operator (kill switch: ${level}).`, { level, operation });
  }
}

export function levelAllows(level: KillLevel, operation: Operation): boolean {
  return ALLOWED[level].has(operation);
}

const levels = new WeakMap<UseCaseContext, Promise<KillLevel>>();

/** The kill-switch level, read once per context so one request sees one level. */
export function currentLevel(ctx: UseCaseContext): Promise<KillLevel> {
  let level = levels.get(ctx);
  if (!level) {
    level = killLevel(ctx.services.settings);
    levels.set(ctx, level);
  }
  return level;
}

/** Throws SwitchedOffError unless the current level allows the operation; returns the level. */
export async function assertLevelAllows(ctx: UseCaseContext, operation: Operation): Promise<KillLevel> {
  const level = await currentLevel(ctx);
  if (!levelAllows(level, operation)) throw new SwitchedOffError(level, operation);
  return level;
}

/** The rate limiter's window; it is what a client should wait before trying again. */
export const RATE_LIMIT_PERIOD_SECONDS = 60;

class RateLimitedError extends AppError {
  constructor(scope: string) {
    super(429, 'rate_limited', `Too many requests for this ${scope}; try again in a minute.`, { retryAfterSeconds: RATE_LIMIT_PERIOD_SECONDS });
  }
}

class BudgetExhaustedError extends AppError {
  constructor(used: number, daily: number) {
    super(429, 'budget_exhausted', `Your daily token budget (${daily.toLocaleString('en-US')}) is spent; it resets at 00:00 UTC.`, {
      usedTokens: used,
      dailyTokens: daily,
      retryAfterSeconds: RATE_LIMIT_PERIOD_SECONDS,
    });
  }
}

/** Throws when the person's tokens used since 00:00 UTC (the daily counter, one row) reach the daily budget. */
export async function assertWithinBudget(ctx: UseCaseContext, userId: string): Promise<void> {
  assertBudgetLeft(ctx, await tokensUsedToday(ctx, userId));
}

function tokensUsedToday(ctx: UseCaseContext, userId: string): Promise<number> {
  return tokensUsedOn(ctx.services.db, userId, utcDay(new Date()), ctx.services.settings);
}

function assertBudgetLeft(ctx: UseCaseContext, used: number): void {
  const daily = ctx.services.config.DAILY_TOKEN_BUDGET;
  if (used >= daily) throw new BudgetExhaustedError(used, daily);
}

async function assertRateLimits(ctx: UseCaseContext, caller: Identity): Promise<void> {
  const checks: [string, RateLimit, string][] = [['user', ctx.env.USER_RATE_LIMITER, `user:${caller.id}`]];
  if (ctx.ip) checks.unshift(['IP address', ctx.env.IP_RATE_LIMITER, `ip:${ctx.ip}`]);
  for (const [scope, limiter, key] of checks) {
    const { success } = await limiter.limit({ key });
    if (!success) throw new RateLimitedError(scope);
  }
}

/**
 * For every door that spends model tokens: the kill switch for `operation`, then rate limits (per person, and per
 * address where known) and the token budget, in that order; the budget is read with the request's settings snapshot
 * (which holds the switch), so the two cost one D1 round trip.
 */
export async function assertMaySpendOn(ctx: UseCaseContext, caller: Identity, operation: Operation): Promise<void> {
  const used = await tokensUsedToday(ctx, caller.id);
  await assertLevelAllows(ctx, operation);
  await assertRateLimits(ctx, caller);
  assertBudgetLeft(ctx, used);
}
