/** The per-user daily token counter: added to where traces are written, read by the daily budget. */
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from './client';
import { liveSettings, type SettingsReader } from './settings';
import { tokenUsage } from './schema';

/** The UTC day a moment falls on, as the counter keys it (`2026-11-29`). */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The statement that adds tokens to a person's counter for the day (for a batch with the trace insert). */
export function addTokens(db: Db, userId: string, tokens: number, at: Date = new Date()) {
  return db
    .insert(tokenUsage)
    .values({ userId, day: utcDay(at), tokens })
    .onConflictDoUpdate({ target: [tokenUsage.userId, tokenUsage.day], set: { tokens: sql`${tokenUsage.tokens} + ${tokens}` } });
}

/** A person's tokens on a day; through `settings`, in the same round trip as the request's settings snapshot. */
export async function tokensUsedOn(db: Db, userId: string, day: string, settings: SettingsReader = liveSettings(db)): Promise<number> {
  const query = db.select({ tokens: tokenUsage.tokens }).from(tokenUsage).where(and(eq(tokenUsage.userId, userId), eq(tokenUsage.day, day))).limit(1);
  const [row] = await settings.readAlong(query);
  return row?.tokens ?? 0;
}

/** Counter rows of days before the given moment's day. */
export async function purgeTokenUsage(db: Db, before: Date): Promise<number> {
  return (await db.delete(tokenUsage).where(lt(tokenUsage.day, utcDay(before))).returning({ day: tokenUsage.day })).length;
}

export async function deleteTokenUsageOf(db: Db, userId: string): Promise<number> {
  return (await db.delete(tokenUsage).where(eq(tokenUsage.userId, userId)).returning({ day: tokenUsage.day })).length;
}
