import Database from 'better-sqlite3';
import { memoByOwner } from '../shared/memo.ts';
import { createHash } from 'node:crypto';
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
  // Trust by bytes. A certificate is known by the SHA-256 of its DER (a serial or a name can be
  // copied into a forgery); a renewal names the certificate it supersedes. Challenges have a
  // purpose (login, renewal) so one cannot serve the other. A TOTP time step is accepted once.
  // Document ids are per company: the key is (company, id), so one company's ids neither
  // collide with nor reveal another's. Each accepted signature value is recorded once.
  `
  ALTER TABLE certificates ADD COLUMN sha256 TEXT;
  ALTER TABLE certificates ADD COLUMN supersedes TEXT REFERENCES certificates(serial);
  UPDATE certificates SET sha256 = pem_sha256(pem);
  CREATE UNIQUE INDEX certificates_by_sha256 ON certificates(sha256);
  ALTER TABLE challenges ADD COLUMN purpose TEXT NOT NULL DEFAULT 'login' CHECK (purpose IN ('login','renewal'));
  ALTER TABLE users ADD COLUMN totp_last_step INTEGER;

  CREATE TABLE documents_v2 (
    company_id TEXT NOT NULL REFERENCES companies(id), id TEXT NOT NULL, kind TEXT NOT NULL,
    amount INTEGER, canonical BLOB NOT NULL, cms BLOB NOT NULL,
    status TEXT NOT NULL, rejection_code TEXT, rejection_reason TEXT,
    received_at TEXT NOT NULL, updated_at TEXT NOT NULL, next_step_at TEXT,
    PRIMARY KEY (company_id, id)
  );
  INSERT INTO documents_v2 (company_id, id, kind, amount, canonical, cms, status, rejection_code, rejection_reason, received_at, updated_at, next_step_at)
    SELECT company_id, id, kind, amount, canonical, cms, status, rejection_code, rejection_reason, received_at, updated_at, next_step_at FROM documents;
  CREATE TABLE document_signatures_v2 (
    company_id TEXT NOT NULL, document_id TEXT NOT NULL,
    certificate_sha256 TEXT NOT NULL, certificate_serial TEXT NOT NULL REFERENCES certificates(serial),
    user_id TEXT NOT NULL REFERENCES users(id), kind TEXT NOT NULL CHECK (kind IN ('first','second','single')), signed_at TEXT NOT NULL,
    signature_sha256 TEXT UNIQUE,
    PRIMARY KEY (company_id, document_id, certificate_sha256),
    FOREIGN KEY (company_id, document_id) REFERENCES documents_v2(company_id, id)
  );
  INSERT INTO document_signatures_v2 (company_id, document_id, certificate_sha256, certificate_serial, user_id, kind, signed_at)
    SELECT d.company_id, s.document_id, c.sha256, s.certificate_serial, s.user_id, s.kind, s.signed_at
    FROM document_signatures s JOIN documents d ON d.id = s.document_id JOIN certificates c ON c.serial = s.certificate_serial;
  DROP TABLE document_signatures;
  DROP TABLE documents;
  ALTER TABLE documents_v2 RENAME TO documents;
  ALTER TABLE document_signatures_v2 RENAME TO document_signatures;
  CREATE INDEX documents_due ON documents(next_step_at) WHERE next_step_at IS NOT NULL;
  CREATE INDEX documents_by_status ON documents(company_id, status, received_at);
  `,
  // A statement entry carries what a real statement does, so 1C can match the counterparty: its
  // KPP, its bank's name and correspondent account, and the payment's priority (NULL: unknown).
  `
  ALTER TABLE statement_entries ADD COLUMN cp_kpp TEXT NOT NULL DEFAULT '';
  ALTER TABLE statement_entries ADD COLUMN cp_bank_name TEXT NOT NULL DEFAULT '';
  ALTER TABLE statement_entries ADD COLUMN cp_corr_account TEXT NOT NULL DEFAULT '';
  ALTER TABLE statement_entries ADD COLUMN priority INTEGER CHECK (priority BETWEEN 1 AND 5);
  `,
  // Recall requests ("Отзыв документа") the bank accepted: the signed request kept as it came
  // (its canonical bytes and SignedData), so the same request again answers the same. One per
  // document: an accepted recall is final. A refused one (too late) changes nothing and is not kept.
  `
  CREATE TABLE recalls (
    company_id TEXT NOT NULL, document_id TEXT NOT NULL,
    request BLOB NOT NULL, cms BLOB NOT NULL, user_id TEXT NOT NULL REFERENCES users(id),
    status TEXT NOT NULL CHECK (status IN ('accepted')), reason TEXT NOT NULL,
    requested_at TEXT NOT NULL, decided_at TEXT NOT NULL,
    PRIMARY KEY (company_id, document_id),
    FOREIGN KEY (company_id, document_id) REFERENCES documents(company_id, id)
  );
  `,
  // A person's position (job title) as the bank's records have it: enrolment names the holder of a
  // code (name, position, company), and the certificate request must name the same person.
  `
  ALTER TABLE users ADD COLUMN position TEXT;
  `,
  // Letters are signed: ours by a person of the company (the signature value accepted once), the
  // bank's by its receipts key. Letters kept from before have none; the bank signs its own at start.
  `
  ALTER TABLE messages ADD COLUMN signature BLOB;
  ALTER TABLE messages ADD COLUMN signer_name TEXT;
  ALTER TABLE messages ADD COLUMN signer_serial TEXT;
  ALTER TABLE messages ADD COLUMN signed_at TEXT;
  ALTER TABLE messages ADD COLUMN signature_sha256 TEXT;
  CREATE UNIQUE INDEX messages_by_signature ON messages(signature_sha256) WHERE signature_sha256 IS NOT NULL;
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
  // used by the migration that identifies certificates by their bytes
  db.function('pem_sha256', { deterministic: true }, (pem: unknown) => (typeof pem === 'string' ? pemSha256(pem) : null));
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return db;
}

/** SHA-256 (hex) of the DER inside a PEM certificate. */
export function pemSha256(pem: string): string {
  const b64 = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(pem)?.[1] ?? '';
  return createHash('sha256').update(Buffer.from(b64.replace(/\s+/g, ''), 'base64')).digest('hex');
}

export function getSetting(db: Db, key: string): string | undefined {
  return (sql(db, 'SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

export function setSetting(db: Db, key: string, value: string): void {
  sql(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}
