/**
 * The operator's kill switch, stored in D1 so a change takes effect on the next request at every door.
 * full: normal · retrieval-only: no generation or commits, show matching passages · read-only: no writes or
 * commits, reviews wait · off: nothing but health, identity and the operator's tools. What each level
 * allows is decided in src/usecases/rules.ts.
 */
import { z } from 'zod';
import type { Db } from '../db/client';
import { setSetting, type SettingsReader } from '../db/settings';

export const killLevelSchema = z.enum(['full', 'retrieval-only', 'read-only', 'off']);
export type KillLevel = z.infer<typeof killLevelSchema>;

const KEY = 'kill_switch_level';

export async function killLevel(settings: SettingsReader): Promise<KillLevel> {
  return killLevelSchema.catch('full').parse(await settings.get(KEY));
}

export async function setKillLevel(db: Db, level: KillLevel): Promise<void> {
  await setSetting(db, KEY, level);
}
