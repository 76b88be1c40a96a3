/** Per-user daily token budget: refuses new model work once today's traced tokens reach the limit. */
import type { Db } from '../db/client';
import { tokensUsedSince } from '../db/traces';
import { AppError } from '../errors';

export async function assertWithinBudget(db: Db, userId: string, dailyTokens: number): Promise<void> {
  const midnight = new Date();
  midnight.setUTCHours(0, 0, 0, 0);
  const used = await tokensUsedSince(db, userId, midnight);
  if (used >= dailyTokens) {
    throw new AppError(429, 'budget_exhausted', `Your daily token budget (${dailyTokens.toLocaleString('en-US')}) is spent; it resets at 00:00 UTC.`, {
      usedTokens: used,
      dailyTokens,
    });
  }
}
