import Database from 'better-sqlite3';
import { memoByOwner } from '../shared/memo.ts';
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
  `
  CREATE TABLE accounts (
    id TEXT PRIMARY KEY, company_id TEXT NOT NULL REFERENCES companies(id),
    number TEXT NOT NULL UNIQUE, currency TEXT NOT NULL, balance INTEGER NOT NULL,
    bank_name TEXT NOT NULL, bic TEXT NOT NULL, corr_account TEXT NOT NULL, opened_on TEXT NOT NULL
  );
  CREATE TABLE statement_entries (
    id TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts(id), date TEXT NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('debit','credit')), amount INTEGER NOT NULL CHECK (amount > 0),
    cp_name TEXT NOT NULL, cp_inn TEXT NOT NULL, cp_account TEXT NOT NULL, cp_bic TEXT NOT NULL,
    purpose TEXT NOT NULL, document_number TEXT NOT NULL, seq INTEGER NOT NULL
  );
  CREATE INDEX statement_entries_by_date ON statement_entries(account_id, date, seq);
  CREATE TABLE contracts (
    id TEXT PRIMARY KEY, company_id TEXT NOT NULL REFERENCES companies(id),
    kind TEXT NOT NULL CHECK (kind IN ('car-loan','leasing')), number TEXT NOT NULL, signed_on TEXT NOT NULL,
    subject TEXT NOT NULL, currency TEXT NOT NULL, principal INTEGER NOT NULL, rate_bp INTEGER NOT NULL,
    requisites TEXT NOT NULL
  );
  CREATE TABLE schedule_items (
    contract_id TEXT NOT NULL REFERENCES contracts(id), number INTEGER NOT NULL, due_date TEXT NOT NULL,
    principal INTEGER NOT NULL, interest INTEGER NOT NULL, paid_on TEXT,
    PRIMARY KEY (contract_id, number)
  );
  CREATE TABLE messages (
    id TEXT PRIMARY KEY, company_id TEXT NOT NULL REFERENCES companies(id),
    direction TEXT NOT NULL CHECK (direction IN ('from-bank','to-bank')), subject TEXT NOT NULL, body TEXT NOT NULL,
    sent_at TEXT NOT NULL, read INTEGER NOT NULL DEFAULT 0, in_reply_to TEXT REFERENCES messages(id)
  );
  CREATE TABLE attachments (
    id TEXT PRIMARY KEY, message_id TEXT NOT NULL REFERENCES messages(id), name TEXT NOT NULL,
    media_type TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL, content BLOB NOT NULL
  );
  `,
  `
  CREATE TABLE documents (
    id TEXT PRIMARY KEY, company_id TEXT NOT NULL REFERENCES companies(id), kind TEXT NOT NULL,
    amount INTEGER, canonical BLOB NOT NULL, cms BLOB NOT NULL,
    status TEXT NOT NULL, rejection_code TEXT, rejection_reason TEXT,
    received_at TEXT NOT NULL, updated_at TEXT NOT NULL, next_step_at TEXT
  );
  CREATE INDEX documents_due ON documents(next_step_at) WHERE next_step_at IS NOT NULL;
  CREATE TABLE document_signatures (
    document_id TEXT NOT NULL REFERENCES documents(id), certificate_serial TEXT NOT NULL REFERENCES certificates(serial),
    user_id TEXT NOT NULL REFERENCES users(id), kind TEXT NOT NULL CHECK (kind IN ('first','second','single')), signed_at TEXT NOT NULL,
    PRIMARY KEY (document_id, certificate_serial)
  );
  CREATE TABLE changes (
    cursor INTEGER PRIMARY KEY AUTOINCREMENT, company_id TEXT NOT NULL, document_id TEXT NOT NULL,
    status TEXT NOT NULL, at TEXT NOT NULL, rejection_code TEXT, rejection_reason TEXT,
    payload BLOB NOT NULL, signature BLOB
  );
  CREATE INDEX changes_by_company ON changes(company_id, cursor);
  `,
  // receipts left unsigned by an older version, found at start without scanning the whole feed
  `
  CREATE INDEX changes_unsigned ON changes(cursor) WHERE signature IS NULL;
  `,
];

export type Db = Database.Database;

/** The statement for a text, prepared once per database: preparing costs more than running a small one. */
export const sql: (db: Db, text: string) => Database.Statement = memoByOwner((db: Db, text) => db.prepare(text));

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
  return (sql(db, 'SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

export function setSetting(db: Db, key: string, value: string): void {
  sql(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}
