import Database from 'better-sqlite3';
import { memoByOwner } from '../../shared/memo.ts';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { LocalizedError } from '../../shared/i18n/index.ts';
import { MIGRATIONS } from './migrations.ts';

export type Db = Database.Database;

/** The statement for a text, prepared once per database: preparing costs more than running a small one. */
export const sql: (db: Db, text: string) => Database.Statement = memoByOwner((db: Db, text) => db.prepare(text));

export const DATABASE_FILE = 'bankclient.sqlite';

/**
 * Opens (creating it if needed) the profile's SQLite file in WAL mode and brings its schema up
 * to date. synchronous=FULL: a signature that was reported stored survives a crash of the
 * process or of the machine. `upTo` stops at an older schema version (tests of upgrades).
 */
export function openDatabase(dataDir: string, options: { upTo?: number; readonly?: boolean } = {}): Db {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, DATABASE_FILE);
  let db: Db;
  try {
    db = new Database(file, options.readonly ? { readonly: true, fileMustExist: true } : {});
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // the profile holds the bank session and the audit log: readable by its owner only
    if (!options.readonly) for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
  } catch (e) {
    throw new LocalizedError('store.open-failed', { path: file, reason: (e as Error).message }, { cause: e });
  }
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = MIGRATIONS[MIGRATIONS.length - 1]!.version;
  if (current > latest) {
    db.close();
    throw new LocalizedError('store.too-new', { path: file, version: current, latest });
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current || (options.upTo !== undefined && m.version > options.upTo)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return db;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}
