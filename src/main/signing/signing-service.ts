import { createHash } from 'node:crypto';
import { parseDocument, summarizeDocument, validateDocument, type DocumentBody, type DocumentKindName } from '../../shared/bank-api/documents/index.ts';
import { signedDocumentBytes } from '../../shared/bank-api/documents/signed.ts';
import { formatRubles } from '../../shared/domain/money.ts';
import type { ValidationContext } from '../../shared/domain/validation.ts';
import { TAKES_SIGNATURES } from '../../shared/domain/document-status.ts';
import { canAdd, missingSignatures, SIGNATURE_OF_ROLE, type Role, type SignatureKind } from '../../shared/bank-api/signing-policy.ts';
import { LocalizedError, type MessageKey } from '../../shared/i18n/index.ts';
import { audit } from '../audit/audit-log.ts';
import type { DocumentService } from '../documents/document-service.ts';
import type { DocumentLifecycle } from '../documents/lifecycle.ts';
import { bodyOfCanonical } from '../documents/signed-body.ts';
import type { Db } from '../store/database.ts';
import type { DocumentSigner, DocumentStore, DraftFacts, SigningRow, StoredDocument } from '../store/documents.ts';
import { pinnedCa } from '../bank/trust.ts';
import { currentSession } from '../bank/session.ts';
import { verifyDetached } from '../../crypto/cms/verify.ts';
import type { BatchItem, Pin, TokenService } from '../tokens/token-service.ts';
import { signerFor, type SignerRecord } from '../bank/signers.ts';

export interface SignProgress {
  total: number;
  /** Signed and stored so far. */
  signed: number;
}

export interface Skipped {
  id: string;
  code: MessageKey;
  params: Record<string, string | number>;
}

export interface SignReport {
  /** Signed, stored and queued for the bank. */
  signed: string[];
  /** Not signed, each with the reason (never sent to the token). */
  skipped: Skipped[];
  /** Left unsigned because the batch stopped (cancel, token removed, PIN refused...). */
  notSigned: string[];
  /** Why the batch stopped early. */
  error?: Error;
  certificateSerial?: string;
}

export interface SignRequest {
  ids: string[];
  token: string;
  key: string;
  pin: Pin;
  signal?: AbortSignal;
  onProgress?: (p: SignProgress) => void;
  /** The revision of each draft as the signer was shown it: a draft at another revision is skipped, not signed unseen. */
  shownRevisions?: ReadonlyMap<string, number>;
}

interface Planned {
  id: string;
  kind: DocumentKindName;
  amount: number | undefined;
  /** The canonical bytes, made when the batch reaches the document (see BatchItem). */
  content: () => Uint8Array;
  addTo?: Buffer;
  given: SignatureKind[];
  /** The document was a draft: this first signature freezes it and queues its submission. */
  draft: boolean;
  /** The draft's revision when planned: a draft edited meanwhile is not frozen with the old bytes. */
  revision: number;
}

/** A document this signer could sign now, as the sign screen lists it. */
export interface Candidate {
  id: string;
  kind: DocumentKindName;
  number: string | null;
  date: string | null;
  amount: number | null;
  counterparty: string | null;
  missing: string[];
  /** A draft of ours, or a document that waits for this signature (a colleague's from the bank, or signed here by another). */
  source: 'draft' | 'awaiting';
}

/** What pins the text a signer was shown: a draft's revision, or the SHA-256 of frozen bytes. */
export interface ShownItem {
  id: string;
  revision?: number;
  digest?: string;
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** At most this many of each list on the sign screen. */
const CANDIDATES = 200;

/** Documents whose rows are read in one query while a batch is planned. */
const PLAN_PAGE = 256;

/** Signatures stored together in one transaction: the token is far faster than one commit per document. */
const FLUSH_EVERY = 512;
/** Signatures the token has queued while this thread stores a flush: enough that it never waits. */
const CHUNK = 512;

/**
 * Signs documents as the person whose key is on the token: one PIN entry for the batch, each
 * document's canonical bytes signed on the token, and each signature stored with its outbox row
 * in one transaction. Which signature the key gives (first, second, single) is the bank's word,
 * recorded at login. A cancel or a token failure stops the batch: what was signed stays signed
 * and queued, the rest stays as it was; nothing is half-written.
 */
export class SigningService {
  constructor(
    private readonly db: Db,
    private readonly documents: DocumentService,
    private readonly tokens: TokenService,
    private readonly actor: string,
  ) {}

