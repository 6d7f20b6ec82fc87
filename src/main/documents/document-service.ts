import { randomUUID } from 'node:crypto';
import {
  DOCUMENT_KINDS,
  describeIssues,
  parseDocument,
  summarizeDocument,
  validateDocument,
  type DocumentBody,
  type DocumentKindName,
  type DocumentProblem,
} from '../../shared/bank-api/documents/index.ts';
import type { ValidationContext } from '../../shared/domain/validation.ts';
import { LocalizedError } from '../../shared/i18n/index.ts';
import { audit } from '../audit/audit-log.ts';
import { sql, type Db } from '../store/database.ts';
import { Counterparties } from '../store/counterparties.ts';
import { ftsQuery } from './search-query.ts';

export const LOCAL_STATUSES = ['draft', 'signed', 'sent', 'delivered', 'accepted', 'executed', 'rejected', 'recalled'] as const;
export type LocalStatus = (typeof LOCAL_STATUSES)[number];
export type SignatureKind = 'first' | 'second' | 'single';
export type Origin = 'typed' | 'copy' | 'template' | 'import' | 'edit' | 'bank';

export interface DocumentSigner {
  kind: SignatureKind;
  certificateSerial: string;
  signer: string;
  signedAt: string;
}

/** A document as lists show it: no content, only what a row and the search need. */
export interface DocumentRow {
  id: string;
  kind: DocumentKindName;
  status: LocalStatus;
  revision: number;
  number: string | null;
  date: string | null;
  amount: number | null;
  counterparty: string | null;
  summary: string;
  errors: number;
  warnings: number;
  missing: SignatureKind[];
  rejection?: { code: string; reason: string };
  createdAt: string;
  updatedAt: string;
  /** The row's place in the list's order: ask for the page after (or before) it. */
  key: ListKey;
}

/**
 * Where a row stands in the list: its day (the document's date, or the day it was made when the
 * kind has no date) and its insertion sequence. The list is ordered by day, then sequence, both
 * descending; a page is asked for after or before a key, so page N costs what page 1 costs.
 */
export interface ListKey {
  date: string;
  seq: number;
}

/** One document whole: content, findings, signers. */
export interface DocumentRecord extends DocumentRow {
  version: number;
  body: DocumentBody;
  origin: Origin;
  derivedFrom: string | null;
  findings: DocumentProblem[];
  signers: DocumentSigner[];
  /** The canonical bytes once signed (frozen), else undefined. */
  canonical?: Buffer;
  cms?: Buffer;
}

export interface DocumentFilter {
  kind?: DocumentKindName;
  status?: LocalStatus[];
  /** Document dates, inclusive, YYYY-MM-DD (a document without a date: the day it was made). */
  from?: string;
  to?: string;
  minAmount?: number;
  maxAmount?: number;
  /** Words of the counterparty's name, each a word prefix, in any case ("мерид" finds ООО «Меридиан»). */
  counterparty?: string;
  /** Full-text: number, counterparty, purpose, amount. */
  text?: string;
  limit?: number;
  /** Rows skipped from the start (or from `after`/`before`): for a jump to a place in the list; scrolling pages by key. */
  offset?: number;
  /** The page that follows this key in the list's order. */
  after?: ListKey;
  /** The page that comes just before this key (returned in the list's order). */
  before?: ListKey;
  /** The last page of the list (returned in the list's order). */
  last?: boolean;
  /** Counts the matches (and sums their amounts when there are few); false for pages after the first when the count is known. */
  count?: boolean;
}

