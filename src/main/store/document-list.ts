/**
 * The documents list's queries: filters, key-set pages, counts and sums (docs/architecture.md
 * "Performance targets": page N costs what page 1 costs, with 100,000 documents in the profile).
 */
import type { DocumentKindName } from '../../shared/bank-api/documents/index.ts';
import type { SignatureKind } from '../../shared/bank-api/signing-policy.ts';
import type { LocalStatus } from '../../shared/domain/document-status.ts';
import { sql, type Db } from './database.ts';
import { LIST_COLUMNS, type StoredDocument } from './documents.ts';
import { ftsQuery } from './search-query.ts';

/**
 * Where a row stands in the list: its day (the document's date, or the day it was made when the
 * kind has no date) and its insertion sequence. The list is ordered by day, then sequence, both
 * descending; a page is asked for after or before a key, so page N costs what page 1 costs.
 */
export interface ListKey {
  date: string;
  seq: number;
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
  /** The matches that carry money, summed apart for each kind, currency and draft-or-not (given with `amount`). */
  totals?: MoneyTotal[];
}

/** One line of the list's totals: the money documents of one kind in one currency, drafts apart from the rest. */
export interface MoneyTotal {
  kind: string;
  currency: string;
  draft: boolean;
  count: number;
  amount: number;
}

/** The kinds whose amount is money that moves (payments), each in its currency; an application's amount is no payment. */
export const MONEY_KINDS: Readonly<Record<string, string>> = { 'payment-order': 'RUB', 'leasing-payment': 'RUB', 'loan-repayment': 'RUB' };

/** Up to this many matches, a page also gives the sum of their amounts (reading each matching row). */
const SUM_LIMIT = 5_000;

/** The list's sort day of a row (the index documents_by_day is on this very expression). */
const DAY = 'COALESCE(d.doc_date, substr(d.created_at, 1, 10))';

type ListRow = Pick<StoredDocument, 'rowid' | 'id' | 'kind' | 'status' | 'revision' | 'number' | 'doc_date' | 'amount' | 'counterparty' | 'summary' | 'errors' | 'warnings' | 'missing' | 'rejection_code' | 'rejection_reason' | 'created_at' | 'updated_at'>;

export function toDocumentRow(r: ListRow): DocumentRow {
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

/**
 * A page of rows, filtered, newest first (by the document's date, then by when it was added).
 * Pages go by key: `after` a row's key, `before` one, or the `last` page, each one index seek,
 * however deep in the list. `total` counts every match (and `amount` sums them) for a
 * virtualised list's height, unless `count` is false.
 */
export function listDocuments(db: Db, filter: DocumentFilter = {}): DocumentPage {
  const where: string[] = [];
  const args: (string | number)[] = [];
  const add = (clause: string, ...values: (string | number)[]): void => {
    where.push(clause);
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
  if ((filter.text && !text) || (filter.counterparty && !payee)) return { items: [], total: 0, ...(filter.count === false ? {} : { amount: 0, totals: [] }) };
  const match = [text, payee].filter(Boolean).join(' ') || undefined;
  if (match) add('d.rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)', match);
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 1000);
  const offset = Math.max(filter.offset ?? 0, 0);
  // found by text: walk the day index in the list's order and test each row against the matches
  // (visits no document row until one matches), rather than sort every match by day
  const items = page(db, where, args, limit, offset, filter, match ? 'INDEXED BY documents_by_day' : '');
  if (filter.count === false) return { items, total: -1 };
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  // the text alone: counted in the index, without visiting the documents
  const total = (
    where.length === 1 && match
      ? sql(db, 'SELECT COUNT(*) AS n FROM documents_fts WHERE documents_fts MATCH ?').get(match)
      : sql(db, `SELECT COUNT(*) AS n FROM documents d ${clause}`).get(...args)
  ) as { n: number };
  // the sum reads every matching row: given only where that is cheap
  if (total.n > SUM_LIMIT) return { items, total: total.n };
  const sum = sql(db, `SELECT TOTAL(d.amount) AS s FROM documents d ${clause}`).get(...args) as { s: number };
  const kinds = Object.keys(MONEY_KINDS);
  const money = `d.amount IS NOT NULL AND d.kind IN (${kinds.map(() => '?').join(',')})`;
  const rows = sql(db, `SELECT d.kind AS kind, d.status = 'draft' AS draft, COUNT(*) AS n, TOTAL(d.amount) AS s FROM documents d ${clause ? `${clause} AND ${money}` : `WHERE ${money}`} GROUP BY d.kind, d.status = 'draft' ORDER BY d.kind, draft`).all(
    ...args,
    ...kinds,
  ) as { kind: string; draft: number; n: number; s: number }[];
  const totals = rows.map((r) => ({ kind: r.kind, currency: MONEY_KINDS[r.kind] ?? 'RUB', draft: r.draft === 1, count: r.n, amount: r.s }));
  return { items, total: total.n, amount: sum.s, totals };
}

/**
 * The rows of a page by key. The day index holds (day, rowid): a seek to the key's day and
 * sequence, then on to the days beyond it, so no row before the key is visited.
 */
function page(db: Db, where: string[], args: (string | number)[], limit: number, offset: number, filter: DocumentFilter, hint: string): DocumentRow[] {
  const base = where.length ? `${where.join(' AND ')} AND ` : '';
  const run = (cond: string, condArgs: (string | number)[], order: string, n: number, skip: number): ListRow[] =>
    sql(db, `SELECT ${LIST_COLUMNS} FROM documents d ${hint} WHERE ${base}${cond} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...args, ...condArgs, n, skip) as ListRow[];
  const backward = filter.before !== undefined || (filter.last === true && filter.after === undefined);
  const key = backward ? filter.before : filter.after;
  const [cmp, dir] = backward ? ['>', 'ASC'] : ['<', 'DESC'];
  let rows: ListRow[];
  if (!key) {
    rows = run('1', [], `${DAY} ${dir}, d.rowid ${dir}`, limit, offset);
  } else {
    // the rest of the key's own day, then the days beyond it; an offset counts across both
    const sameDay = run(`${DAY} = ? AND d.rowid ${cmp} ?`, [key.date, key.seq], `d.rowid ${dir}`, limit, offset);
    let skip = 0;
    if (offset > 0 && sameDay.length === 0) {
      skip = offset - (sql(db, `SELECT COUNT(*) AS n FROM documents d WHERE ${base}${DAY} = ? AND d.rowid ${cmp} ?`).get(...args, key.date, key.seq) as { n: number }).n;
    }
    rows = sameDay.length >= limit ? sameDay : [...sameDay, ...run(`${DAY} ${cmp} ?`, [key.date], `${DAY} ${dir}, d.rowid ${dir}`, limit - sameDay.length, Math.max(skip, 0))];
  }
  if (backward) rows.reverse();
  return rows.map(toDocumentRow);
}
