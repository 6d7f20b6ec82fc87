/**
 * The document lifecycle on the client (docs/architecture.md "Document lifecycle"): every change
 * of a document's status goes through here, after the rules in shared/domain/document-status.ts.
 * Signing, the outbox and the changes feed call it; the statements are in store/.
 *
 *   draft ─sign→ signed ─send→ sent → delivered → accepted → executed | rejected | recalled
 *
 * Callers hold the transaction: a status changes together with what caused it (the signature
 * and its outbox row, the bank's answer and the closed row, the receipt and the cursor).
 */
import type { DocumentState } from '../../shared/bank-api/documents-api.ts';
import { missingSignatures, type SignatureKind } from '../../shared/bank-api/signing-policy.ts';
import type { DocumentKindName } from '../../shared/bank-api/documents/index.ts';
import { isFinal, statusAfterAnswer, statusAfterReceipt, type LocalStatus } from '../../shared/domain/document-status.ts';
import type { z } from 'zod';
import type { DocumentSigner, DocumentStore } from '../store/documents.ts';
import type { OutboxItem, OutboxStore, StoredError } from '../store/outbox.ts';

type BankState = z.infer<typeof DocumentState>;

export class DocumentLifecycle {
  constructor(
    readonly store: DocumentStore,
    readonly outbox: OutboxStore,
  ) {}

  /**
   * draft → signed for the drafts of one flush of a batch (the caller holds the transaction): the
   * first signature freezes each draft's bytes and queues its submission (the outbox rows in one
   * statement). Whether each was frozen, in order (false: the draft changed meanwhile).
   */
  signedAll(docs: readonly { id: string; revision: number; kind: DocumentKindName; amount: number | undefined; canonical: Uint8Array; cms: Buffer; signer: DocumentSigner; now: string }[]): boolean[] {
    const frozen = docs.map((d) => this.store.freeze(d.id, d.revision, d.canonical, d.cms, missingSignatures(d.kind, d.amount, [d.signer.kind]), d.now));
    const done = docs.filter((_, i) => frozen[i]);
    this.outbox.enqueueAll(
      done.map((d) => ({ documentId: d.id, now: d.now })),
      'submit',
    );
    // one by one: an INSERT … SELECT that reads signatures for each seq would be materialised first, and cost more
    for (const d of done) this.store.addSignature(d.id, d.signer);
    return frozen;
  }

  /**
   * Another signature on a signed document (the status stays). Something still to send carries
   * every signer when it goes; once sent, the bank takes the new one as its own request.
   */
  countersigned(d: { id: string; kind: DocumentKindName; amount: number | undefined; given: readonly SignatureKind[]; was: Buffer; cms: Buffer; signer: DocumentSigner }, now: string): boolean {
    const missing = missingSignatures(d.kind, d.amount, [...d.given, d.signer.kind]);
    if (!this.store.replaceSignedData(d.id, d.was, d.cms, missing, now)) return false;
    if (!this.outbox.hasPending(d.id)) this.outbox.enqueue(d.id, 'add-signature', now);
    this.store.addSignature(d.id, d.signer);
    return true;
  }

  /** A colleague's document, already at the bank, taken in as sent with the signatures it carries. */
  adopted(id: string, canonical: Buffer, cms: Buffer, missing: readonly SignatureKind[], signers: readonly DocumentSigner[]): void {
    this.store.markFromBank(id, canonical, cms, missing);
    for (const s of signers) this.store.addSignature(id, s);
    this.store.removeAwaiting(id);
  }

  /** A signed document replaced by a corrected draft: held back if not yet sent; whether it was. */
  replaced(id: string, by: string): boolean {
    const error: StoredError = { code: 'document.replaced', params: { id, by }, message: `replaced by ${by}` };
    return this.outbox.holdBack(id, error) > 0;
  }

  /**
   * The bank answered a submission or an added signature. The row closes and the document takes
   * the bank's status (at least sent) — unless a signer was added while it travelled: then the
   * row stays open and goes again with them. Returns whether the row closed.
   */
  answered(item: OutboxItem, state: BankState, at: string): boolean {
    const doc = this.store.signedState(item.document_id);
    if (!doc || !doc.cms.equals(item.cms)) {
      this.outbox.dueAgain(item.id, at);
      return false;
    }
    if (!this.outbox.close(item.id, at)) return false;
    // the answer is unsigned: a rejection (and any fate) is taken only from a signed receipt, and
    // a fate already taken from one stays as it was, its reason with it
    const next = statusAfterAnswer(doc.status, state.status);
    if (next !== doc.status || !isFinal(next)) this.store.setStatus(item.document_id, next, state.missing, undefined, at);
    return true;
  }

  /** A verified receipt: the document moves forward to its status, never back. Returns the status it moved to, if it moved. */
  receipt(documentId: string, status: BankState['status'], rejection: { code: string; reason: string } | undefined, now: string): LocalStatus | undefined {
    const doc = this.store.signedState(documentId);
    if (!doc) return undefined;
    const next = statusAfterReceipt(doc.status, status);
    if (next === doc.status) return undefined;
    // "sent" (the bank still waits for signatures) keeps what is missing; any later status needs nothing more
    this.store.setStatus(documentId, next, next === 'sent' ? undefined : [], rejection, now);
    return next;
  }
}