  async sign(req: SignRequest): Promise<SignReport> {
    const signer = signerFor(this.db, req.token, req.key);
    const sigKind = SIGNATURE_OF_ROLE[signer.role as Role];
    if (!sigKind) throw new LocalizedError('signing.no-right', { name: signer.name });
    const report: SignReport = { signed: [], skipped: [], notSigned: [] };
    const planned: Planned[] = [];
    const context = this.documents.context(); // one "today" for the whole batch
    const ids = [...new Set(req.ids)];
    // the rows are read a page at a time (one query, not one per document); a page read before
    // an await (taking in a colleague's document) is read again after it, as nothing else ran between
    let page = new Map<string, SigningRow | null>();
    const rowOf = (i: number): SigningRow | undefined => {
      const id = ids[i]!;
      if (!page.has(id)) {
        const slice = ids.slice(i, i + PLAN_PAGE);
        const rows = this.documents.store.signingRows(slice);
        page = new Map(slice.map((x) => [x, rows.get(x) ?? null]));
      }
      return page.get(id) ?? undefined;
    };
    for (const [i, id] of ids.entries()) {
      let p: Planned | Skipped;
      try {
        let found = rowOf(i);
        if (!found) {
          try {
            await this.adopt(id);
          } finally {
            page = new Map();
          }
          found = rowOf(i);
        }
        p = this.plan(id, found, signer, sigKind, context);
        const shown = req.shownRevisions?.get(id);
        if (shown !== undefined && !('code' in p) && p.draft && p.revision !== shown) throw new LocalizedError('signing.changed-meanwhile', { id });
      } catch (e) {
        // one bad document (a broken one from the bank) is skipped by name; the batch goes on
        if (!(e instanceof LocalizedError)) throw e;
        p = { id, code: e.code, params: { ...e.params, id } };
      }
      if ('code' in p) report.skipped.push(p);
      else planned.push(p);
    }
    if (planned.length === 0) return report;

    const buffer: { p: Planned; cms: Buffer }[] = [];
    let serial = signer.certificateSerial;
    const flush = (): void => {
      if (buffer.length === 0) return;
      const batch = buffer.splice(0);
      const stored: string[] = [];
      this.db.transaction(() => {
        const ok = this.store(batch, sigKind, serial, signer.name);
        for (const [i, { p }] of batch.entries()) {
          if (ok[i]) stored.push(p.id);
          else report.skipped.push({ id: p.id, code: 'signing.changed-meanwhile', params: { id: p.id } });
        }
        if (stored.length) audit(this.db, { actor: this.actor, action: 'sign', subject: stored.length === 1 ? stored[0]! : `${stored.length} documents`, details: { ids: stored, kind: sigKind, certificateSerial: serial } });
      })();
      report.signed.push(...stored);
      req.onProgress?.({ total: planned.length, signed: report.signed.length });
    };
    const items: BatchItem[] = planned.map((p) => (p.addTo ? { content: p.content, addTo: p.addTo } : { content: p.content }));
    const outcome = await this.tokens.signBatch(req.token, req.pin, req.key, items, {
      ...(req.signal ? { signal: req.signal } : {}),
      chunkSize: CHUNK,
      // the certificate the token signs with (after a renewal, newer than the one logged in with)
      onStart: (certificate) => void (serial = certificate.serialNumber.toLowerCase()),
      onSigned: (i, cms) => {
        buffer.push({ p: planned[i]!, cms });
        if (buffer.length >= FLUSH_EVERY) flush();
      },
    });
    flush();
    const done = new Set([...report.signed, ...report.skipped.map((x) => x.id)]);
    report.notSigned = planned.filter((p) => !done.has(p.id)).map((p) => p.id);
    report.certificateSerial = serial;
    if (outcome.error) {
      report.error = outcome.error;
      audit(this.db, { actor: this.actor, action: 'sign.failed', details: { reason: outcome.error.message, notSigned: report.notSigned.length } });
    }
    return report;
  }