/** A page of the list: the rows, and (unless not asked for) how many match and, up to SUM_LIMIT matches, their amounts' sum in kopecks. */
export interface DocumentPage {
  items: DocumentRow[];
  total: number;
  amount?: number;
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

/** Up to this many matches, a page also gives the sum of their amounts (reading each matching row). */
const SUM_LIMIT = 5_000;

/** The list's sort day of a row (the index documents_by_day is on this very expression). */
const DAY = 'COALESCE(d.doc_date, substr(d.created_at, 1, 10))';

interface Row {
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

const LIST_COLUMNS = 'd.rowid, d.id, d.kind, d.status, d.revision, d.number, d.doc_date, d.amount, d.counterparty, d.summary, d.errors, d.warnings, d.missing, d.rejection_code, d.rejection_reason, d.created_at, d.updated_at';

function toRow(r: Row): DocumentRow {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    revision: r.revision,
    number: r.number,
    date: r.doc_date,
    amount: r.amount,
    counterparty: r.counterparty,
    summary: r.summary,
    errors: r.errors,
    warnings: r.warnings,
    missing: r.missing ? (JSON.parse(r.missing) as SignatureKind[]) : [],
    ...(r.rejection_code ? { rejection: { code: r.rejection_code, reason: r.rejection_reason ?? '' } } : {}),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    key: { date: r.doc_date ?? r.created_at.slice(0, 10), seq: r.rowid },
  };
}

/** The document fields a row, the search and the directory use, from the body. */
function indexed(body: DocumentBody) {
  const s = summarizeDocument(body, 'ru');
  const c = body.content as { date?: string; purpose?: string; subject?: string };
  return {
    number: s.number ?? null,
    date: typeof c.date === 'string' ? c.date : null,
    amount: s.amount ?? null,
    counterparty: s.counterparty ?? null,
    summary: s.text,
    purpose: c.purpose ?? c.subject ?? s.text,
  };
}

/** The full-text row of documents (the amount as "1500.00 1500,00", so either way of typing it finds it). */
export const FTS_ROW_SQL = `SELECT rowid, COALESCE(number, ''), COALESCE(counterparty, ''), purpose,
  COALESCE(printf('%d.%02d %d,%02d', amount / 100, amount % 100, amount / 100, amount % 100), '') FROM documents`;

export interface NewDraft {
  kind: DocumentKindName;
  content: unknown;
  origin?: Origin;
  /** Identifies where an imported document came from, so importing it again is refused. */
  sourceKey?: string;
  derivedFrom?: string;
  /** The caller indexes the batch for search itself, in one statement (see indexSince). */
  deferIndex?: boolean;
}

export interface ServiceOptions {
  /** Who acts, for the audit log. */
  actor: string;
  /** Today's date on the client's clock (the validators' date rules); the system date by default. */
  today?: () => string;
  /** Extra validation facts (payer statuses, the bank's BIC). */
  context?: Omit<ValidationContext, 'today'>;
}

/**
 * Drafts and their life: create, edit, copy, delete, validate, list and search. A document is
 * a draft until its first signature; from then on its canonical bytes are fixed and an edit
 * makes a new draft that points back to it. Drafts may break business rules (the accountant
 * fixes them); they must have the kind's structure.
 */
export class DocumentService {
  readonly counterparties: Counterparties;
  private readonly today: () => string;

  constructor(
    readonly db: Db,
    private readonly options: ServiceOptions,
  ) {
    this.counterparties = new Counterparties(db);
    this.today = options.today ?? (() => new Date().toISOString().slice(0, 10));
  }

  context(): ValidationContext {
    return { ...this.options.context, today: this.today() };
  }

  /** The body of a kind's content, or an error listing every structural problem with its field. */
  parse(kind: DocumentKindName, content: unknown): DocumentBody {
    const def = DOCUMENT_KINDS[kind];
    if (!def) throw new LocalizedError('document.kind-unknown', { kind: String(kind) });
    const parsed = parseDocument({ kind, version: def.version, content });
    if (!parsed.ok) throw new DocumentInvalidError(parsed.problems);
    return parsed.body;
  }

  /** Business-rule findings of a body, errors first, each with field, code and messages. */
  findings(body: DocumentBody): DocumentProblem[] {
    const r = validateDocument(body, this.context());
    return [...describeIssues(r.errors, body.kind), ...describeIssues(r.warnings, body.kind)];
  }

  create(draft: NewDraft): DocumentRecord {
    const body = this.parse(draft.kind, draft.content);
    const id = randomUUID();
    this.db.transaction(() => {
      this.insert(id, body, draft);
      audit(this.db, { actor: this.options.actor, action: 'document.create', subject: id, details: { kind: body.kind, origin: draft.origin ?? 'typed' } });
    })();
    return this.get(id);
  }

