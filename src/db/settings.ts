/** Small operational counters and switches kept in D1 (corpus version, local index generation, kill switch). */
import { eq, sql } from 'drizzle-orm';
import type { Db } from './client';
import { settings } from './schema';

export async function getSetting(db: Db, key: string): Promise<string | undefined> {
  const row = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).get();
  return row?.value;
}

export async function setSetting(db: Db, key: string, value: string): Promise<void> {
  await db
    .insert(settings)
    .values({ key, value })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date() } });
}

/** Atomically increments a numeric setting and returns the new value. */
export async function bumpCounter(db: Db, key: string): Promise<number> {
  const row = await db
    .insert(settings)
    .values({ key, value: '1' })
    .onConflictDoUpdate({
      target: settings.key,
      set: { value: sql`cast(cast(${settings.value} as integer) + 1 as text)`, updatedAt: new Date() },
    })
    .returning({ value: settings.value })
    .get();
  return Number(row.value);
}
