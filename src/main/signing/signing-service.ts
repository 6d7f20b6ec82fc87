import { validateDocument, type DocumentBody } from '../../shared/bank-api/documents/index.ts';
import { readSignedDocument, signedDocumentBytes } from '../../shared/bank-api/documents/signed.ts';
import { formatRubles } from '../../shared/domain/money.ts';
import type { ValidationContext } from '../../shared/domain/validation.ts';
import { canAdd, missingSignatures, SIGNATURE_OF_ROLE, type Role, type SignatureKind } from '../../shared/bank-api/signing-policy.ts';
import { LocalizedError, type MessageKey } from '../../shared/i18n/index.ts';
import { audit } from '../audit/audit-log.ts';
import type { DocumentService } from '../documents/document-service.ts';
import { sql, type Db } from '../store/database.ts';
import { pinnedCa } from '../bank/trust.ts';
import { currentSession } from '../bank/session.ts';
import { verifyDetached } from '../../crypto/cms/verify.ts';
import type { Statement } from 'better-sqlite3';
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
  kind: string;
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
    for (const id of new Set(req.ids)) {
      let p: Planned | Skipped;
      try {
        if (!sql(this.db, 'SELECT 1 FROM documents WHERE id = ?').get(id)) await this.adopt(id);
        p = this.plan(id, signer, sigKind, context);
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
        for (const { p, cms } of batch) {
          if (this.store(p, cms, sigKind, serial, signer.name)) stored.push(p.id);
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

  /** Whether and how a document can take this signer's signature; the reason when it cannot. */
  private plan(id: string, signer: SignerRecord, sigKind: SignatureKind, context: ValidationContext): Planned | Skipped {
    const found = sql(this.db, 'SELECT status, kind, version, content, revision, amount, errors, validated_on, canonical, cms FROM documents WHERE id = ?').get(id) as
      | { status: string; kind: DocumentBody['kind']; version: number; content: string; revision: number; amount: number | null; errors: number; validated_on: string | null; canonical: Buffer | null; cms: Buffer | null }
      | undefined;
    if (!found) return { id, code: 'document.not-found', params: { id } };
    const amount = found.amount ?? undefined;
    if (signer.limit !== null && amount !== undefined && amount > signer.limit) return { id, code: 'signing.over-limit', params: { id, limit: formatRubles(signer.limit), amount: formatRubles(amount) } };
    if (found.status === 'draft') {
      const body = (): DocumentBody => ({ kind: found.kind, version: found.version, content: JSON.parse(found.content) }) as DocumentBody;
      // the rules as of today: counted when the draft was saved today, else run again (a draft valid yesterday may be out of date)
      const errors = found.validated_on === context.today && found.validated_on !== null ? found.errors : validateDocument(body(), context).errors.length;
      if (errors > 0) {
        const first = validateDocument(body(), context).errors[0];
        return { id, code: 'signing.has-errors', params: { id, count: errors, field: first?.field ?? '' } };
      }
      if (!canAdd(found.kind, amount, [], sigKind)) return { id, code: 'signing.not-needed', params: { id, kind: sigKind } };
      let bytes: Uint8Array | undefined;
      // the signed bytes name this document and the signer's company (the bank's ids): a
      // signature cannot be replayed under another id or by another company
      const binding = { id, companyId: signer.companyId! };
      return { id, kind: found.kind, amount, content: () => (bytes ??= signedDocumentBytes(binding, body())), given: [], draft: true, revision: found.revision };
    }
    const given = (sql(this.db, 'SELECT kind, certificate_serial FROM signatures WHERE document_id = ?').all(id) as { kind: SignatureKind; certificate_serial: string }[]);
    if (given.some((g) => g.certificate_serial === signer.certificateSerial)) return { id, code: 'signing.already-signed', params: { id } };
    const kinds = given.map((g) => g.kind);
    if (!['signed', 'sent'].includes(found.status) || !found.canonical || !found.cms || !canAdd(found.kind, amount, kinds, sigKind)) {
      return { id, code: 'signing.not-needed', params: { id, kind: sigKind } };
    }
    const canonical = found.canonical;
    // a second signature goes only onto bytes that name this document and this signer's company
    bodyOfCanonical(canonical, id, signer.companyId ?? undefined);
    return { id, kind: found.kind, amount, content: () => canonical, addTo: found.cms, given: kinds, draft: false, revision: found.revision };
  }

  /**
   * Takes a document a colleague submitted (it waits for our signature at the bank) into the
   * store, from the canonical bytes the bank sent: those bytes are what is shown and signed.
   */
  private async adopt(id: string): Promise<void> {
    const a = sql(this.db, 'SELECT canonical, cms, missing FROM awaiting WHERE id = ?').get(id) as { canonical: Buffer; cms: Buffer; missing: string } | undefined;
    if (!a) return;
    const body = bodyOfCanonical(a.canonical, id, currentCompanyId(this.db));
    const missing = JSON.parse(a.missing) as SignatureKind[];
    // the colleagues' signatures are checked here too, and who signed is taken from them
    const ca = pinnedCa(this.db);
    if (!ca) throw new LocalizedError('sync.login-needed');
    const report = await verifyDetached(a.canonical, a.cms, [ca], `document ${id}`);
    if (!report.ok) throw new LocalizedError('signing.colleague-signature-invalid', { id, reason: report.signers.flatMap((x) => x.problems.map((p) => p.message)).join('; ') });
    this.db.transaction(() => {
      this.documents.insert(id, body, { origin: 'bank' });
      sql(this.db, "UPDATE documents SET status = 'sent', canonical = ?, cms = ?, missing = ? WHERE id = ?").run(a.canonical, a.cms, JSON.stringify(missing), id);
      const amount = (sql(this.db, 'SELECT amount FROM documents WHERE id = ?').get(id) as { amount: number | null }).amount ?? undefined;
      // the signatures given are those the document needs and no longer misses, in the order signed
      const given = missingSignatures(body.kind, amount, []).filter((k) => !missing.includes(k));
      for (const [i, who] of report.signers.entries()) {
        sql(this.db, 'INSERT INTO signatures (document_id, seq, kind, certificate_serial, signer, signed_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, i + 1, given[i] ?? given.at(-1) ?? 'first', (who.serialNumber ?? '').toLowerCase(), who.subject ?? '', who.signingTime ?? '');
      }
      sql(this.db, 'DELETE FROM awaiting WHERE id = ?').run(id);
    })();
  }

  /** The statements a flush runs for each signature, prepared once: preparing costs more than running. */
  private get sql() {
    this.statements ??= {
      freeze: this.db.prepare("UPDATE documents SET status = 'signed', canonical = ?, cms = ?, missing = ?, updated_at = ? WHERE id = ? AND status = 'draft' AND revision = ?"),
      // the outbox sends the document's SignedData as it is when sent (cms left empty: no second copy)
      submit: this.db.prepare("INSERT INTO outbox (document_id, op, cms, state, next_attempt_at, created_at) VALUES (?, 'submit', x'', 'pending', ?, ?)"),
      // only over the SignedData this batch added to: a signer stored meanwhile (another batch) is not dropped
      addSigner: this.db.prepare('UPDATE documents SET cms = ?, missing = ?, updated_at = ? WHERE id = ? AND cms = ?'),
      pending: this.db.prepare("SELECT 1 FROM outbox WHERE document_id = ? AND state = 'pending'"),
      addSignature: this.db.prepare("INSERT INTO outbox (document_id, op, cms, state, next_attempt_at, created_at) VALUES (?, 'add-signature', x'', 'pending', ?, ?)"),
      signer: this.db.prepare('INSERT INTO signatures (document_id, seq, kind, certificate_serial, signer, signed_at) VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM signatures WHERE document_id = ?), ?, ?, ?, ?)'),
    };
    return this.statements;
  }

  private statements?: Record<'freeze' | 'submit' | 'addSigner' | 'pending' | 'addSignature' | 'signer', Statement>;

  /** One signature, its signer row and its outbox row; called inside the flush's transaction. False when the draft changed meanwhile. */
  private store(p: Planned, cms: Buffer, sigKind: SignatureKind, serial: string, name: string): boolean {
    const now = new Date().toISOString();
    const missing = JSON.stringify(missingSignatures(p.kind, p.amount, [...p.given, sigKind]));
    const q = this.sql;
    if (p.draft) {
      if (q.freeze.run(Buffer.from(p.content()), cms, missing, now, p.id, p.revision).changes !== 1) {
        // edited (or deleted) while the batch ran: this signature is for bytes that are no longer the draft
        return false;
      }
      q.submit.run(p.id, now, now);
    } else {
      if (q.addSigner.run(cms, missing, now, p.id, p.addTo).changes !== 1) return false;
      // something still to send carries every signer when it goes; once sent, the bank takes the new one
      if (!q.pending.get(p.id)) q.addSignature.run(p.id, now, now);
    }
    q.signer.run(p.id, p.id, sigKind, serial, name, now);
    return true;
  }
}

/**
 * The body behind signed bytes (the bank's, or our own), checked to be exactly their canonical
 * form and bound to this document id and, when known, to our company: a document the bank
 * lists under one id but whose bytes name another is never shown or signed.
 */
export function bodyOfCanonical(canonical: Uint8Array, id: string, companyId?: string): DocumentBody {
  const read = readSignedDocument(canonical);
  if (!read.ok) throw new LocalizedError('signing.canonical-invalid', { id, reason: read.reason, field: read.field });
  if (read.binding.id !== id || (companyId !== undefined && read.binding.companyId !== companyId)) {
    throw new LocalizedError('signing.canonical-invalid', { id, reason: 'binding', field: read.binding.id !== id ? 'id' : 'companyId' });
  }
  return read.body;
}

/** The bank's id of our company, from the session (undefined when not logged in). */
function currentCompanyId(db: Db): string | undefined {
  return currentSession(db)?.user.company.id;
}
