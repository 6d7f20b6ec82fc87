import { createHash } from 'node:crypto';
import type { BicDirectoryFacts } from '../shared/domain/bic-directory.ts';
import type { z } from 'zod';
import { CmsSigner } from '../crypto/cms/signer.ts';
import { softwareSource } from '../crypto/cms/signature-source.ts';
import { verifyDetached, type SignerReport, type VerifyReport } from '../crypto/cms/verify.ts';
import { certificateParts, derOf } from '../crypto/x509/certificate.ts';
import { canonicalize } from '../shared/domain/canonical-json.ts';
import { summarizeDocument, validateDocument, type DocumentBody } from '../shared/bank-api/documents/index.ts';
import { acceptSignedDocument, readSignedDocumentFor, signedDocumentJson, type DocumentBinding } from '../shared/bank-api/documents/signed.ts';
import type { AwaitingDocument, Change, DocumentState, ReceiptPayload } from '../shared/bank-api/documents-api.ts';
import { recallSignedBytes, type RecallRequestFields, type RecallState } from '../shared/bank-api/recall.ts';
import { signerDigests } from '../crypto/cms/signer-digests.ts';
import { issueMessage } from '../shared/i18n/validation.ts';
import type { BankCa } from './ca.ts';
import type { BankClock } from './clock.ts';
import { ApiProblem } from './http.ts';
import type { Caller, Identity } from './identity.ts';
import { canAdd, missingSignatures, SIGNATURE_OF_ROLE, type Role, type SignatureKind } from '../shared/bank-api/signing-policy.ts';
import { OperationQueue } from '../crypto/pkcs11/operation-queue.ts';
import { LIMITS, type CheckBudget } from '../crypto/x509/path/index.ts';
import { HOME_BANK, type Portfolio, type StatementCounterparty } from './portfolio.ts';
import { getSetting, setSetting, sql, type Db } from './store.ts';
import { refilled, type Bucket } from './rate-limit.ts';

/** A party of a signed payment order (or a contract's requisites) as execution reads it. */
interface SignedParty {
  name?: string;
  inn?: string;
  kpp?: string;
  account?: string;
  bank?: { name?: string; bic?: string; corrAccount?: string };
}

type Status = DocumentState['status'];
type Holder = NonNullable<ReturnType<Identity['holderOf']>>;
type VerifiedSigner = SignerReport;

interface RecallRow {
  request: Buffer;
  cms: Buffer;
  status: 'accepted';
  reason: string;
  requested_at: string;
  decided_at: string;
}

/** Statuses a document can no longer be recalled from. */
const FINAL: readonly Status[] = ['executed', 'rejected', 'recalled'];


interface DocumentRow {
  id: string;
  company_id: string;
  kind: string;
  amount: number | null;
  canonical: Buffer;
  cms: Buffer;
  status: Status;
  rejection_code: string | null;
  rejection_reason: string | null;
  received_at: string;
  updated_at: string;
  next_step_at: string | null;
}

interface SignatureRow {
  certificate_sha256: string;
  certificate_serial: string;
  user_id: string;
  kind: SignatureKind;
  signed_at: string;
}

/** A signing time may run this far ahead of the bank's clock, and be at most this old. */
const SIGNING_TIME_SKEW_MS = 5 * 60_000;
const SIGNING_TIME_MAX_AGE_MS = 24 * 3_600_000;

/** How long the simulated bank takes between statuses. */
const STEP_MS = { delivered: 60_000, accepted: 4 * 60_000 };

/** The setting that says every receipt is in today's form (with cursor, previous cursor, company and signers). */
const RECEIPT_FORM = 'receipts.form';

/** A row of the changes feed. */
interface ChangeRow {
  cursor: number;
  company_id: string;
  document_id: string;
  status: Status;
  at: string;
  rejection_code: string | null;
  rejection_reason: string | null;
}

type Submitted = { created: boolean; state: z.infer<typeof DocumentState> };

/** A PUT of a document waiting for its group commit, with the promise its request awaits. */
interface Submission {
  caller: Caller;
  id: string;
  json: unknown;
  signatureB64: string;
  resolve: (r: Submitted) => void;
  reject: (e: unknown) => void;
}

/** A submission read and verified: refused already (schema, binding), or its bytes and its signature check's report (or refusal). */
type Prepared = { s: Submission; refused: unknown } | { s: Submission; body: DocumentBody; canonical: Buffer; cms: Buffer; report: VerifyReport | ApiProblem };

/** At most this many submissions in one group commit (one transaction, one fsync). */
const GROUP_MAX = 256;

/**
 * Candidate issuers the bank examines (each at most one signature check, up to RSA-8192) for the
 * signatures a company sends (documents, added signatures, recalls, letters): a bucket per
 * company of one SignedData's whole budget and one for each submission of a full group, refilled
 * at `perSecond` (a signer of this bank costs one, the first
 * time only; later its path is cached). A company whose signatures make the bank examine more
 * (made-up CAs, each checked in vain: 64 checks of RSA-8192 an item, twelve seconds of a batch of
 * 8 MiB in which no other request was answered, and as many batches as the rate limit lets
 * through) has its further signatures refused as rate-limited, unchecked, until the bucket
 * refills; other companies' submissions are not affected.
 */
const CANDIDATE_CHECKS = { burst: LIMITS.maxCandidateChecks + GROUP_MAX, perSecond: 100 } as const;

/** A refused document's answer names at most this many of its schema problems (and how many there were). */
const SCHEMA_PROBLEMS_SHOWN = 50;

/**
 * Wider than any document the schemas take (an object of at most a few dozen fields, lists of at
 * most 1,000): a document beyond these is refused before its schema is checked, which costs
 * about 6 µs a problem (a document of 150,000 unknown fields held the bank 0.9 s).
 */
const DOCUMENT_SHAPE_MAX = { fields: 200, items: 1_000, values: 20_000 } as const;

