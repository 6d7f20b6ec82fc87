/**
 * The documents table and the tables that hang off a document: its signatures, the bank's
 * receipts for it, and the colleagues' documents that await our signature (docs/architecture.md
 * "Where each table lives"). Every statement on them is here; the rules of when a status may
 * change are in documents/lifecycle.ts, which calls these.
 */
import type { DocumentBody, DocumentKindName } from '../../shared/bank-api/documents/index.ts';
import type { SignatureKind } from '../../shared/bank-api/signing-policy.ts';
import type { LocalStatus } from '../../shared/domain/document-status.ts';
import { sql, type Db } from './database.ts';

export type Origin = 'typed' | 'copy' | 'template' | 'import' | 'edit' | 'bank';

/** A document's row as stored. */
export interface StoredDocument {
  rowid: number;
  id: string;
  kind: DocumentKindName;
  version: number;
  content: string;
  revision: number;
  status: LocalStatus;
  canonical: Buffer | null;
  cms: Buffer | null;
  missing: string | null;
  errors: number;
  warnings: number;
  validated_on: string | null;
  number: string | null;
  doc_date: string | null;
  amount: number | null;
  counterparty: string | null;
  summary: string;
  origin: Origin;
  source_key: string | null;
  derived_from: string | null;
  rejection_code: string | null;
  rejection_reason: string | null;
  created_at: string;
  updated_at: string;
}

/** What deciding whether a draft can be signed, and listing it, needs of its row (not its content). */
export type DraftFacts = Pick<StoredDocument, 'id' | 'kind' | 'revision' | 'status' | 'amount' | 'errors' | 'validated_on' | 'number' | 'doc_date' | 'counterparty' | 'missing'>;

/** What a signing batch reads of a row to decide and sign (not what only lists show). */
export type SigningRow = Pick<StoredDocument, 'id' | 'kind' | 'version' | 'content' | 'revision' | 'status' | 'canonical' | 'cms' | 'missing' | 'amount' | 'errors' | 'validated_on'>;

/** The fields a draft's row is searched and listed by, and its findings' counts. */
export interface DraftFields {
  errors: number;
  warnings: number;
  validatedOn: string | null;
  number: string | null;
  date: string | null;
  amount: number | null;
  counterparty: string | null;
  summary: string;
  purpose: string;
}

export interface DocumentSigner {
  kind: SignatureKind;
  certificateSerial: string;
  signer: string;
  signedAt: string;
}

/** A status receipt of the bank, verified by sync before it was stored (src/main/sync/pull.ts). */
export interface StoredReceipt {
  cursor: number;
  status: string;
  at: string;
  rejection?: { code: string; reason: string };
  /** The bytes the bank signed. */
  payload: Buffer;
  verifiedAt: string;
}

/** A document a colleague submitted that waits for our signature at the bank, as the bank sent it. */
export interface AwaitingRow {
  id: string;
  canonical: Buffer;
  cms: Buffer;
  /** The signatures it still needs; null when the stored list does not read (a damaged profile): such a row is never signed. */
  missing: SignatureKind[] | null;
}

/** A stored list of signature kinds, or null when it is not one (one bad row must not break a whole list). */
function kindsOf(text: string): SignatureKind[] | null {
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) && v.every((k) => k === 'first' || k === 'second' || k === 'single') ? (v as SignatureKind[]) : null;
  } catch {
    return null;
  }
}

/** The full-text row of documents (the amount as "1500.00 1500,00", so either way of typing it finds it). */
const FTS_ROW_SQL = `SELECT rowid, COALESCE(number, ''), COALESCE(counterparty, ''), purpose,
  COALESCE(printf('%d.%02d %d,%02d', amount / 100, amount % 100, amount / 100, amount % 100), '') FROM documents`;

/** The rows lists show (no content). */
export const LIST_COLUMNS = 'd.rowid, d.id, d.kind, d.status, d.revision, d.number, d.doc_date, d.amount, d.counterparty, d.summary, d.errors, d.warnings, d.missing, d.rejection_code, d.rejection_reason, d.created_at, d.updated_at';

export class DocumentStore {
  constructor(readonly db: Db) {}

