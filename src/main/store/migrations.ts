/**
 * The client's schema, one numbered step at a time; PRAGMA user_version records the last step
 * applied, so a data file from an older version opens and is brought up to date in place. A
 * step is never edited once released: a change is a new step.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'documents, signatures, outbox, receipts, bank data, directory, settings, audit log',
    sql: `
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);

    -- A document as the client keeps it. content is the JSON of the kind's schema; canonical
    -- (RFC 8785 bytes of {kind, version, content}) is fixed at the first signature and from then
    -- on the document is frozen: editing makes a new draft (derived_from).
    CREATE TABLE documents (
      id TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      version INTEGER NOT NULL,
      content TEXT NOT NULL,
      revision INTEGER NOT NULL DEFAULT 1,
      status TEXT NOT NULL CHECK (status IN ('draft','signed','sent','delivered','accepted','executed','rejected','recalled')),
      canonical BLOB,
      cms BLOB,
      missing TEXT,
      errors INTEGER NOT NULL DEFAULT 0,
      warnings INTEGER NOT NULL DEFAULT 0,
      number TEXT,
      doc_date TEXT,
      amount INTEGER,
      counterparty TEXT,
      summary TEXT NOT NULL,
      origin TEXT NOT NULL,
      source_key TEXT UNIQUE,
      derived_from TEXT,
      rejection_code TEXT,
      rejection_reason TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE INDEX documents_by_created ON documents(created_at DESC, id);
    CREATE INDEX documents_by_status ON documents(status, created_at DESC);

    -- Who has signed, in order; the SignedData holding them all is documents.cms.
    CREATE TABLE signatures (
      document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('first','second','single')),
      certificate_serial TEXT NOT NULL,
      signer TEXT NOT NULL,
      signed_at TEXT NOT NULL,
      PRIMARY KEY (document_id, seq)
    );

    -- What is to go to the bank: written in the transaction that stores the signature.
    CREATE TABLE outbox (
      id INTEGER PRIMARY KEY,
      document_id TEXT NOT NULL REFERENCES documents(id),
      op TEXT NOT NULL CHECK (op IN ('submit','add-signature')),
      cms BLOB NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('pending','done','failed')),
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at TEXT NOT NULL,
      last_error TEXT,
      created_at TEXT NOT NULL,
      done_at TEXT
    );
    CREATE INDEX outbox_due ON outbox(state, next_attempt_at);

    -- The bank's signed receipts from the changes feed, verified before they are stored.
    CREATE TABLE receipts (
      cursor INTEGER PRIMARY KEY,
      document_id TEXT NOT NULL,
      status TEXT NOT NULL,
      at TEXT NOT NULL,
      rejection_code TEXT,
      rejection_reason TEXT,
      payload BLOB NOT NULL,
      signature BLOB NOT NULL,
      verified_at TEXT NOT NULL
    );
    CREATE INDEX receipts_by_document ON receipts(document_id, cursor);

    -- Documents a colleague submitted that wait for a signature this profile's signer can give.
    CREATE TABLE awaiting (
      id TEXT PRIMARY KEY,
      document TEXT NOT NULL,
      canonical BLOB NOT NULL,
      cms BLOB NOT NULL,
      missing TEXT NOT NULL,
      fetched_at TEXT NOT NULL
    );

    CREATE TABLE accounts (id TEXT PRIMARY KEY, number TEXT NOT NULL, currency TEXT NOT NULL, balance INTEGER NOT NULL, json TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE TABLE statements (
      account_id TEXT NOT NULL, date_from TEXT NOT NULL, date_to TEXT NOT NULL, json TEXT NOT NULL, fetched_at TEXT NOT NULL,
      PRIMARY KEY (account_id, date_from, date_to)
    );
    CREATE TABLE contracts (id TEXT PRIMARY KEY, kind TEXT NOT NULL, number TEXT NOT NULL, json TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE TABLE schedules (contract_id TEXT PRIMARY KEY, json TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE TABLE messages (
      id TEXT PRIMARY KEY, direction TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL, sent_at TEXT NOT NULL,
      read INTEGER NOT NULL, in_reply_to TEXT, json TEXT NOT NULL
    );
    CREATE TABLE attachments (
      message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE, id TEXT NOT NULL, name TEXT NOT NULL,
      media_type TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL, content BLOB,
      PRIMARY KEY (message_id, id)
    );

    CREATE TABLE counterparties (
      id INTEGER PRIMARY KEY, name TEXT NOT NULL, inn TEXT NOT NULL, kpp TEXT, account TEXT NOT NULL,
      bic TEXT NOT NULL, bank_name TEXT NOT NULL, corr_account TEXT, used_at TEXT NOT NULL,
      UNIQUE (inn, account, bic)
    );
    CREATE TABLE templates (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, content TEXT NOT NULL, created_at TEXT NOT NULL);

    -- This profile's signers: the bank's rights for a certificate (from login), and where its key is.
    CREATE TABLE signers (
      certificate_serial TEXT PRIMARY KEY, token TEXT NOT NULL, key TEXT NOT NULL, name TEXT NOT NULL,
      role TEXT NOT NULL, limit_kopecks INTEGER, company TEXT NOT NULL, updated_at TEXT NOT NULL
    );

    -- Hash-chained: each row's hash covers the row and the previous hash (see src/main/audit).
    CREATE TABLE audit (
      seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
      subject TEXT, details TEXT NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL
    );
    `,
  },
  {
    version: 2,
    description: 'full-text search over documents (number, counterparty, purpose, amount)',
    sql: `
    ALTER TABLE documents ADD COLUMN purpose TEXT NOT NULL DEFAULT '';
    UPDATE documents SET purpose = COALESCE(json_extract(content, '$.purpose'), json_extract(content, '$.subject'), summary);
    CREATE VIRTUAL TABLE documents_fts USING fts5(number, counterparty, purpose, amount, tokenize = 'unicode61 remove_diacritics 2');
    INSERT INTO documents_fts (rowid, number, counterparty, purpose, amount)
      SELECT rowid, COALESCE(number, ''), COALESCE(counterparty, ''), purpose, COALESCE(printf('%d.%02d %d,%02d', amount / 100, amount % 100, amount / 100, amount % 100), '') FROM documents;
    CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
      INSERT INTO documents_fts (rowid, number, counterparty, purpose, amount)
      VALUES (new.rowid, COALESCE(new.number, ''), COALESCE(new.counterparty, ''), new.purpose,
              COALESCE(printf('%d.%02d %d,%02d', new.amount / 100, new.amount % 100, new.amount / 100, new.amount % 100), ''));
    END;
    CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
      DELETE FROM documents_fts WHERE rowid = old.rowid;
    END;
    CREATE TRIGGER documents_fts_update AFTER UPDATE OF number, counterparty, purpose, amount ON documents BEGIN
      UPDATE documents_fts SET number = COALESCE(new.number, ''), counterparty = COALESCE(new.counterparty, ''), purpose = new.purpose,
        amount = COALESCE(printf('%d.%02d %d,%02d', new.amount / 100, new.amount % 100, new.amount / 100, new.amount % 100), '')
      WHERE rowid = new.rowid;
    END;
    `,
  },
  {
    version: 3,
    description: 'full-text rows written by the code (in bulk for imports) instead of a per-row insert trigger; the day a draft was validated; the outbox sends the document\'s SignedData',
    sql: `
    DROP TRIGGER documents_fts_insert;
    -- the day the errors/warnings counts were worked out: the date rules change with the day
    ALTER TABLE documents ADD COLUMN validated_on TEXT;
    `,
  },
  {
    version: 4,
    description: 'the documents list in date order (newest first; a document without a date by the day it was made), paged by key',
    sql: `
    -- the list's order is this expression descending, then rowid descending (rowid is the index's last column)
    CREATE INDEX documents_by_day ON documents(COALESCE(doc_date, substr(created_at, 1, 10)));
    `,
  },
  {
    version: 5,
    description: "the bank's id of a signer's company (signed into every document, binding it to the company)",
    sql: `
    -- NULL for signers recorded before: their next login fills it, and signing waits for that
    ALTER TABLE signers ADD COLUMN company_id TEXT;
    `,
  },
  {
    version: 6,
    description: 'messages in a tie of time list as the bank lists them: the later stored first (store/bank-data.ts)',
    sql: `
    -- until now an exchange stored the bank's list newest first and ties listed in rowid order;
    -- now new messages are stored oldest first and ties list by rowid descending. Negating the
    -- rowids keeps the order of the messages already stored; new ones get rowids above them all.
    UPDATE messages SET rowid = -rowid;
    `,
  },
  {
    version: 7,
    description: "the Bank of Russia's BIC directory (ED807): one row per bank, and where the copy came from (store/bic-directory.ts)",
    sql: `
    -- a bank as a payment needs it; restrictions is a JSON list of {code, date}; dates ISO
    CREATE TABLE bic_directory (
      bic TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      place_type TEXT NOT NULL,
      place TEXT NOT NULL,
      region TEXT NOT NULL,
      corr_account TEXT NOT NULL,
      closed INTEGER NOT NULL CHECK (closed IN (0, 1)),
      closed_on TEXT,
      restrictions TEXT NOT NULL
    ) WITHOUT ROWID;
    -- the one copy held: its ED807 identity, whence it came (bank, file), its ETag at the bank
    CREATE TABLE bic_directory_source (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      ed_no TEXT NOT NULL,
      ed_date TEXT NOT NULL,
      business_day TEXT NOT NULL,
      entries INTEGER NOT NULL,
      origin TEXT NOT NULL CHECK (origin IN ('bank', 'file')),
      file_name TEXT,
      etag TEXT,
      sha256 TEXT NOT NULL,
      loaded_at TEXT NOT NULL
    );
    `,
  },
  {
    version: 8,
    description: 'recall requests ("Отзыв документа"): the signed request sent for a document, and the bank\'s answer (store/recalls.ts)',
    sql: `
    -- one per document, the latest asked: pending (signed, not yet answered), accepted or refused
    -- (with the bank's code and reason); request is the canonical JSON the signature covers
    CREATE TABLE recalls (
      document_id TEXT PRIMARY KEY REFERENCES documents(id),
      request BLOB NOT NULL,
      signature BLOB NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'refused')),
      reason TEXT NOT NULL,
      refusal_code TEXT,
      refusal_reason TEXT,
      requested_at TEXT NOT NULL,
      decided_at TEXT
    );
    `,
  },
];