  /**
   * What this signer can sign now: drafts without errors, documents signed here that miss this
   * signer's kind of signature, and colleagues' documents the bank says await it. Each passes the
   * batch's own check (refusal; for a colleague's document, the limit and the kinds still
   * missing), so the list, its count and "sign all" never offer what signing refuses. Without a
   * signer (not logged in with this key) the drafts without errors are listed, as the bank has
   * not said what the key may sign.
   */
  candidates(signer: SignerRecord | undefined): { drafts: Candidate[]; draftsTotal: number; awaiting: Candidate[] } {
    const store = this.documents.store;
    const drafts = this.signableDrafts(signer);
    const sigKind = signer ? SIGNATURE_OF_ROLE[signer.role as Role] : undefined;
    const awaiting: Candidate[] = [];
    const seen = new Set<string>();
    for (const a of store.allAwaiting()) {
      try {
        if (a.missing === null) continue; // a damaged row: refused by name if chosen, never listed
        const body = bodyOfCanonical(a.canonical, a.id);
        const amount = summarizeDocument(body).amount;
        // what the batch would refuse after taking it in: over the limit, or not a signature it still needs
        if (signer && (!sigKind || overLimit(signer, amount) || !(a.missing.length > 0 && (sigKind === 'single' || a.missing.includes(sigKind))))) continue;
        awaiting.push(candidateOfBody(a.id, body, a.missing));
        seen.add(a.id);
      } catch {
        // a broken one from the bank is refused by name when signed; not listed as signable
      }
    }
    // signed here (by a colleague at this desk) and still missing what this signer gives
    if (signer && sigKind) {
      const context = this.documents.context();
      for (const d of store.missingSignatureOf(sigKind, signer.certificateSerial, CANDIDATES)) if (!seen.has(d.id) && !refusal(d, givenOf(store, d), signer, sigKind, context)) awaiting.push(candidateOfRow(d, 'awaiting'));
    }
    return { drafts: drafts.rows.map((d) => candidateOfRow(d, 'draft')), draftsTotal: drafts.ids.length, awaiting };
  }

  /**
   * The drafts this signer can sign, newest first: every id (for "sign all", whatever their
   * number) and the first rows for the list. Drafts saved today are checked from their stored
   * counts; older ones are validated again, as the batch does.
   */
  signableDrafts(signer: SignerRecord | undefined): { ids: string[]; rows: DraftFacts[] } {
    const store = this.documents.store;
    const context = this.documents.context();
    const today = context.today!;
    const sigKind = signer ? SIGNATURE_OF_ROLE[signer.role as Role] : undefined;
    if (signer && !sigKind) return { ids: [], rows: [] }; // a key with no right to sign signs nothing
    const newestFirst: DraftFacts[] = [];
    store.transaction(() => {
      for (const d of store.draftsToCheck(today, signer?.limit ?? null)) {
        if (d.validated_on !== today) {
          // counted on another day: counted again now, and kept, so the next look costs nothing
          const r = validationOf(store, d, context);
          if (!r) continue; // its stored content does not read: refused by name if chosen
          store.recordValidation(d.id, d.revision, r.errors.length, r.warnings.length, today);
          d.errors = r.errors.length;
          d.validated_on = today;
        }
        if (d.errors > 0) continue;
        if (signer && sigKind && draftRefusal(d, signer, sigKind, context, store)) continue;
        newestFirst.push(d);
      }
    });
    // "sign all" signs, queues and sends in the order the drafts were made, as the CLI does
    return { ids: newestFirst.map((d) => d.id).reverse(), rows: newestFirst.slice(0, CANDIDATES) };
  }