  /** Runs `fn` in one transaction (nested calls join the outer one). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  row(id: string): StoredDocument | undefined {
    return sql(this.db, 'SELECT rowid, * FROM documents WHERE id = ?').get(id) as StoredDocument | undefined;
  }

  /** What a batch reads of many ids in one query (a page): those that exist, by id. */
  signingRows(ids: readonly string[]): Map<string, SigningRow> {
    const found = sql(this.db, 'SELECT id, kind, version, content, revision, status, canonical, cms, missing, amount, errors, validated_on FROM documents WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as SigningRow[];
    return new Map(found.map((r) => [r.id, r]));
  }

  exists(id: string): boolean {
    return sql(this.db, 'SELECT 1 FROM documents WHERE id = ?').get(id) !== undefined;
  }

  insertDraft(id: string, body: DocumentBody, f: DraftFields, o: { origin: Origin; sourceKey?: string | undefined; derivedFrom?: string | undefined; index: boolean }, now: string): void {
    sql(
      this.db,
      `INSERT INTO documents (id, kind, version, content, status, errors, warnings, validated_on, number, doc_date, amount, counterparty, summary, purpose, origin, source_key, derived_from, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, body.kind, body.version, JSON.stringify(body.content), f.errors, f.warnings, f.validatedOn, f.number, f.date, f.amount, f.counterparty, f.summary, f.purpose, o.origin, o.sourceKey ?? null, o.derivedFrom ?? null, now, now);
    if (o.index) sql(this.db, `INSERT INTO documents_fts (rowid, number, counterparty, purpose, amount) ${FTS_ROW_SQL} WHERE id = ?`).run(id);
  }

  /** New content for a draft at exactly `revision`; false when it is no longer that draft. */
  updateDraft(id: string, revision: number, body: DocumentBody, f: DraftFields, now: string): boolean {
    return (
      sql(
        this.db,
        `UPDATE documents SET content = ?, revision = revision + 1, errors = ?, warnings = ?, validated_on = ?, number = ?, doc_date = ?, amount = ?, counterparty = ?, summary = ?, purpose = ?, updated_at = ?
         WHERE id = ? AND status = 'draft' AND revision = ?`,
      ).run(JSON.stringify(body.content), f.errors, f.warnings, f.validatedOn, f.number, f.date, f.amount, f.counterparty, f.summary, f.purpose, now, id, revision).changes === 1
    );
  }

  deleteDraft(id: string): boolean {
    return sql(this.db, "DELETE FROM documents WHERE id = ? AND status = 'draft'").run(id).changes === 1;
  }

  /** The highest rowid so far: documents inserted after it are the batch indexSince() indexes. */
  lastRowid(): number {
    return (sql(this.db, 'SELECT COALESCE(MAX(rowid), 0) AS n FROM documents').get() as { n: number }).n;
  }

  /** Indexes for search, in one statement, the documents inserted after `rowid` unindexed. */
  indexSince(rowid: number): void {
    sql(this.db, `INSERT INTO documents_fts (rowid, number, counterparty, purpose, amount) ${FTS_ROW_SQL} WHERE rowid > ?`).run(rowid);
  }

  /** The highest numeric payment-order number so far. */
  highestPaymentNumber(): number {
    return (sql(this.db, "SELECT MAX(CAST(number AS INTEGER)) AS n FROM documents WHERE kind = 'payment-order' AND number GLOB '[0-9]*'").get() as { n: number | null }).n ?? 0;
  }

  /** The document imported before from this source (file and line key), if any. */
  idBySourceKey(sourceKey: string): string | undefined {
    return (sql(this.db, 'SELECT id FROM documents WHERE source_key = ?').get(sourceKey) as { id: string } | undefined)?.id;
  }

  /** The ids with these statuses (and kind), oldest first: a batch's selection, with no page limit. */
  ids(status: readonly LocalStatus[], kind?: DocumentKindName): string[] {
    const marks = status.map(() => '?').join(',');
    const rows = sql(this.db, `SELECT id FROM documents WHERE status IN (${marks})${kind ? ' AND kind = ?' : ''} ORDER BY rowid`).all(...status, ...(kind ? [kind] : [])) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /**
   * The drafts that may be signable on `today`, newest first, without their content: those
   * without errors as counted `today`, and those not counted today (the rules depend on the
   * date: counted again by the caller). At most `maxAmount` kopecks when given.
   */
  draftsToCheck(today: string, maxAmount: number | null): DraftFacts[] {
    return sql(
      this.db,
      `SELECT id, kind, revision, status, amount, errors, validated_on, number, doc_date, counterparty, missing FROM documents
        WHERE status = 'draft' AND (errors = 0 OR validated_on IS NULL OR validated_on <> ?) AND (? IS NULL OR amount IS NULL OR amount <= ?)
        ORDER BY rowid DESC`,
    ).all(today, maxAmount, maxAmount) as DraftFacts[];
  }

  /** A draft's findings counted again on `day` (only at the revision counted: an edit meanwhile counts itself). */
  recordValidation(id: string, revision: number, errors: number, warnings: number, day: string): void {
    sql(this.db, "UPDATE documents SET errors = ?, warnings = ?, validated_on = ? WHERE id = ? AND status = 'draft' AND revision = ?").run(errors, warnings, day, id, revision);
  }

  /** The drafts' counts no longer hold (the facts the rules use changed, e.g. a new BIC directory): each is checked again when next listed or signed. */
  forgetValidations(): void {
    sql(this.db, "UPDATE documents SET validated_on = NULL WHERE status = 'draft'").run();
  }

  /** Signed documents here that still miss a signature of `kind` and lack one by this certificate, newest first. */
  missingSignatureOf(kind: SignatureKind, certificateSerial: string, limit: number): StoredDocument[] {
    return sql(
      this.db,
      `SELECT d.rowid, d.* FROM documents d
        WHERE d.status IN ('signed', 'sent') AND d.missing LIKE ? AND NOT EXISTS (SELECT 1 FROM signatures s WHERE s.document_id = d.id AND s.certificate_serial = ?)
        ORDER BY d.rowid DESC LIMIT ?`,
    ).all(`%"${kind}"%`, certificateSerial, limit) as StoredDocument[];
  }

  // --- signatures ---------------------------------------------------------------------------

  signers(id: string): DocumentSigner[] {
    return (sql(this.db, 'SELECT kind, certificate_serial, signer, signed_at FROM signatures WHERE document_id = ? ORDER BY seq').all(id) as { kind: SignatureKind; certificate_serial: string; signer: string; signed_at: string }[]).map((s) => ({
      kind: s.kind,
      certificateSerial: s.certificate_serial,
      signer: s.signer,
      signedAt: s.signed_at,
    }));
  }

  /** The first signature: the draft becomes signed with its bytes; false when it is no longer that draft. */
  freeze(id: string, revision: number, canonical: Uint8Array, cms: Buffer, missing: readonly SignatureKind[], now: string): boolean {
    return sql(this.db, "UPDATE documents SET status = 'signed', canonical = ?, cms = ?, missing = ?, updated_at = ? WHERE id = ? AND status = 'draft' AND revision = ?").run(Buffer.from(canonical), cms, JSON.stringify(missing), now, id, revision).changes === 1;
  }

  /** Another signer's SignedData, only over the one it was added to (a signer stored meanwhile is not dropped). */
  replaceSignedData(id: string, was: Buffer, cms: Buffer, missing: readonly SignatureKind[], now: string): boolean {
    return sql(this.db, 'UPDATE documents SET cms = ?, missing = ?, updated_at = ? WHERE id = ? AND cms = ?').run(cms, JSON.stringify(missing), now, id, was).changes === 1;
  }

  addSignature(id: string, s: DocumentSigner): void {
    sql(this.db, 'INSERT INTO signatures (document_id, seq, kind, certificate_serial, signer, signed_at) VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM signatures WHERE document_id = ?), ?, ?, ?, ?)').run(id, id, s.kind, s.certificateSerial, s.signer, s.signedAt);
  }

  /** A document the bank sent (a colleague's): stored as sent with the bank's bytes and signatures. */
  markFromBank(id: string, canonical: Buffer, cms: Buffer, missing: readonly SignatureKind[]): void {
    sql(this.db, "UPDATE documents SET status = 'sent', canonical = ?, cms = ?, missing = ? WHERE id = ?").run(canonical, cms, JSON.stringify(missing), id);
  }

  // --- status -------------------------------------------------------------------------------

  /** The status and SignedData of a signed document (undefined for a draft or an unknown id). */
  signedState(id: string): { status: LocalStatus; cms: Buffer; canonical: Buffer } | undefined {
    return sql(this.db, 'SELECT status, cms, canonical FROM documents WHERE id = ? AND canonical IS NOT NULL').get(id) as { status: LocalStatus; cms: Buffer; canonical: Buffer } | undefined;
  }

  setStatus(id: string, status: LocalStatus, missing: readonly SignatureKind[] | undefined, rejection: { code: string; reason: string } | undefined, now: string): void {
    sql(this.db, 'UPDATE documents SET status = ?, missing = COALESCE(?, missing), rejection_code = ?, rejection_reason = ?, updated_at = ? WHERE id = ?').run(
      status,
      missing === undefined ? null : JSON.stringify(missing),
      rejection?.code ?? null,
      rejection?.reason ?? null,
      now,
      id,
    );
  }

  // --- receipts -----------------------------------------------------------------------------

  receipts(id: string): StoredReceipt[] {
    const rows = sql(this.db, 'SELECT cursor, status, at, rejection_code, rejection_reason, payload, verified_at FROM receipts WHERE document_id = ? ORDER BY cursor').all(id) as {
      cursor: number;
      status: string;
      at: string;
      rejection_code: string | null;
      rejection_reason: string | null;
      payload: Buffer;
      verified_at: string;
    }[];
    return rows.map((r) => ({
      cursor: r.cursor,
      status: r.status,
      at: r.at,
      ...(r.rejection_code ? { rejection: { code: r.rejection_code, reason: r.rejection_reason ?? '' } } : {}),
      payload: r.payload,
      verifiedAt: r.verified_at,
    }));
  }

  /** A verified receipt (a change already stored is kept as it was). */
  addReceipt(r: { cursor: number; documentId: string; status: string; at: string; rejection?: { code: string; reason: string } | undefined; payload: Buffer; signature: Buffer }, verifiedAt: string): void {
    sql(this.db, 'INSERT OR IGNORE INTO receipts (cursor, document_id, status, at, rejection_code, rejection_reason, payload, signature, verified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
      r.cursor,
      r.documentId,
      r.status,
      r.at,
      r.rejection?.code ?? null,
      r.rejection?.reason ?? null,
      r.payload,
      r.signature,
      verifiedAt,
    );
  }

  // --- awaiting our signature ---------------------------------------------------------------

  awaiting(id: string): AwaitingRow | undefined {
    const a = sql(this.db, 'SELECT id, canonical, cms, missing FROM awaiting WHERE id = ?').get(id) as { id: string; canonical: Buffer; cms: Buffer; missing: string } | undefined;
    return a && { ...a, missing: kindsOf(a.missing) };
  }

  /** Everything awaiting, in the order the bank listed it. */
  allAwaiting(): AwaitingRow[] {
    return (sql(this.db, 'SELECT id, canonical, cms, missing FROM awaiting ORDER BY fetched_at, id').all() as { id: string; canonical: Buffer; cms: Buffer; missing: string }[]).map((a) => ({ ...a, missing: kindsOf(a.missing) }));
  }

  /** The bank's list replaces ours wholesale (the caller holds the transaction). */
  replaceAwaiting(items: readonly { id: string; document: unknown; canonical: Buffer; cms: Buffer; missing: readonly SignatureKind[] }[], now: string): void {
    sql(this.db, 'DELETE FROM awaiting').run();
    const insert = sql(this.db, 'INSERT INTO awaiting (id, document, canonical, cms, missing, fetched_at) VALUES (?, ?, ?, ?, ?, ?)');
    for (const a of items) insert.run(a.id, JSON.stringify(a.document), a.canonical, a.cms, JSON.stringify(a.missing), now);
  }

  removeAwaiting(id: string): void {
    sql(this.db, 'DELETE FROM awaiting WHERE id = ?').run(id);
  }

  // --- possible duplicates (signing/duplicates.ts) ------------------------------------------

  /** A draft payment order's number, date, amount and payee, if it is one. */
  draftPayment(id: string): { number: string | null; date: string | null; amount: number | null; payee: { account: string; inn: string; bank: { bic: string } } | null } | undefined {
    const d = sql(this.db, "SELECT number, doc_date, amount, json_extract(content, '$.payee') AS payee FROM documents WHERE id = ? AND status = 'draft' AND kind = 'payment-order'").get(id) as
      | { number: string | null; doc_date: string | null; amount: number | null; payee: string | null }
      | undefined;
    return d && { number: d.number, date: d.doc_date, amount: d.amount, payee: d.payee === null ? null : (JSON.parse(d.payee) as { account: string; inn: string; bank: { bic: string } }) };
  }

  /**
   * The payment orders of a day with one of `statuses`, oldest update first, through the
   * documents_by_day index (its expression written out exactly, so SQLite uses it).
   */
  paymentsOfDay(day: string, statuses: readonly LocalStatus[]): { id: string; number: string; date: string; amount: number; status: string; account: string; bic: string; inn: string }[] {
    const marks = statuses.map(() => '?').join(',');
    return sql(
      this.db,
      `SELECT id, number, doc_date AS date, amount, status,
              json_extract(content, '$.payee.account') AS account, json_extract(content, '$.payee.bank.bic') AS bic, json_extract(content, '$.payee.inn') AS inn
         FROM documents
        WHERE COALESCE(doc_date, substr(created_at, 1, 10)) = ? AND doc_date = ? AND kind = 'payment-order' AND status IN (${marks})
        ORDER BY updated_at`,
    ).all(day, day, ...statuses) as { id: string; number: string; date: string; amount: number; status: string; account: string; bic: string; inn: string }[];
  }
}