/** Where `json` is wider or larger than DOCUMENT_SHAPE_MAX allows (its path, '' for the whole), or undefined. Iterative: depth costs no stack. */
function oversizedAt(json: unknown): string | undefined {
  const stack: { v: unknown; path: string }[] = [{ v: json, path: '' }];
  let values = 0;
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    if (++values > DOCUMENT_SHAPE_MAX.values) return path;
    if (v === null || typeof v !== 'object') continue;
    const keys = Object.keys(v);
    if (keys.length > (Array.isArray(v) ? DOCUMENT_SHAPE_MAX.items : DOCUMENT_SHAPE_MAX.fields)) return path;
    for (const k of keys) stack.push({ v: (v as Record<string, unknown>)[k], path: path ? `${path}.${k}` : k });
  }
  return undefined;
}

/** A signer of a submitted SignedData that the bank accepts: who, with which certificate and signature value, when. */
interface AcceptedSigner {
  certificateSha256: string;
  serial: string;
  userId: string;
  kind: SignatureKind;
  signedAt: string;
  signatureSha256: string;
  /** The serial of the certificate this one renewed, if it did. */
  supersedes: string | null;
}

/**
 * Documents at the bank: idempotent submission under the client's id, every signature checked
 * (CMS over the canonical bytes, chain, revocation, validity at signing time, the signer's
 * company, role, limit and the policy), the two-person rule across machines, statuses that move
 * on the bank's clock, and a receipt the bank signs for every change.
 */
export class Documents {
  private readonly receiptSigner: CmsSigner;

  constructor(
    private readonly db: Db,
    private readonly clock: BankClock,
    private readonly ca: BankCa,
    private readonly identity: Identity,
    private readonly portfolio: Portfolio,
    /** The BIC directory the bank publishes: its validators check the parties' banks against it, as the client's do. */
    private readonly directory?: () => BicDirectoryFacts,
  ) {
    // the receipts key is the CA's algorithm: ECDSA (KeyObject) or a GOST software key
    this.receiptSigner = new CmsSigner(softwareSource(ca.receipts.signingKey), certificateParts(derOf(ca.receipts.cert)));
  }

  private row(companyId: string, id: string): DocumentRow {
    const row = sql(this.db, 'SELECT * FROM documents WHERE id = ? AND company_id = ?').get(id, companyId) as DocumentRow | undefined;
    if (!row) throw new ApiProblem('not-found', 'no such document');
    return row;
  }

  private signatures(companyId: string, id: string): SignatureRow[] {
    return sql(this.db, 'SELECT * FROM document_signatures WHERE company_id = ? AND document_id = ? ORDER BY signed_at').all(companyId, id) as SignatureRow[];
  }

  /** GET /v1/documents/{id}: ids are per company, so another company's id is simply not found. */
  state(companyId: string, id: string): z.infer<typeof DocumentState> {
    const row = this.row(companyId, id);
    const sigs = this.signatures(companyId, id);
    return {
      id: row.id,
      kind: row.kind,
      status: row.status,
      missing: row.status === 'signed' ? missingSignatures(row.kind, row.amount ?? undefined, sigs.map((s) => s.kind)) : [],
      signers: sigs.map((s) => ({
        name: (sql(this.db, 'SELECT name FROM users WHERE id = ?').get(s.user_id) as { name: string }).name,
        kind: s.kind,
        certificateSerial: s.certificate_serial,
        certificateSha256: s.certificate_sha256,
        signedAt: s.signed_at,
      })),
      ...(row.rejection_code ? { rejection: { code: row.rejection_code, reason: row.rejection_reason ?? '' } } : {}),
      receivedAt: row.received_at,
      updatedAt: row.updated_at,
    };
  }

  /**
   * The signature check alone (CMS over the signed bytes, chain, validity at signing time): it
   * reads nothing of the bank's state. Every signature a company sends (documents, added
   * signatures, recalls, letters) draws on its bucket of candidate issuers (CANDIDATE_CHECKS);
   * an empty bucket refuses it unchecked as rate-limited.
   */
  private async verifySignature(companyId: string, canonical: Uint8Array, cms: Buffer): Promise<VerifyReport> {
    const bucket = this.checkBucket(companyId);
    if (bucket.tokens <= 0) {
      const wait = Math.max(1, Math.ceil((1 - bucket.tokens) / CANDIDATE_CHECKS.perSecond));
      throw new ApiProblem('rate-limited', `the signatures this company sent made the bank examine more candidate issuers than the ${CANDIDATE_CHECKS.burst} (and ${CANDIDATE_CHECKS.perSecond} a second) it examines for a company; this one was not checked: send it again in ${wait} s`);
    }
    const budget: CheckBudget = { examined: 0 };
    // the check runs synchronously up to its first await: what it examined is counted before the next check starts
    const checking = verifyDetached(canonical, cms, [this.ca.certificateDer], 'signature', budget);
    bucket.tokens -= budget.examined;
    try {
      return await checking;
    } catch (e) {
      throw new ApiProblem('signature-invalid', (e as Error).message);
    }
  }

  /**
   * Checks every signer of `cms` over `canonical` and returns those not yet recorded. Any
   * signer that fails makes the whole submission fail: the bank never keeps half a decision.
   */
  private async checkSigners(caller: Caller, kind: string, amount: number | undefined, canonical: Uint8Array, cms: Buffer, already: SignatureRow[]): Promise<AcceptedSigner[]> {
    return this.decideSigners(caller, kind, amount, cms, await this.verifySignature(caller.company.id, canonical, cms), already);
  }