  /**
   * What the signer is shown of a document: the body behind the bytes that will be signed (a
   * draft's as they will be made, bound to this id and the logged-in company; a frozen one's as
   * stored; a colleague's as the bank sent them), and what pins that exact text: a draft's
   * revision or the digest of the frozen bytes.
   */
  shown(id: string): { body: DocumentBody; bytes: Uint8Array; item: ShownItem; source: Candidate['source']; missing: string[] } {
    const store = this.documents.store;
    const row = store.row(id);
    if (row?.status === 'draft') {
      // no one signs before a login: without one the text is still shown, bound to no company
      const bytes = signedDocumentBytes({ id, companyId: currentSession(this.db)?.user.company.id ?? 'not-logged-in' }, bodyOfRow(row));
      return { body: bodyOfCanonical(bytes, id), bytes, item: { id, revision: row.revision }, source: 'draft', missing: [] };
    }
    if (row?.canonical) return { body: bodyOfCanonical(row.canonical, id), bytes: row.canonical, item: { id, digest: sha256(row.canonical) }, source: 'awaiting', missing: row.missing ? (JSON.parse(row.missing) as string[]) : [] };
    const a = store.awaiting(id);
    if (a) return { body: bodyOfCanonical(a.canonical, id), bytes: a.canonical, item: { id, digest: sha256(a.canonical) }, source: 'awaiting', missing: a.missing ?? [] };
    throw new LocalizedError('document.not-found', { id });
  }

  /** Whether a document is still exactly what was shown (see shown). */
  stillAsShown(item: ShownItem): boolean {
    const store = this.documents.store;
    const row = store.row(item.id);
    if (item.revision !== undefined) return !!row && row.status === 'draft' && row.revision === item.revision;
    const bytes = row?.canonical ?? store.awaiting(item.id)?.canonical;
    return !!bytes && sha256(bytes) === item.digest;
  }

  /** Whether and how a document (its row as read now) can take this signer's signature; the reason when it cannot. */
  private plan(id: string, found: SigningRow | undefined, signer: SignerRecord, sigKind: SignatureKind, context: ValidationContext): Planned | Skipped {
    if (!found) return { id, code: 'document.not-found', params: { id } };
    const given = givenOf(this.documents.store, found);
    const refused = refusal(found, given, signer, sigKind, context);
    if (refused) return refused;
    const amount = found.amount ?? undefined;
    if (found.status === 'draft') {
      let bytes: Uint8Array | undefined;
      // the signed bytes name this document and the signer's company (the bank's ids): a
      // signature cannot be replayed under another id or by another company
      const binding = { id, companyId: signer.companyId! };
      // made from the body as parsed, so the bytes are exactly canonical: stored content with a
      // field its kind lacks (a profile edited outside the app) is refused, not signed
      let body: ReturnType<typeof parseDocument>;
      try {
        body = parseDocument(bodyOfRow(found));
      } catch {
        return { id, code: 'signing.canonical-invalid', params: { id, reason: 'JSON', field: '' } };
      }
      if (!body.ok) return { id, code: 'signing.canonical-invalid', params: { id, reason: 'schema', field: body.problems[0]?.field ?? '' } };
      return { id, kind: found.kind, amount, content: () => (bytes ??= signedDocumentBytes(binding, body.body)), given: [], draft: true, revision: found.revision };
    }
    const canonical = found.canonical!;
    // a second signature goes only onto bytes that name this document and this signer's company
    bodyOfCanonical(canonical, id, signer.companyId ?? undefined);
    return { id, kind: found.kind, amount, content: () => canonical, addTo: found.cms!, given: given.map((g) => g.kind), draft: false, revision: found.revision };
  }

