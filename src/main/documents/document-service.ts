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
import type { LocalStatus } from '../../shared/domain/document-status.ts';
import type { ValidationContext } from '../../shared/domain/validation.ts';
import { BicDirectoryStore } from '../store/bic-directory.ts';
import { LocalizedError } from '../../shared/i18n/index.ts';
import { audit } from '../audit/audit-log.ts';
import type { Db } from '../store/database.ts';
import { Counterparties } from '../store/counterparties.ts';
import { listDocuments, toDocumentRow, type DocumentFilter, type DocumentPage, type DocumentRow } from '../store/document-list.ts';
import { DocumentStore, type DocumentSigner, type DraftFields, type Origin, type StoredDocument, type StoredReceipt } from '../store/documents.ts';
import { OutboxStore } from '../store/outbox.ts';
import { DocumentLifecycle } from './lifecycle.ts';

export { LOCAL_STATUSES, type LocalStatus } from '../../shared/domain/document-status.ts';
export type { SignatureKind } from '../../shared/bank-api/signing-policy.ts';
export type { DocumentFilter, DocumentPage, DocumentRow, ListKey } from '../store/document-list.ts';
export type { DocumentSigner, Origin, StoredReceipt } from '../store/documents.ts';

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

/** The document fields a row, the search and the directory use, from the body, with its findings' counts. */
function fieldsOf(body: DocumentBody, context: ValidationContext): DraftFields {
  const r = validateDocument(body, context);
  const s = summarizeDocument(body, 'ru');
  const c = body.content as { date?: string; purpose?: string; subject?: string };
  return {
    errors: r.errors.length,
    warnings: r.warnings.length,
    validatedOn: context.today ?? null,
    number: s.number ?? null,
    date: typeof c.date === 'string' ? c.date : null,
    amount: s.amount ?? null,
    counterparty: s.counterparty ?? null,
    summary: s.text,
    purpose: c.purpose ?? c.subject ?? s.text,
  };
}

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
  readonly store: DocumentStore;
  readonly outbox: OutboxStore;
  readonly lifecycle: DocumentLifecycle;
  private readonly today: () => string;

  constructor(
    readonly db: Db,
    private readonly options: ServiceOptions,
  ) {
    this.counterparties = new Counterparties(db);
    this.store = new DocumentStore(db);
    this.outbox = new OutboxStore(db);
    this.lifecycle = new DocumentLifecycle(this.store, this.outbox);
    this.today = options.today ?? (() => new Date().toISOString().slice(0, 10));
  }

  /** The facts every validation of this profile uses: today, the options' facts, and the BIC directory held (if any). */
  context(): ValidationContext {
    const bicDirectory = new BicDirectoryStore(this.db).facts();
    return { ...this.options.context, ...(bicDirectory ? { bicDirectory } : {}), today: this.today() };
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

  /**
   * Inserts a parsed body as a draft (inside the caller's transaction); returns its count of rule
   * errors. A batch passes one `context` (from context()) for all its documents.
   */
  insert(id: string, body: DocumentBody, draft: Omit<NewDraft, 'kind' | 'content'>, now = new Date().toISOString(), context = this.context()): number {
    const fields = fieldsOf(body, context);
    this.store.insertDraft(id, body, fields, { origin: draft.origin ?? 'typed', sourceKey: draft.sourceKey, derivedFrom: draft.derivedFrom, index: !draft.deferIndex }, now);
    this.rememberPayee(body, now);
    return fields.errors;
  }

  private rememberPayee(body: DocumentBody, now: string): void {
    if (body.kind !== 'payment-order') return;
    const p = body.content.payee;
    if (!p.name || !p.account || !p.bank.bic) return;
    this.counterparties.remember({ name: p.name, inn: p.inn, ...(p.kpp ? { kpp: p.kpp } : {}), account: p.account, bic: p.bank.bic, bankName: p.bank.name, ...(p.bank.corrAccount ? { corrAccount: p.bank.corrAccount } : {}) }, new Date(now));
  }

  /** The highest rowid so far: documents inserted after it are the batch indexSince() indexes. */
  lastRowid(): number {
    return this.store.lastRowid();
  }

  /** Indexes for search, in one statement, the documents inserted after `rowid` with deferIndex. */
  indexSince(rowid: number): void {
    this.store.indexSince(rowid);
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
    const fields = fieldsOf(body, this.context());
    const now = new Date().toISOString();
    this.db.transaction(() => {
      if (!this.store.updateDraft(id, current.revision, body, fields, now)) throw new LocalizedError('document.stale', { id, revision: current.revision, current: current.revision + 1 });
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
  private replace(current: StoredDocument, body: DocumentBody): DocumentRecord {
    const id = randomUUID();
    this.db.transaction(() => {
      this.insert(id, body, { origin: 'edit', derivedFrom: current.id });
      const held = this.lifecycle.replaced(current.id, id);
      audit(this.db, { actor: this.options.actor, action: 'document.create', subject: id, details: { kind: body.kind, origin: 'edit', derivedFrom: current.id, heldBack: held } });
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
    return String((this.store.highestPaymentNumber() % 999_999) + 1);
  }

  /** Deletes a draft. Signed documents are records of what was signed and stay. */
  remove(id: string): void {
    const current = this.row(id);
    if (current.status !== 'draft') throw new LocalizedError('document.not-draft', { id, status: current.status });
    this.db.transaction(() => {
      this.store.deleteDraft(id);
      audit(this.db, { actor: this.options.actor, action: 'document.delete', subject: id, details: { kind: current.kind } });
    })();
  }

  row(id: string): StoredDocument {
    const r = this.store.row(id);
    if (!r) throw new LocalizedError('document.not-found', { id });
    return r;
  }

  get(id: string): DocumentRecord {
    const r = this.row(id);
    const body = { kind: r.kind, version: r.version, content: JSON.parse(r.content) } as DocumentBody;
    const signers = this.store.signers(id);
    return {
      ...toDocumentRow(r),
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
    return this.store.ids(status, kind);
  }

  /** The bank's receipts for a document, as sync verified and stored them, oldest first. */
  receipts(id: string): StoredReceipt[] {
    this.row(id); // an unknown id is refused, not answered with nothing
    return this.store.receipts(id);
  }

  /** A page of rows, filtered, newest first (store/document-list.ts). */
  list(filter: DocumentFilter = {}): DocumentPage {
    return listDocuments(this.db, filter);
  }
}

/** A body that does not have its kind's structure: every problem with its field. */
export class DocumentInvalidError extends LocalizedError {
  constructor(readonly problems: DocumentProblem[]) {
    const first = problems[0];
    super('document.invalid', { count: problems.length, field: first?.field ?? '', en: first?.message.en ?? '', ru: first?.message.ru ?? '' });
  }
}
