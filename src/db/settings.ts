/** Small operational counters and switches kept in D1 (corpus version, local index generation, kill switch). */
import { eq, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
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

/** Where rules read settings from: straight from D1, or from a snapshot taken once per request. */
export interface SettingsReader {
  get(key: string): Promise<string | undefined>;
  /** Drops what was read, after this request wrote a setting it reads again. */
  forget(): void;
  /** Rows of `query`, read in the same D1 batch as the snapshot when the snapshot is not read yet. */
  readAlong<T>(query: BatchItem<'sqlite'> & PromiseLike<T[]>): Promise<T[]>;
}

/** Every read is its own query: for the system's doors (Workflow steps, cron, the session Agent), which run long. */
export function liveSettings(db: Db): SettingsReader {
  return { get: (key) => getSetting(db, key), forget: () => {}, readAlong: async (query) => query };
}

/**
 * The whole settings table (a handful of switches and counters) read in one query on first use and kept for the
 * rest of one HTTP request, so the kill switch, corpus version and vector generation cost one round trip, not three.
 * A change still applies from the next request, which builds a new snapshot.
 */
export function requestSettings(db: Db): SettingsReader {
  const snapshot = () => db.select({ key: settings.key, value: settings.value }).from(settings);
  const toMap = (all: { key: string; value: string }[]) => new Map(all.map((r) => [r.key, r.value]));
  let rows: Promise<Map<string, string>> | null = null;
  return {
    get: async (key) => {
      rows ??= snapshot().all().then(toMap);
      return (await rows).get(key);
    },
    forget: () => {
      rows = null;
    },
    readAlong: async <T>(query: BatchItem<'sqlite'> & PromiseLike<T[]>) => {
      if (rows) return query;
      const both = db.batch([snapshot(), query]);
      rows = both.then(([all]) => toMap(all));
      return (await both)[1] as T[];
    },
  };
}