  /** Inserts a parsed body as a draft (inside the caller's transaction). */
  insert(id: string, body: DocumentBody, draft: Omit<NewDraft, 'kind' | 'content'>, now = new Date().toISOString()): void {
    const context = this.context();
    const r = validateDocument(body, context);
    const x = indexed(body);
    sql(
      this.db,
      `INSERT INTO documents (id, kind, version, content, status, errors, warnings, validated_on, number, doc_date, amount, counterparty, summary, purpose, origin, source_key, derived_from, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, body.kind, body.version, JSON.stringify(body.content), r.errors.length, r.warnings.length, context.today ?? null, x.number, x.date, x.amount, x.counterparty, x.summary, x.purpose, draft.origin ?? 'typed', draft.sourceKey ?? null, draft.derivedFrom ?? null, now, now);
    if (!draft.deferIndex) sql(this.db, `INSERT INTO documents_fts (rowid, number, counterparty, purpose, amount) ${FTS_ROW_SQL} WHERE id = ?`).run(id);
    this.rememberPayee(body, now);
  }

  private rememberPayee(body: DocumentBody, now: string): void {
    if (body.kind !== 'payment-order') return;
    const p = body.content.payee;
    if (!p.name || !p.account || !p.bank.bic) return;
    this.counterparties.remember({ name: p.name, inn: p.inn, ...(p.kpp ? { kpp: p.kpp } : {}), account: p.account, bic: p.bank.bic, bankName: p.bank.name, ...(p.bank.corrAccount ? { corrAccount: p.bank.corrAccount } : {}) }, new Date(now));
  }

  /** The highest rowid so far: documents inserted after it are the batch indexSince() indexes. */
  lastRowid(): number {
    return (sql(this.db, 'SELECT COALESCE(MAX(rowid), 0) AS n FROM documents').get() as { n: number }).n;
  }

  /** Indexes for search, in one statement, the documents inserted after `rowid` with deferIndex. */
  indexSince(rowid: number): void {
    sql(this.db, `INSERT INTO documents_fts (rowid, number, counterparty, purpose, amount) ${FTS_ROW_SQL} WHERE rowid > ?`).run(rowid);
  }

  /**
   * Saves new content. A draft changes in place (its revision goes up; `expectedRevision`
   * refuses an edit made on a stale copy). A signed document is frozen: the edit becomes a new
   * draft derived from it, and the original stays as it was signed.
   */
  update(id: string, content: unknown, expectedRevision?: number): DocumentRecord {
    const current = this.row(id);
    const body = this.parse(current.kind, content);
    if (current.status !== 'draft') return this.replace(current, body);
    if (expectedRevision !== undefined && expectedRevision !== current.revision) {
      throw new LocalizedError('document.stale', { id, revision: expectedRevision, current: current.revision });
    }
    const context = this.context();
    const r = validateDocument(body, context);
    const x = indexed(body);
    const now = new Date().toISOString();
    this.db.transaction(() => {
      const changed = this.db
        .prepare(
          `UPDATE documents SET content = ?, revision = revision + 1, errors = ?, warnings = ?, validated_on = ?, number = ?, doc_date = ?, amount = ?, counterparty = ?, summary = ?, purpose = ?, updated_at = ?
           WHERE id = ? AND status = 'draft' AND revision = ?`,
        )
        .run(JSON.stringify(body.content), r.errors.length, r.warnings.length, context.today ?? null, x.number, x.date, x.amount, x.counterparty, x.summary, x.purpose, now, id, current.revision);
      if (changed.changes !== 1) throw new LocalizedError('document.stale', { id, revision: current.revision, current: current.revision + 1 });
      this.rememberPayee(body, now);
      audit(this.db, { actor: this.options.actor, action: 'document.edit', subject: id, details: { revision: current.revision + 1 } });
    })();
    return this.get(id);
  }

  /**
   * An edit of a signed document: a new draft derived from it. If the original has not gone to
   * the bank yet, it is held back (its outbox row closed as replaced), so the corrected payment
   * does not go out beside the wrong one. One already sent stays the bank's business (recall it there).
   */
  private replace(current: Row, body: DocumentBody): DocumentRecord {
    const id = randomUUID();
    this.db.transaction(() => {
      this.insert(id, body, { origin: 'edit', derivedFrom: current.id });
      const held = sql(this.db, "UPDATE outbox SET state = 'failed', last_error = ? WHERE document_id = ? AND state = 'pending'").run(
        JSON.stringify({ code: 'document.replaced', params: { id: current.id, by: id }, message: `replaced by ${id}` }),
        current.id,
      ).changes;
      audit(this.db, { actor: this.options.actor, action: 'document.create', subject: id, details: { kind: body.kind, origin: 'edit', derivedFrom: current.id, heldBack: held > 0 } });
    })();
    return this.get(id);
  }

  /** A new draft with the same content, dated today and numbered next where the kind has those. */
  copy(id: string): DocumentRecord {
    const src = this.get(id);
    return this.create({ kind: src.kind, content: this.freshen(src.body), origin: 'copy', derivedFrom: id });
  }

  /** Content for a new draft made from an old one or a template: today's date, the next number. */
  freshen(body: DocumentBody): unknown {
    const c = { ...(body.content as Record<string, unknown>) };
    if (typeof c.date === 'string') c.date = this.today();
    if (body.kind === 'payment-order') c.number = this.nextNumber();
    return c;
  }

  /** The next payment-order number: one above the highest numeric one so far, wrapping after 999999. */
  nextNumber(): string {
    const r = sql(this.db, "SELECT MAX(CAST(number AS INTEGER)) AS n FROM documents WHERE kind = 'payment-order' AND number GLOB '[0-9]*'").get() as { n: number | null };
    return String(((r.n ?? 0) % 999_999) + 1);
  }

  /** Deletes a draft. Signed documents are records of what was signed and stay. */
  remove(id: string): void {
    const current = this.row(id);
    if (current.status !== 'draft') throw new LocalizedError('document.not-draft', { id, status: current.status });
    this.db.transaction(() => {
      sql(this.db, "DELETE FROM documents WHERE id = ? AND status = 'draft'").run(id);
      audit(this.db, { actor: this.options.actor, action: 'document.delete', subject: id, details: { kind: current.kind } });
    })();
  }

  row(id: string): Row {
    const r = sql(this.db, 'SELECT rowid, * FROM documents WHERE id = ?').get(id) as Row | undefined;
    if (!r) throw new LocalizedError('document.not-found', { id });
    return r;
  }

  get(id: string): DocumentRecord {
    const r = this.row(id);
    const body = { kind: r.kind, version: r.version, content: JSON.parse(r.content) } as DocumentBody;
    const signers = (sql(this.db, 'SELECT kind, certificate_serial, signer, signed_at FROM signatures WHERE document_id = ? ORDER BY seq').all(id) as { kind: SignatureKind; certificate_serial: string; signer: string; signed_at: string }[]).map((s) => ({
      kind: s.kind,
      certificateSerial: s.certificate_serial,
      signer: s.signer,
      signedAt: s.signed_at,
    }));
    return {
      ...toRow(r),
      version: r.version,
      body,
      origin: r.origin,
      derivedFrom: r.derived_from,
      findings: this.findings(body),
      signers,
      ...(r.canonical ? { canonical: r.canonical } : {}),
      ...(r.cms ? { cms: r.cms } : {}),
    };
  }

  /** The ids of every document with these statuses (and kind), oldest first: a batch's selection, with no page limit. */
  ids(status: LocalStatus[], kind?: DocumentKindName): string[] {
    const marks = status.map(() => '?').join(',');
    const rows = sql(this.db, `SELECT id FROM documents WHERE status IN (${marks})${kind ? ' AND kind = ?' : ''} ORDER BY rowid`).all(...status, ...(kind ? [kind] : [])) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /** The bank's receipts for a document, as sync verified and stored them, oldest first. */
  receipts(id: string): StoredReceipt[] {
    this.row(id); // an unknown id is refused, not answered with nothing
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

  /**
   * A page of rows, filtered, newest first (by the document's date, then by when it was added).
   * Pages go by key: `after` a row's key, `before` one, or the `last` page, each one index seek,
   * however deep in the list. `total` counts every match (and `amount` sums them) for a
   * virtualised list's height, unless `count` is false.
   */
  list(filter: DocumentFilter = {}): DocumentPage {
    const where: string[] = [];
    const args: (string | number)[] = [];
    const add = (sql: string, ...values: (string | number)[]): void => {
      where.push(sql);
      args.push(...values);
    };
    if (filter.kind) add('d.kind = ?', filter.kind);
    if (filter.status?.length) add(`d.status IN (${filter.status.map(() => '?').join(',')})`, ...filter.status);
    // the list's day (a document without a date counts on the day it was made): in the day index
    if (filter.from) add(`${DAY} >= ?`, filter.from);
    if (filter.to) add(`${DAY} <= ?`, filter.to);
    if (filter.minAmount !== undefined) add('d.amount >= ?', filter.minAmount);
    if (filter.maxAmount !== undefined) add('d.amount <= ?', filter.maxAmount);
    // text and counterparty through the full-text index: case-insensitive in any script, each word a prefix
    const text = filter.text ? ftsQuery(filter.text) : undefined;
    const payee = filter.counterparty ? ftsQuery(filter.counterparty)?.split(' ').map((term) => `counterparty : ${term}`).join(' ') : undefined;
    if ((filter.text && !text) || (filter.counterparty && !payee)) return { items: [], total: 0, ...(filter.count === false ? {} : { amount: 0 }) };
    const match = [text, payee].filter(Boolean).join(' ') || undefined;
    if (match) add('d.rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)', match);
    const limit = Math.min(Math.max(filter.limit ?? 50, 1), 1000);
    const offset = Math.max(filter.offset ?? 0, 0);
    // found by text: walk the day index in the list's order and test each row against the matches
    // (visits no document row until one matches), rather than sort every match by day
    const items = this.page(where, args, limit, offset, filter, match ? 'INDEXED BY documents_by_day' : '');
    if (filter.count === false) return { items, total: -1 };
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    // the text alone: counted in the index, without visiting the documents
    const total = (
      where.length === 1 && match
        ? sql(this.db, 'SELECT COUNT(*) AS n FROM documents_fts WHERE documents_fts MATCH ?').get(match)
        : sql(this.db, `SELECT COUNT(*) AS n FROM documents d ${clause}`).get(...args)
    ) as { n: number };
    // the sum reads every matching row: given only where that is cheap
    if (total.n > SUM_LIMIT) return { items, total: total.n };
    const sum = sql(this.db, `SELECT TOTAL(d.amount) AS s FROM documents d ${clause}`).get(...args) as { s: number };
    return { items, total: total.n, amount: sum.s };
  }

  /**
   * The rows of a page by key. The day index holds (day, rowid): a seek to the key's day and
   * sequence, then on to the days beyond it, so no row before the key is visited.
   */
  private page(where: string[], args: (string | number)[], limit: number, offset: number, filter: DocumentFilter, hint: string): DocumentRow[] {
    const base = where.length ? `${where.join(' AND ')} AND ` : '';
    const run = (cond: string, condArgs: (string | number)[], order: string, n: number, skip: number): Row[] =>
      sql(this.db, `SELECT ${LIST_COLUMNS} FROM documents d ${hint} WHERE ${base}${cond} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...args, ...condArgs, n, skip) as Row[];
    const backward = filter.before !== undefined || (filter.last === true && filter.after === undefined);
    const key = backward ? filter.before : filter.after;
    const [cmp, dir] = backward ? ['>', 'ASC'] : ['<', 'DESC'];
    let rows: Row[];
    if (!key) {
      rows = run('1', [], `${DAY} ${dir}, d.rowid ${dir}`, limit, offset);
    } else {
      // the rest of the key's own day, then the days beyond it; an offset counts across both
      const sameDay = run(`${DAY} = ? AND d.rowid ${cmp} ?`, [key.date, key.seq], `d.rowid ${dir}`, limit, offset);
      let skip = 0;
      if (offset > 0 && sameDay.length === 0) {
        skip = offset - (sql(this.db, `SELECT COUNT(*) AS n FROM documents d WHERE ${base}${DAY} = ? AND d.rowid ${cmp} ?`).get(...args, key.date, key.seq) as { n: number }).n;
      }
      rows = sameDay.length >= limit ? sameDay : [...sameDay, ...run(`${DAY} ${cmp} ?`, [key.date], `${DAY} ${dir}, d.rowid ${dir}`, limit - sameDay.length, Math.max(skip, 0))];
    }
    if (backward) rows.reverse();
    return rows.map(toRow);
  }

}

/** A body that does not have its kind's structure: every problem with its field. */
export class DocumentInvalidError extends LocalizedError {
  constructor(readonly problems: DocumentProblem[]) {
    const first = problems[0];
    super('document.invalid', { count: problems.length, field: first?.field ?? '', en: first?.message.en ?? '', ru: first?.message.ru ?? '' });
  }
}
