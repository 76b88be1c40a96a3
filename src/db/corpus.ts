/** The corpus version: bumped by every ingest and delete, so answer caches keyed on it go stale at once. */
import type { Db } from './client';
import { bumpCounter, type SettingsReader } from './settings';

const KEY = 'corpus_version';

export async function corpusVersion(settings: SettingsReader): Promise<number> {
  return Number((await settings.get(KEY)) ?? 0);
}

export function bumpCorpusVersion(db: Db): Promise<number> {
  return bumpCounter(db, KEY);
}