  /**
   * Takes a document a colleague submitted (it waits for our signature at the bank) into the
   * store, from the canonical bytes the bank sent: those bytes are what is shown and signed.
   */
  private async adopt(id: string): Promise<void> {
    const a = this.documents.store.awaiting(id);
    if (!a) return;
    if (a.missing === null) throw new LocalizedError('signing.canonical-invalid', { id, reason: 'schema', field: 'missing' });
    const missing = a.missing;
    const body = bodyOfCanonical(a.canonical, id, currentSession(this.db)?.user.company.id);
    // the colleagues' signatures are checked here too, and who signed is taken from them
    const ca = pinnedCa(this.db);
    if (!ca) throw new LocalizedError('sync.login-needed');
    const report = await verifyDetached(a.canonical, a.cms, [ca], `document ${id}`);
    if (!report.ok) throw new LocalizedError('signing.colleague-signature-invalid', { id, reason: report.signers.flatMap((x) => x.problems.map((p) => p.message)).join('; ') });
    this.db.transaction(() => {
      this.documents.insert(id, body, { origin: 'bank' });
      const amount = summarizeDocument(body).amount;
      // the signatures given are those the document needs and no longer misses, in the order signed
      const given = missingSignatures(body.kind, amount, []).filter((k) => !missing.includes(k));
      const signers = report.signers.map((who, i): DocumentSigner => ({ kind: given[i] ?? given.at(-1) ?? 'first', certificateSerial: (who.serialNumber ?? '').toLowerCase(), signer: who.subject ?? '', signedAt: who.signingTime ?? '' }));
      this.documents.lifecycle.adopted(id, a.canonical, a.cms, missing, signers);
    })();
  }

