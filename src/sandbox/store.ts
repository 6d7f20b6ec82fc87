import Database from 'better-sqlite3';
import { join } from 'node:path';

/**
 * The sandbox bank's state: one SQLite file in WAL mode, so that a killed process loses
 * nothing it has answered for. Migrations are numbered; PRAGMA user_version records the last.
 */
const MIGRATIONS: string[] = [
  `
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE companies (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, inn TEXT NOT NULL, kpp TEXT, ogrn TEXT NOT NULL
  );
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies(id),
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('prepares','first-signature','second-signature','single-signature')),
    limit_kopecks INTEGER,
    totp_secret TEXT,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT
  );
  CREATE TABLE enrollments (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    code_hash TEXT NOT NULL UNIQUE,
    used_at TEXT,
    csr TEXT,
    status TEXT NOT NULL CHECK (status IN ('unused','pending','approved','rejected')),
    certificate_serial TEXT,
    reason TEXT,
    created_at TEXT NOT NULL
  );
  CREATE TABLE certificates (
    serial TEXT PRIMARY KEY,
    user_id TEXT REFERENCES users(id),
    pem TEXT NOT NULL,
    not_before TEXT NOT NULL,
    not_after TEXT NOT NULL,
    revoked_at TEXT,
    revocation_reason TEXT
  );
  CREATE TABLE challenges (
    id TEXT PRIMARY KEY,
    certificate_serial TEXT NOT NULL REFERENCES certificates(serial),
    nonce TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
  );
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    certificate_serial TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  `,
];

export type Db = Database.Database;

export function openStore(dataDir: string): Db {
  const db = new Database(join(dataDir, 'bank.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL'); // an answered request survives a crash of the process or machine
  db.pragma('foreign_keys = ON');
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return db;
}

export function getSetting(db: Db, key: string): string | undefined {
  return (db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

export function setSetting(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}