  /**
   * What the bank decides of the verified signers of `cms` on its state now (synchronous, so that
   * a group of submissions decides one after another inside one transaction): those not yet
   * recorded, each of this bank, of the caller's company, not revoked, with the right and the
   * limit, the signature value never accepted before, and the policy.
   */
  private decideSigners(caller: Caller, kind: string, amount: number | undefined, cms: Buffer, report: VerifyReport, already: SignatureRow[]): AcceptedSigner[] {
    const given = already.map((s) => s.kind);
    const added: AcceptedSigner[] = [];
    // the SignedData kept is the one sent now: it must still carry everyone who signed before
    const present = new Set(report.signers.map((s) => s.certificateSha256));
    const dropped = already.find((a) => !present.has(a.certificate_sha256));
    if (dropped) throw new ApiProblem('signature-invalid', `the signature no longer carries the earlier signer with certificate ${dropped.certificate_serial}`);
    const values = signerDigests(cms);
    const now = this.clock.now();
    for (const s of report.signers) {
      const who = `signer ${s.index + 1} (${s.subject ?? 'unknown'})`;
      if (!s.ok) throw new ApiProblem('signature-invalid', `${who}: ${s.problems.map((p) => p.message).join('; ')}`);
      const certificateSha256 = s.certificateSha256!;
      if (already.some((a) => a.certificate_sha256 === certificateSha256)) continue;
      const holder = this.holderOf(s, who);
      const signatureSha256 = values[s.index]?.signatureSha256;
      if (!signatureSha256) throw new ApiProblem('signature-invalid', `${who}: the signature value cannot be read`);
      // a signature value accepted once is never accepted again (the bound bytes already make it
      // fail for another document; this holds even where a binding check were ever missed)
      const used = sql(this.db, 'SELECT document_id FROM document_signatures WHERE signature_sha256 = ?').get(signatureSha256) as { document_id: string } | undefined;
      if (used) throw new ApiProblem('signature-replayed', `${who}: this signature was accepted already for another document`);
      const sigKind = this.vouch(caller, holder, s, who, now);
      if (amount !== undefined && holder.user.limit_kopecks !== null && amount > holder.user.limit_kopecks) {
        throw new ApiProblem('amount-over-limit', `${who} may sign up to ${holder.user.limit_kopecks} kopecks; the document is for ${amount}`);
      }
      if (added.some((a) => a.userId === holder.user.id) || already.some((a) => a.user_id === holder.user.id)) {
        throw new ApiProblem('signer-not-authorised', `${who} has signed this document already`);
      }
      if (!canAdd(kind, amount, [...given, ...added.map((a) => a.kind)], sigKind)) {
        throw new ApiProblem('signer-not-authorised', `${who} gives a ${sigKind} signature, which this document does not need now`);
      }
      added.push({ certificateSha256, serial: holder.serial, userId: holder.user.id, kind: sigKind, signedAt: s.signingTime ?? this.clock.now().toISOString(), signatureSha256, supersedes: holder.supersedes });
    }
    return added;
  }

  /** The holder of exactly the certificate bytes a verified signer used: a look-alike with a copied serial and issuer is unknown here. */
  private holderOf(s: VerifiedSigner, who: string): Holder {
    if (!s.ok) throw new ApiProblem('signature-invalid', `${who}: ${s.problems.map((p) => p.message).join('; ')}`);
    const holder = this.identity.holderOf(s.certificateSha256!);
    if (!holder) throw new ApiProblem('signature-invalid', `${who}: the certificate was not issued by this bank`);
    return holder;
  }

  /**
   * What every signature the bank takes must hold of its signer, a document's or a recall
   * request's: the certificate not revoked and valid on the bank's clock, the signing time within
   * a day before the bank's time, the signer of the caller's company and with a right to sign.
   * Returns the kind of signature the signer gives.
   */
  private vouch(caller: Caller, holder: Holder, s: VerifiedSigner, who: string, now: Date): SignatureKind {
    if (holder.revokedAt && holder.revokedAt <= (s.signingTime ?? now.toISOString())) {
      throw new ApiProblem('certificate-revoked', `${who}: the certificate was revoked at ${holder.revokedAt}`);
    }
    if (holder.revokedAt) throw new ApiProblem('certificate-revoked', `${who}: the certificate is revoked`);
    // validity on the bank's clock, not only at the signing time the signer wrote down
    if (now.toISOString() < holder.notBefore || now.toISOString() > holder.notAfter) {
      throw new ApiProblem('certificate-expired', `${who}: the certificate is valid from ${holder.notBefore} to ${holder.notAfter}`);
    }
    const signedAt = s.signingTime ? Date.parse(s.signingTime) : Number.NaN;
    if (!(signedAt <= now.getTime() + SIGNING_TIME_SKEW_MS && signedAt >= now.getTime() - SIGNING_TIME_MAX_AGE_MS)) {
      throw new ApiProblem('signature-invalid', `${who}: the signing time ${s.signingTime ?? '(none)'} is not within a day before the bank's time ${now.toISOString()}`);
    }
    if (holder.companyId !== caller.company.id) throw new ApiProblem('signer-not-authorised', `${who} does not sign for this company`);
    const sigKind = SIGNATURE_OF_ROLE[holder.user.role as Role];
    if (!sigKind) throw new ApiProblem('signer-not-authorised', `${who} prepares documents but has no right to sign`);
    return sigKind;
  }

  /** Submissions and added signatures one at a time: each decides on the state the one before left. */
  private readonly writes = new OperationQueue();

  /** Each company's bucket of candidate issuers the bank will still examine for it (CANDIDATE_CHECKS); one entry a company. */
  private readonly checkBuckets = new Map<string, Bucket>();

  /** Submissions waiting for the next group commit. */
  private pending: Submission[] = [];
  /** A group commit is queued (on `writes`) that will take what is pending. */
  private groupQueued = false;

  /**
   * PUT /v1/documents/{id}: same id and bytes answer the same; other bytes under the id are a
   * conflict. Submissions that arrive together are committed together (group commit): each is
   * parsed and its signature verified, then all are decided one after another, in the order they
   * came, inside one transaction (one fsync with synchronous=FULL), each in a savepoint of its
   * own so that a refused one leaves no trace and the others stand; every answer is given only
   * after the commit that holds it. The receipts are signed inside that transaction.
   */
  submit(caller: Caller, id: string, json: unknown, signatureB64: string): Promise<Submitted> {
    return new Promise<Submitted>((resolve, reject) => {
      this.pending.push({ caller, id, json, signatureB64, resolve, reject });
      this.queueGroup();
    });
  }