  /**
   * A flush's signatures, each with its signer row and outbox row, through the lifecycle; called
   * inside the flush's transaction. Whether each was stored, in order (false: the document
   * changed meanwhile). Consecutive first signatures go together (one statement for their outbox
   * rows); a further signature goes on its own.
   */
  private store(batch: readonly { p: Planned; cms: Buffer }[], sigKind: SignatureKind, serial: string, name: string): boolean[] {
    const lifecycle = this.documents.lifecycle;
    const ok = new Array<boolean>(batch.length).fill(false);
    // consecutive drafts go together; the rows are written in the order signed, as one by one
    let drafts: (Parameters<DocumentLifecycle['signedAll']>[0][number] & { at: number })[] = [];
    const firsts = (): void => {
      const frozen = lifecycle.signedAll(drafts);
      for (const [j, d] of drafts.entries()) ok[d.at] = frozen[j]!;
      drafts = [];
    };
    for (const [i, { p, cms }] of batch.entries()) {
      const now = new Date().toISOString();
      const signer: DocumentSigner = { kind: sigKind, certificateSerial: serial, signer: name, signedAt: now };
      // edited (or deleted) while the batch ran: this signature is for bytes that are no longer the draft (not stored)
      if (p.draft) {
        drafts.push({ at: i, id: p.id, revision: p.revision, kind: p.kind, amount: p.amount, canonical: p.content(), cms, signer, now });
        continue;
      }
      firsts();
      ok[i] = lifecycle.countersigned({ id: p.id, kind: p.kind, amount: p.amount, given: p.given, was: p.addTo!, cms, signer }, now);
    }
    firsts();
    return ok;
  }
}

/**
 * Why this signer cannot sign the document as stored, or undefined when it can: the one answer
 * the sign screen's list and the batch both use. A draft is checked against today's rules (a
 * draft valid yesterday may be out of date).
 */
function refusal(found: SigningRow, given: readonly DocumentSigner[], signer: SignerRecord, sigKind: SignatureKind, context: ValidationContext): Skipped | undefined {
  const id = found.id;
  const amount = found.amount ?? undefined;
  if (found.status === 'draft') return draftRefusal(found, signer, sigKind, context, found);
  if (overLimit(signer, amount)) return { id, code: 'signing.over-limit', params: { id, limit: formatRubles(signer.limit!), amount: formatRubles(amount!) } };
  if (given.some((g) => g.certificateSerial === signer.certificateSerial)) return { id, code: 'signing.already-signed', params: { id } };
  const kinds = given.map((g) => g.kind);
  if (!TAKES_SIGNATURES.includes(found.status) || !found.canonical || !found.cms || !canAdd(found.kind, amount, kinds, sigKind)) return { id, code: 'signing.not-needed', params: { id, kind: sigKind } };
  return undefined;
}

/**
 * Why a draft cannot take this signer's (first) signature, or undefined: over the limit, errors
 * under today's rules (counted when saved today, else counted again from `content`), or not a
 * signature it needs. The list, its count and the batch all ask this.
 */
function draftRefusal(d: Pick<DraftFacts, 'id' | 'kind' | 'revision' | 'amount' | 'errors' | 'validated_on'>, signer: SignerRecord, sigKind: SignatureKind, context: ValidationContext, content: Pick<StoredDocument, 'id' | 'kind' | 'version' | 'content'> | DocumentStore): Skipped | undefined {
  const id = d.id;
  const amount = d.amount ?? undefined;
  if (overLimit(signer, amount)) return { id, code: 'signing.over-limit', params: { id, limit: formatRubles(signer.limit!), amount: formatRubles(amount!) } };
  const counted = d.validated_on !== null && d.validated_on === context.today;
  if (!counted || d.errors > 0) {
    const r = validationOf(content, d, context);
    if (!r) return { id, code: 'signing.canonical-invalid', params: { id, reason: 'JSON', field: '' } };
    if (r.errors.length > 0) return { id, code: 'signing.has-errors', params: { id, count: r.errors.length, field: r.errors[0]?.field ?? '' } };
  }
  if (!canAdd(d.kind, amount, [], sigKind)) return { id, code: 'signing.not-needed', params: { id, kind: sigKind } };
  return undefined;
}

/** A draft's findings under today's rules; undefined when its stored content is not JSON (a damaged profile). */
function validationOf(from: Pick<StoredDocument, 'id' | 'kind' | 'version' | 'content'> | DocumentStore, d: Pick<DraftFacts, 'id'>, context: ValidationContext): ReturnType<typeof validateDocument> | undefined {
  const row = 'content' in from ? from : from.row(d.id);
  if (!row) return undefined;
  try {
    return validateDocument(bodyOfRow(row), context);
  } catch {
    return undefined;
  }
}

/** Whether an amount is over the signer's limit (the bank's word at login). */
function overLimit(signer: SignerRecord, amount: number | undefined): boolean {
  return signer.limit !== null && amount !== undefined && amount > signer.limit;
}

/** The signatures a document carries (a draft has none: not looked up, one query less per document of a batch). */
function givenOf(store: DocumentStore, d: Pick<StoredDocument, 'id' | 'status'>): DocumentSigner[] {
  return d.status === 'draft' ? [] : store.signers(d.id);
}

/** A draft's body as stored (a draft is not signed yet: its content is the row's JSON). */
function bodyOfRow(d: Pick<StoredDocument, 'kind' | 'version' | 'content'>): DocumentBody {
  return { kind: d.kind, version: d.version, content: JSON.parse(d.content) } as DocumentBody;
}

function candidateOfRow(d: DraftFacts | StoredDocument, source: Candidate['source']): Candidate {
  return { id: d.id, kind: d.kind, number: d.number, date: d.doc_date, amount: d.amount, counterparty: d.counterparty, missing: d.missing ? (JSON.parse(d.missing) as string[]) : [], source };
}

export function candidateOfBody(id: string, body: DocumentBody, missing: readonly string[]): Candidate {
  const s = summarizeDocument(body);
  const date = (body.content as { date?: unknown }).date;
  return { id, kind: body.kind, number: s.number ?? null, date: typeof date === 'string' ? date : null, amount: s.amount ?? null, counterparty: s.counterparty ?? null, missing: [...missing], source: 'awaiting' };
}
