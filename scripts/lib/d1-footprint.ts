/**
 * Reads how much a local (miniflare) D1 database and R2 buckets occupy in a wrangler state dir: each SQLite file is
 * copied with its WAL and checkpointed in the copy, so the running dev server is never written to.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

export interface D1Footprint {
  /** Pages in use × page size, after a checkpoint (free pages excluded). */
  bytes: number;
  /** Bytes per table or index (from the dbstat table), when SQLite was built with it. */
  byObject: Record<string, number>;
  rows: Record<string, number>;
}

/** Sum of file sizes under a directory (0 when it does not exist). */
export function directoryBytes(dir: string): number {
  if (!existsSync(dir)) return 0;
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? directoryBytes(path) : statSync(path).size;
  }
  return total;
}

/** The app's D1 file: the sqlite file in the D1 state dir that holds a `traces` table. */
export function findD1File(stateDir: string): string {
  const dir = join(stateDir, 'v3', 'd1', 'miniflare-D1DatabaseObject');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.sqlite')) : [];
  for (const f of files) {
    const db = new DatabaseSync(join(dir, f), { readOnly: true });
    try {
      if (db.prepare(`select 1 from sqlite_master where name = 'traces'`).get()) return join(dir, f);
    } finally {
      db.close();
    }
  }
  throw new Error(`no D1 database with a traces table under ${dir}`);
}

function withCopy<T>(file: string, read: (db: DatabaseSync) => T): T {
  const scratch = mkdtempSync(join(tmpdir(), 'd1-footprint-'));
  try {
    const copy = join(scratch, 'db.sqlite');
    copyFileSync(file, copy);
    for (const suffix of ['-wal', '-shm']) if (existsSync(file + suffix)) copyFileSync(file + suffix, copy + suffix);
    const db = new DatabaseSync(copy);
    try {
      db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      return read(db);
    } finally {
      db.close();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Bytes and objects stored in the local R2 buckets, in total and under a key prefix (from miniflare's object index). */
export function r2Footprint(stateDir: string, prefix: string): { bytes: number; objects: number; prefixBytes: number; prefixObjects: number } {
  const dir = join(stateDir, 'v3', 'r2', 'miniflare-R2BucketObject');
  const out = { bytes: 0, objects: 0, prefixBytes: 0, prefixObjects: 0 };
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.sqlite'))) {
    withCopy(join(dir, f), (db) => {
      if (!db.prepare(`select 1 from sqlite_master where name = '_mf_objects'`).get()) return;
      const all = db.prepare('select count(*) as n, coalesce(sum(size), 0) as b from _mf_objects').get() as { n: number; b: number };
      const under = db.prepare('select count(*) as n, coalesce(sum(size), 0) as b from _mf_objects where substr(key, 1, ?) = ?').get(prefix.length, prefix) as { n: number; b: number };
      out.bytes += Number(all.b);
      out.objects += Number(all.n);
      out.prefixBytes += Number(under.b);
      out.prefixObjects += Number(under.n);
    });
  }
  return out;
}

export function d1Footprint(file: string): D1Footprint {
  return withCopy(file, (db) => {
    const num = (sql: string) => Number(Object.values(db.prepare(sql).get() ?? {})[0] ?? 0);
    const bytes = (num('PRAGMA page_count') - num('PRAGMA freelist_count')) * num('PRAGMA page_size');
    const byObject: Record<string, number> = {};
    try {
      for (const r of db.prepare('select name, sum(pgsize) as size from dbstat group by name').all()) byObject[String(r.name)] = Number(r.size);
    } catch {
      // dbstat is a compile-time option; the total stands without the breakdown.
    }
    const rows: Record<string, number> = {};
    const tables = db.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '%fts_%' and name not like '\\_%' escape '\\'`).all();
    for (const t of tables) rows[String(t.name)] = num(`select count(*) from "${String(t.name)}"`);
    return { bytes, byObject, rows };
  });
}

/** Files under every `blobs` directory below `dir` (miniflare keeps each KV value in its own blob file). */
function blobBytes(dir: string): number {
  if (!existsSync(dir)) return 0;
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const path = join(dir, entry.name);
    total += entry.name === 'blobs' ? directoryBytes(path) : blobBytes(path);
  }
  return total;
}

/**
 * Logical bytes held in the local KV namespaces: keys and metadata (from miniflare's entry index) plus value blobs.
 * The files' own overhead (a SQLite index, one file per value) is left out: it is local storage, not what KV bills.
 */
export function kvFootprint(stateDir: string): { bytes: number; entries: number } {
  const root = join(stateDir, 'v3', 'kv');
  const dir = join(root, 'miniflare-KVNamespaceObject');
  const out = { bytes: blobBytes(root), entries: 0 };
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.sqlite'))) {
    withCopy(join(dir, f), (db) => {
      if (!db.prepare(`select 1 from sqlite_master where name = '_mf_entries'`).get()) return;
      const r = db.prepare('select count(*) as n, coalesce(sum(length(key) + coalesce(length(metadata), 0)), 0) as b from _mf_entries').get() as { n: number; b: number };
      out.bytes += Number(r.b);
      out.entries += Number(r.n);
    });
  }
  return out;
}