  /**
   * POST /v1/documents/batch: each submission exactly as submit() takes it, all queued in the same
   * turn so that they share a group commit; each settles on its own (its state or its refusal).
   */
  submitMany(caller: Caller, items: readonly { id: string; document: unknown; signature: string }[]): Promise<PromiseSettledResult<Submitted>[]> {
    return Promise.allSettled(items.map((it) => this.submit(caller, it.id, it.document, it.signature)));
  }

  private queueGroup(): void {
    if (this.groupQueued || this.pending.length === 0) return;
    this.groupQueued = true;
    void this.writes.run(() => this.commitGroup());
  }

  /** One group commit: what is pending now (up to GROUP_MAX); what arrives meanwhile goes in the next. */
  private async commitGroup(): Promise<void> {
    // one turn of the event loop first: the requests whose bytes have arrived meanwhile (while
    // the last group's commit waited for its fsync) are parsed and join this group
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.groupQueued = false;
    const group = this.pending.splice(0, GROUP_MAX);
    this.queueGroup(); // more than GROUP_MAX were waiting: the rest go next
    // first what needs no state of the bank: the schema, the binding, the signature check
    // (one submission's unexpected failure is its own answer: no request of the group is left waiting)
    const prepared = await Promise.all(group.map((s) => this.prepare(s).catch((error: unknown): Prepared => ({ s, refused: error }))));
    const outcomes: ({ ok: true; value: Submitted } | { ok: false; error: unknown })[] = [];
    try {
      this.db.transaction(() => {
        for (const p of prepared) {
          try {
            // a savepoint per submission: a refusal rolls back only its own writes
            outcomes.push({ ok: true, value: this.db.transaction(() => this.decide(p))() });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      })();
    } catch (error) {
      // the commit failed: nothing of the group is stored, and each is told so
      for (const s of group) s.reject(error);
      return;
    }
    group.forEach((s, i) => {
      const o = outcomes[i]!;
      if (o.ok) s.resolve(o.value);
      else s.reject(o.error);
    });
  }

  /** The company's bucket of candidate checks, refilled up to now (real time: the bank's clock is simulated). */
  private checkBucket(companyId: string): Bucket {
    const b = refilled(this.checkBuckets.get(companyId), CANDIDATE_CHECKS, Date.now());
    this.checkBuckets.set(companyId, b);
    return b;
  }

  /** A submission read and its signature verified, before the bank's state is looked at. */
  private async prepare(s: Submission): Promise<Prepared> {
    const oversized = oversizedAt(s.json);
    if (oversized !== undefined) {
      const field = oversized || 'document';
      return { s, refused: new ApiProblem('validation-failed', 'the document is larger than any the bank takes', [{ field, code: 'structure.invalid', message: issueMessage('en', { field, code: 'structure.invalid', severity: 'error' }), messageRu: issueMessage('ru', { field, code: 'structure.invalid', severity: 'error' }) }]) };
    }
    const accepted = acceptSignedDocument(s.json, { id: s.id, companyId: s.caller.company.id });
    if (!accepted.ok && accepted.reason === 'schema') {
      // the first problems only: a document of 150,000 unknown fields made an answer of 15 times its size, in memory at once
      const shown = accepted.problems.slice(0, SCHEMA_PROBLEMS_SHOWN);
      const more = accepted.problems.length - shown.length;
      return {
        s,
        refused: new ApiProblem(
          'validation-failed',
          more > 0 ? `the document does not match its schema (the first ${shown.length} of ${accepted.problems.length} problems)` : 'the document does not match its schema',
          shown.map((p) => ({ field: p.field, code: p.code, message: p.message.en, messageRu: p.message.ru })),
        ),
      };
    }
    // the signed bytes name the document and the company: a signature made for another id or
    // another company cannot be submitted here, whoever sends it
    if (!accepted.ok) {
      return { s, refused: new ApiProblem('document-binding-mismatch', accepted.field === 'id' ? `the signed document names id ${accepted.named}; it was submitted as ${s.id}` : `the signed document names another company (${accepted.named}) than the caller's`) };
    }
    const { body, bytes: canonical } = accepted;
    const cms = Buffer.from(s.signatureB64, 'base64');
    let report: VerifyReport | ApiProblem;
    try {
      report = await this.verifySignature(s.caller.company.id, canonical, cms);
    } catch (e) {
      report = e instanceof ApiProblem ? e : new ApiProblem('signature-invalid', (e as Error).message);
    }
    return { s, body, canonical: Buffer.from(canonical), cms, report };
  }

  /** One submission decided on the state the ones before it left (synchronous: inside the group's transaction). */
  private decide(p: Prepared): Submitted {
    if ('refused' in p) throw p.refused;
    const { s, body, canonical, cms, report } = p;
    const { caller, id } = s;
    const existing = sql(this.db, 'SELECT * FROM documents WHERE company_id = ? AND id = ?').get(caller.company.id, id) as DocumentRow | undefined;
    if (existing) {
      if (!existing.canonical.equals(canonical)) throw new ApiProblem('document-conflict', `a different document was submitted under ${id}`);
      if (report instanceof ApiProblem) throw report;
      const added = this.decideSigners(caller, existing.kind, existing.amount ?? undefined, cms, report, this.signatures(caller.company.id, id));
      // as POST .../signatures: only a document still waiting for signatures takes one (a recalled
      // one would otherwise be completed, delivered and executed by its missing signature)
      if (added.length > 0 && existing.status !== 'signed') throw new ApiProblem('document-conflict', `the document is ${existing.status}; it takes no more signatures`);
      if (added.length > 0) this.record(existing, added, cms);
      return { created: false, state: this.state(caller.company.id, id) };
    }
    if (report instanceof ApiProblem) throw report;
    const amount = summarizeDocument(body).amount;
    const added = this.decideSigners(caller, body.kind, amount, cms, report, []);
    if (added.length === 0) throw new ApiProblem('signature-invalid', 'the document carries no signature');
    const now = this.clock.now().toISOString();
    sql(this.db, "INSERT INTO documents (id, company_id, kind, amount, canonical, cms, status, received_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'signed', ?, ?)").run(id, caller.company.id, body.kind, amount ?? null, canonical, cms, now, now);
    // the row just written, as it reads back (no query for it)
    const row: DocumentRow = { id, company_id: caller.company.id, kind: body.kind, amount: amount ?? null, canonical, cms, status: 'signed', rejection_code: null, rejection_reason: null, received_at: now, updated_at: now, next_step_at: null };
    this.record(row, added, cms);
    return { created: true, state: this.state(caller.company.id, id) };
  }

  /** POST /v1/documents/{id}/signatures: another signer, perhaps on another machine. */
  addSignature(caller: Caller, id: string, signatureB64: string): Promise<z.infer<typeof DocumentState>> {
    return this.writes.run(() => this.addSignatureNow(caller, id, signatureB64));
  }

  private async addSignatureNow(caller: Caller, id: string, signatureB64: string): Promise<z.infer<typeof DocumentState>> {
    const row = this.row(caller.company.id, id);
    if (row.status !== 'signed') throw new ApiProblem('document-conflict', `the document is ${row.status}; it takes no more signatures`);
    const cms = Buffer.from(signatureB64, 'base64');
    const added = await this.checkSigners(caller, row.kind, row.amount ?? undefined, row.canonical, cms, this.signatures(caller.company.id, id));
    if (added.length === 0) throw new ApiProblem('signature-invalid', 'no new signer in this signature');
    this.record(row, added, cms);
    return this.state(caller.company.id, id);
  }

  /**
   * POST /v1/documents/{id}/recall: a signed request to recall a document not yet executed,
   * decided at once. The request names the document by id and by the digest of its signed bytes
   * as the bank holds them; its signature is checked as a document's signer is (vouch): the
   * certificate the bank issued, not revoked, valid, a signing time within the day, the caller's
   * company and a right to sign. The same signed request again answers the same; a request for a
   * document already executed, rejected or recalled (by another request) is recall-too-late and
   * changes nothing.
   */
  recall(caller: Caller, id: string, request: RecallRequestFields, signatureB64: string): Promise<RecallState> {
    return this.writes.run(() => this.recallNow(caller, id, request, signatureB64));
  }

  private async recallNow(caller: Caller, id: string, request: RecallRequestFields, signatureB64: string): Promise<RecallState> {
    const row = this.row(caller.company.id, id); // another company's document is simply not found
    if (request.documentId !== id) throw new ApiProblem('document-binding-mismatch', `the recall request names document ${request.documentId}; it was sent for ${id}`);
    const digest = createHash('sha256').update(row.canonical).digest('hex');
    if (request.documentDigest !== digest) throw new ApiProblem('document-binding-mismatch', `the recall request names a document whose signed bytes have SHA-256 ${request.documentDigest}; document ${id} has ${digest}`);
    const bytes = Buffer.from(recallSignedBytes(request));
    const cms = Buffer.from(signatureB64, 'base64');
    const kept = sql(this.db, 'SELECT * FROM recalls WHERE company_id = ? AND document_id = ?').get(caller.company.id, id) as RecallRow | undefined;
    // the very request accepted before: the same answer (it was checked when it came)
    if (kept && kept.request.equals(bytes) && kept.cms.equals(cms)) return this.recallState(id, kept, row.status);
    // the time the request says it was asked is kept and shown as such: held to the signing time's
    // window on the bank's clock, so a request cannot be dated before (or after) it was made
    const asked = Date.parse(request.requestedAt);
    const now = this.clock.now().getTime();
    if (!(asked <= now + SIGNING_TIME_SKEW_MS && asked >= now - SIGNING_TIME_MAX_AGE_MS)) {
      throw new ApiProblem('validation-failed', `the recall request was asked at ${request.requestedAt}, not within a day before the bank's time ${new Date(now).toISOString()}`, [
        { field: 'request.requestedAt', code: 'out-of-range', message: 'not within a day before the bank time' },
      ]);
    }
    const report = await this.verifySignature(caller.company.id, bytes, cms);
    if (report.signers.length !== 1) throw new ApiProblem('signature-invalid', `a recall request carries one signature; this one has ${report.signers.length}`);
    const s = report.signers[0]!;
    const who = `the signer (${s.subject ?? 'unknown'})`;
    const holder = this.holderOf(s, who);
    this.vouch(caller, holder, s, who, this.clock.now());
    if (FINAL.includes(row.status)) throw new ApiProblem('recall-too-late', `document ${id} is ${row.status}; it can no longer be recalled`);
    const decidedAt = this.clock.now().toISOString();
    this.db.transaction(() => {
      sql(this.db, "INSERT INTO recalls (company_id, document_id, request, cms, user_id, status, reason, requested_at, decided_at) VALUES (?, ?, ?, ?, ?, 'accepted', ?, ?, ?)").run(caller.company.id, id, bytes, cms, holder.user.id, request.reason, request.requestedAt, decidedAt);
      this.transition(row, 'recalled');
    })();
    return this.recallState(id, sql(this.db, 'SELECT * FROM recalls WHERE company_id = ? AND document_id = ?').get(caller.company.id, id) as RecallRow, 'recalled');
  }

  private recallState(id: string, r: RecallRow, documentStatus: Status): RecallState {
    return { documentId: id, status: r.status, documentStatus, reason: r.reason, requestedAt: r.requested_at, decidedAt: r.decided_at };
  }

  /** Stores new signers and the SignedData holding them; a complete document is delivered. */
  private record(row: DocumentRow, added: AcceptedSigner[], cms: Buffer): void {
    this.db.transaction(() => {
      const insert = sql(this.db, 'INSERT INTO document_signatures (company_id, document_id, certificate_sha256, certificate_serial, user_id, kind, signed_at, signature_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
      for (const a of added) {
        insert.run(row.company_id, row.id, a.certificateSha256, a.serial, a.userId, a.kind, a.signedAt, a.signatureSha256);
        this.identity.supersedePredecessor(a); // a renewed certificate's first signature supersedes the one it renewed
      }
      sql(this.db, 'UPDATE documents SET cms = ? WHERE company_id = ? AND id = ?').run(cms, row.company_id, row.id);
      const missing = missingSignatures(row.kind, row.amount ?? undefined, this.signatures(row.company_id, row.id).map((s) => s.kind));
      this.transition(row, missing.length === 0 ? 'delivered' : 'signed');
    })();
  }

  /** Moves a document to a status, schedules its next step, and writes the signed receipt to the changes feed. */
  private transition(row: DocumentRow, status: Status, rejection?: { code: string; reason: string }): void {
    const now = this.clock.now();
    const at = now.toISOString();
    const step = status === 'delivered' ? STEP_MS.delivered : status === 'accepted' ? STEP_MS.accepted : undefined;
    sql(this.db, 'UPDATE documents SET status = ?, rejection_code = ?, rejection_reason = ?, updated_at = ?, next_step_at = ? WHERE company_id = ? AND id = ?').run(status, rejection?.code ?? null, rejection?.reason ?? null, at, step ? new Date(now.getTime() + step).toISOString() : null, row.company_id, row.id);
    // the change and its signed receipt are written with the status, in the same transaction
    const { lastInsertRowid } = sql(this.db, "INSERT INTO changes (company_id, document_id, status, at, rejection_code, rejection_reason, payload) VALUES (?, ?, ?, ?, ?, ?, x'')").run(
      row.company_id,
      row.id,
      status,
      at,
      rejection?.code ?? null,
      rejection?.reason ?? null,
    );
    const payload = this.receiptPayload({ cursor: Number(lastInsertRowid), company_id: row.company_id, document_id: row.id, status, at, rejection_code: rejection?.code ?? null, rejection_reason: rejection?.reason ?? null }, row.canonical);
    sql(this.db, 'UPDATE changes SET payload = ?, signature = ? WHERE cursor = ?').run(payload, this.receiptSigner.signSync(payload, { signingTime: now }), lastInsertRowid);
  }

  /**
   * What a receipt signs: the change with its cursor and the cursor of the company's change
   * before it (the receipts chain: a man in the middle can neither move the client's place in
   * the feed nor drop a change unseen), the company, the digest of the signed document bytes,
   * and every signature the bank holds for it, by certificate bytes.
   */
  private receiptPayload(c: ChangeRow, canonical: Buffer): Buffer {
    const previous = (sql(this.db, 'SELECT MAX(cursor) AS p FROM changes WHERE company_id = ? AND cursor < ?').get(c.company_id, c.cursor) as { p: number | null }).p ?? 0;
    const receipt: ReceiptPayload = {
      cursor: c.cursor,
      previous,
      documentId: c.document_id,
      companyId: c.company_id,
      documentSha256: createHash('sha256').update(canonical).digest('hex'),
      status: c.status,
      at: c.at,
      ...(c.rejection_code ? { rejection: { code: c.rejection_code, reason: c.rejection_reason ?? '' } } : {}),
      signers: this.signatures(c.company_id, c.document_id).map((s) => ({ certificateSha256: s.certificate_sha256, kind: s.kind })),
    };
    return Buffer.from(canonicalize(receipt), 'utf8');
  }

  /**
   * Signs, at start, the receipts a bank of an older version left unsigned (it signed after the
   * commit, and could crash in between) or signed in an older form (without the cursor, the
   * company and the signers): each is written again in today's form. Every change now carries
   * its receipt from the transaction that wrote it (see transition).
   */
  async signReceipts(): Promise<void> {
    // the whole feed is looked through once, for the older form; after that only unsigned rows (indexed)
    const upgraded = getSetting(this.db, RECEIPT_FORM) === '3';
    const stale = (upgraded
      ? sql(this.db, 'SELECT * FROM changes WHERE signature IS NULL ORDER BY cursor').all()
      : sql(this.db, `SELECT * FROM changes WHERE signature IS NULL OR instr(CAST(payload AS TEXT), '"previous":') = 0 ORDER BY cursor`).all()) as ChangeRow[];
    if (stale.length === 0) {
      if (!upgraded) setSetting(this.db, RECEIPT_FORM, '3');
      return;
    }
    const canonical = sql(this.db, 'SELECT canonical FROM documents WHERE company_id = ? AND id = ?');
    const payloads = stale.map((c) => this.receiptPayload(c, (canonical.get(c.company_id, c.document_id) as { canonical: Buffer }).canonical));
    const signed = await this.receiptSigner.signMany(payloads, { signingTime: this.clock.now() });
    const update = sql(this.db, 'UPDATE changes SET payload = ?, signature = ? WHERE cursor = ?');
    this.db.transaction(() => {
      stale.forEach((c, i) => signed.signatures[i] && update.run(payloads[i], signed.signatures[i], c.cursor));
      setSetting(this.db, RECEIPT_FORM, '3');
    })();
  }

  /** Moves every document whose next step is due on the bank's clock: delivered -> accepted/rejected -> executed. */
  async process(): Promise<void> {
    const now = this.clock.now().toISOString();
    const due = sql(this.db, 'SELECT * FROM documents WHERE next_step_at IS NOT NULL AND next_step_at <= ? ORDER BY next_step_at').all(now) as DocumentRow[];
    if (due.length === 0) return;
    // every step due now in one transaction (one fsync), each document's step in a savepoint of its own
    this.db.transaction(() => {
      for (const row of due) {
        this.db.transaction(() => {
          if (row.status === 'delivered') {
            const rejection = this.businessCheck(row);
            this.transition(row, rejection ? 'rejected' : 'accepted', rejection);
          } else if (row.status === 'accepted') {
            // funds are checked again when the money moves: other payments may have gone first
            const short = this.fundsProblem(row, this.bodyOf(row));
            if (short) this.transition(row, 'rejected', short);
            else {
              this.execute(row);
              this.transition(row, 'executed');
            }
          }
        })();
      }
    })();
  }

  /** A stored document's binding and body, read back by the same strict round trip as everywhere. */
  private signedOf(row: DocumentRow): { binding: DocumentBinding; body: DocumentBody } {
    const read = readSignedDocumentFor(row.canonical, { id: row.id, companyId: row.company_id });
    if (!read.ok) throw new Error(`stored document ${row.id} no longer reads (${read.reason} ${read.field})`);
    return read;
  }

  private bodyOf(row: DocumentRow): DocumentBody {
    return this.signedOf(row).body;
  }

  /** The bank's own checks after delivery: the shared validators, then the demo rules (known account, funds). */
  private businessCheck(row: DocumentRow): { code: string; reason: string } | undefined {
    const body = this.bodyOf(row);
    const result = validateDocument(body, { today: this.clock.now().toISOString().slice(0, 10), ...(this.directory ? { bicDirectory: this.directory() } : {}) });
    if (!result.ok) return { code: 'validation-failed', reason: result.errors.map((e) => issueMessage('ru', e)).join('; ') };
    const instalment = this.instalmentProblem(row, body);
    if (instalment) return instalment;
    return this.fundsProblem(row, body);
  }

  /** The payer's account must be the company's, here, with the amount on it. */
  private fundsProblem(row: DocumentRow, body: DocumentBody): { code: string; reason: string } | undefined {
    const payer = this.payerAccount(body);
    if (!payer) return undefined;
    const account = this.portfolio.accountByNumber(row.company_id, payer);
    if (!account) return { code: 'account-unknown', reason: `счёт ${payer} не открыт в банке на эту организацию` };
    if (account.balance < (row.amount ?? 0)) return { code: 'insufficient-funds', reason: `на счёте ${payer} недостаточно средств` };
    return undefined;
  }

  /** A leasing payment or repayment of an instalment must name an unpaid instalment of the company's contract, for its amount. */
  private instalmentProblem(row: DocumentRow, body: DocumentBody): { code: string; reason: string } | undefined {
    if (body.kind !== 'leasing-payment' && body.kind !== 'loan-repayment') return undefined;
    const c = body.content as { contractId: string; instalment?: { number: number; dueDate: string }; amount: number };
    if (!c.instalment) return undefined;
    const item = this.portfolio.instalment(row.company_id, c.contractId, c.instalment.number);
    if (!item) return { code: 'instalment-unknown', reason: `в договоре ${c.contractId} нет платежа № ${c.instalment.number}` };
    if (item.paid) return { code: 'instalment-paid', reason: `платёж № ${c.instalment.number} по договору ${c.contractId} уже оплачен` };
    if (item.total !== c.amount || item.dueDate !== c.instalment.dueDate) {
      return { code: 'instalment-mismatch', reason: `платёж № ${c.instalment.number} по договору ${c.contractId}: ${item.total} коп. со сроком ${item.dueDate}` };
    }
    return undefined;
  }

  /** The account a document debits: the payer of a payment order, leasing payment or repayment. */
  private payerAccount(body: DocumentBody): string | undefined {
    return (body.content as { payer?: { account?: string } }).payer?.account;
  }

  /**
   * The counterparty of a statement entry as the signed document names it: its name, INN, KPP,
   * account and bank; a bank's name or correspondent account the document leaves out comes from
   * the BIC directory the bank publishes.
   */
  private counterpartyOf(party: SignedParty | undefined, fallbackName: string): StatementCounterparty {
    const bic = party?.bank?.bic ?? '';
    const known = bic ? this.directory?.().entries[bic] : undefined;
    const bankName = party?.bank?.name || known?.name || '';
    const corrAccount = party?.bank?.corrAccount || known?.corrAccount || '';
    return {
      name: party?.name ?? fallbackName,
      inn: party?.inn ?? '',
      ...(party?.kpp ? { kpp: party.kpp } : {}),
      account: party?.account ?? '',
      bic,
      ...(bankName ? { bankName } : {}),
      ...(corrAccount ? { corrAccount } : {}),
    };
  }

  /**
   * Execution: the payer's account is debited (the entry names the payee); a payee's account held
   * at this bank is credited (the entry names the payer); a leasing or loan instalment is marked paid.
   */
  private execute(row: DocumentRow): void {
    const body = this.bodyOf(row);
    const payer = this.payerAccount(body);
    const summary = summarizeDocument(body);
    const content = body.content as { payer?: SignedParty; payee?: SignedParty; purpose?: string; priority?: number; contractId?: string };
    const { purpose } = content;
    // a leasing payment or loan repayment names no payee: it is paid to the contract's requisites
    const requisites = content.contractId && !content.payee ? this.portfolio.contractRequisites(row.company_id, content.contractId) : undefined;
    const payee: SignedParty | undefined =
      content.payee ??
      (requisites && { name: requisites.payeeName, inn: requisites.inn, kpp: requisites.kpp, account: requisites.account, bank: { name: requisites.bankName, bic: requisites.bic, corrAccount: requisites.corrAccount } });
    const priority = typeof content.priority === 'number' ? content.priority : requisites ? 5 : undefined;
    const date = this.clock.now().toISOString().slice(0, 10);
    if (payer && row.amount) {
      const account = this.portfolio.accountByNumber(row.company_id, payer);
      if (account) {
        this.portfolio.post(account.id, {
          date,
          direction: 'debit',
          amount: row.amount,
          // the statement names the payee and the purpose as the payment order gave them
          counterparty: this.counterpartyOf(payee, summary.counterparty ?? ''),
          purpose: purpose ?? summary.text,
          documentNumber: summary.number ?? '',
          ...(priority !== undefined ? { priority } : {}),
        });
        // a payment to an account held at this bank arrives there at once: an incoming payment naming the payer
        const target = payee?.account && payee.bank?.bic === HOME_BANK.bic ? this.portfolio.accountHeldHere(payee.account) : undefined;
        if (target && target.id !== account.id && content.payer) {
          this.portfolio.post(target.id, {
            date,
            direction: 'credit',
            amount: row.amount,
            counterparty: this.counterpartyOf(content.payer, ''),
            purpose: purpose ?? summary.text,
            documentNumber: summary.number ?? '',
            ...(priority !== undefined ? { priority } : {}),
          });
        }
      }
    }
    const c = body.content as { contractId?: string; instalment?: { number?: number } };
    if ((body.kind === 'leasing-payment' || body.kind === 'loan-repayment') && c.contractId && c.instalment?.number) {
      this.portfolio.markPaid(row.company_id, c.contractId, c.instalment.number, this.clock.now().toISOString().slice(0, 10));
    }
  }

  /** Documents of the caller's company that wait for a signature the caller can give. */
  awaiting(caller: Caller): z.infer<typeof AwaitingDocument>[] {
    const mine = SIGNATURE_OF_ROLE[caller.user.role as Role];
    if (!mine) return [];
    const rows = sql(this.db, "SELECT * FROM documents WHERE company_id = ? AND status = 'signed' ORDER BY received_at").all(caller.company.id) as DocumentRow[];
    return rows.flatMap((row) => {
      const sigs = this.signatures(row.company_id, row.id);
      if (sigs.some((s) => s.user_id === caller.user.id)) return [];
      const given = sigs.map((s) => s.kind);
      if (!canAdd(row.kind, row.amount ?? undefined, given, mine)) return [];
      return [
        {
          id: row.id,
          document: ((d) => signedDocumentJson(d.binding, d.body))(this.signedOf(row)),
          canonical: row.canonical.toString('base64'),
          signature: row.cms.toString('base64'),
          missing: missingSignatures(row.kind, row.amount ?? undefined, given),
        },
      ];
    });
  }

  /** Every change of the caller's company after `cursor`, oldest first, with the bank's receipts. */
  changes(caller: Caller, cursor: number, limit: number): { changes: z.infer<typeof Change>[]; cursor: number } {
    // every change is written with its signed receipt (transition), so none is held back here
    const rows = sql(this.db, 'SELECT * FROM changes WHERE company_id = ? AND cursor > ? ORDER BY cursor LIMIT ?').all(caller.company.id, cursor, limit) as {
      cursor: number;
      document_id: string;
      status: Status;
      at: string;
      rejection_code: string | null;
      rejection_reason: string | null;
      payload: Buffer;
      signature: Buffer;
    }[];
    return {
      changes: rows.map((r) => ({
        cursor: r.cursor,
        documentId: r.document_id,
        status: r.status,
        at: r.at,
        ...(r.rejection_code ? { rejection: { code: r.rejection_code, reason: r.rejection_reason ?? '' } } : {}),
        receipt: { payload: r.payload.toString('base64'), signature: r.signature.toString('base64') },
      })),
      cursor: rows.at(-1)?.cursor ?? cursor,
    };
  }

  /**
   * What a letter's signer must pass, the same checks checkSigners makes of a document's signer:
   * the certificate not revoked, valid on the bank's clock, a signing time within a day before
   * it, and the holder a person of the caller's company. Keep the two alike.
   */
  private checkLetterHolder(caller: Caller, who: string, holder: NonNullable<ReturnType<Identity['holderOf']>>, signingTime: string | undefined, now: Date): void {
    if (holder.revokedAt && holder.revokedAt <= (signingTime ?? now.toISOString())) {
      throw new ApiProblem('certificate-revoked', `${who}: the certificate was revoked at ${holder.revokedAt}`);
    }
    if (holder.revokedAt) throw new ApiProblem('certificate-revoked', `${who}: the certificate is revoked`);
    // validity on the bank's clock, not only at the signing time the signer wrote down
    if (now.toISOString() < holder.notBefore || now.toISOString() > holder.notAfter) {
      throw new ApiProblem('certificate-expired', `${who}: the certificate is valid from ${holder.notBefore} to ${holder.notAfter}`);
    }
    const signedAt = signingTime ? Date.parse(signingTime) : Number.NaN;
    if (!(signedAt <= now.getTime() + SIGNING_TIME_SKEW_MS && signedAt >= now.getTime() - SIGNING_TIME_MAX_AGE_MS)) {
      throw new ApiProblem('signature-invalid', `${who}: the signing time ${signingTime ?? '(none)'} is not within a day before the bank's time ${now.toISOString()}`);
    }
    if (holder.companyId !== caller.company.id) throw new ApiProblem('signer-not-authorised', `${who} does not sign for this company`);
  }

  /**
   * The signature of a letter to the bank, checked as a document's signer is (the CMS over the
   * letter's bytes, the path to the bank CA, the certificate issued by this bank by its bytes,
   * not revoked, valid now, the signing time, a person of the caller's company), without the
   * rights and limits that only payments need: anyone of the company with a certificate may
   * write. Exactly one signer. Throws the problem naming what failed.
   */
  async checkLetterSigner(caller: Caller, bytes: Uint8Array, cms: Buffer): Promise<{ serial: string; name: string; certificateSha256: string; signedAt: string; signatureSha256: string }> {
    const report = await this.verifySignature(caller.company.id, bytes, cms);
    if (report.signers.length !== 1) throw new ApiProblem('signature-invalid', `a letter is signed by one person; this signature has ${report.signers.length} signers`);
    const s = report.signers[0]!;
    const who = `the signer (${s.subject ?? 'unknown'})`;
    if (!s.ok) throw new ApiProblem('signature-invalid', `${who}: ${s.problems.map((p) => p.message).join('; ')}`);
    const holder = this.identity.holderOf(s.certificateSha256!);
    if (!holder) throw new ApiProblem('signature-invalid', `${who}: the certificate was not issued by this bank`);
    const signatureSha256 = signerDigests(cms)[0]?.signatureSha256;
    if (!signatureSha256) throw new ApiProblem('signature-invalid', `${who}: the signature value cannot be read`);
    const now = this.clock.now();
    this.checkLetterHolder(caller, who, holder, s.signingTime, now);
    return { serial: holder.serial, name: holder.user.name, certificateSha256: s.certificateSha256!, signedAt: s.signingTime ?? now.toISOString(), signatureSha256 };
  }
}
