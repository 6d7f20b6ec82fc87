import { createHash } from 'node:crypto';
import { recallSignedBytes, RecallRequestFields, type RecallState } from '../../shared/bank-api/recall.ts';
import { SIGNATURE_OF_ROLE, type Role } from '../../shared/bank-api/signing-policy.ts';
import type { LocalStatus } from '../../shared/domain/document-status.ts';
import { LocalizedError } from '../../shared/i18n/index.ts';
import { audit } from '../audit/audit-log.ts';
import { BankError, type BankApi } from '../bank/bank-api.ts';
import { isSessionGone, requireSession } from '../bank/session.ts';
import { signerFor } from '../bank/signers.ts';
import type { Db } from '../store/database.ts';
import { DocumentStore } from '../store/documents.ts';
import { RecallStore, type StoredRecall } from '../store/recalls.ts';
import type { Pin, TokenService } from '../tokens/token-service.ts';

/** Statuses a document can be recalled from: the bank has it and has not executed it yet. */
export const RECALLABLE: readonly LocalStatus[] = ['sent', 'delivered', 'accepted'];

export interface RecallAsk {
  id: string;
  reason: string;
  token: string;
  key: string;
  pin: Pin;
}

/** A recall request as the card and the CLI show it. */
export interface RecallView {
  documentId: string;
  status: StoredRecall['status'];
  reason: string;
  requestedAt: string;
  decidedAt?: string;
  refusal?: { code: string; reason: string };
}

const view = (r: StoredRecall): RecallView => ({
  documentId: r.documentId,
  status: r.status,
  reason: r.reason,
  requestedAt: r.requestedAt,
  ...(r.decidedAt ? { decidedAt: r.decidedAt } : {}),
  ...(r.refusal ? { refusal: r.refusal } : {}),
});

/**
 * Recall of a sent document ("Отзыв документа"): a request naming the document by id and by the
 * SHA-256 of the signed bytes we hold (the bank's receipts name the same digest), with the reason,
 * signed on the token like a document; kept before it goes, so a request whose answer was lost
 * goes again unchanged (the bank answers the same request the same). The bank decides at once:
 * accepted (its receipt then moves the document to "recalled" in the next exchange) or refused
 * with its code and reason (recall-too-late: executed or rejected already).
 */
export class RecallService {
  readonly recalls: RecallStore;
  private readonly documents: DocumentStore;

  constructor(
    private readonly db: Db,
    private readonly tokens: TokenService,
    private readonly api: BankApi,
    private readonly actor: string,
  ) {
    this.recalls = new RecallStore(db);
    this.documents = new DocumentStore(db);
  }

  /** The recall request held for a document, if any. */
  state(id: string): RecallView | undefined {
    const r = this.recalls.get(id);
    return r ? view(r) : undefined;
  }

  async recall(ask: RecallAsk): Promise<RecallView> {
    const doc = this.documents.signedState(ask.id);
    if (!doc) throw new LocalizedError('recall.not-sent', { id: ask.id, status: this.documents.row(ask.id)?.status ?? 'none' });
    const held = this.recalls.get(ask.id);
    // the bank's answer is not signed: an accepted request is done once the bank's verified receipt
    // moved the document on (recalled, or executed meanwhile); until then it may go again as it was
    // (the bank answers the same request the same), so an "accepted" that came from elsewhere than
    // the bank (red team, issue 13: tests/integration/attack-recall-answer.test.ts) is not the end
    if (held?.status === 'accepted' && !RECALLABLE.includes(doc.status)) return view(held);
    const session = requireSession(this.db);
    // a request signed before whose answer did not come goes again as it was: no second signature
    if (held?.status !== 'pending' && held?.status !== 'accepted') {
      if (!RECALLABLE.includes(doc.status)) throw new LocalizedError('recall.not-recallable', { id: ask.id, status: doc.status });
      const signer = signerFor(this.db, ask.token, ask.key);
      if (!SIGNATURE_OF_ROLE[signer.role as Role]) throw new LocalizedError('signing.no-right', { name: signer.name });
      const fields = RecallRequestFields.safeParse({ documentId: ask.id, documentDigest: createHash('sha256').update(doc.canonical).digest('hex'), reason: ask.reason.trim(), requestedAt: new Date().toISOString() });
      if (!fields.success) throw new LocalizedError('recall.reason-invalid', { max: 500 });
      const bytes = recallSignedBytes(fields.data);
      const signature = await this.tokens.sign(ask.token, ask.pin, ask.key, Buffer.from(bytes));
      this.db.transaction(() => {
        this.recalls.savePending(ask.id, bytes, signature, fields.data.reason, fields.data.requestedAt);
        audit(this.db, { actor: this.actor, action: 'recall.signed', subject: ask.id, details: { reason: fields.data.reason, certificateSerial: signer.certificateSerial } });
      })();
    }
    return this.send(ask.id, session.token);
  }

  /** Sends the held pending request and records the bank's decision. Transient failures and a lost session leave it pending (and are thrown). */
  private async send(id: string, session: string): Promise<RecallView> {
    const r = this.recalls.get(id)!;
    const request = JSON.parse(r.request.toString('utf8')) as unknown;
    try {
      await this.api.call<RecallState>('recallDocument', { params: { id }, body: { request, signature: r.signature.toString('base64') }, session });
      this.db.transaction(() => {
        this.recalls.decide(id, 'accepted', new Date().toISOString());
        audit(this.db, { actor: this.actor, action: 'recall.accepted', subject: id });
      })();
    } catch (e) {
      if (!(e instanceof BankError) || e.transient || isSessionGone(e) || !e.problem) throw e;
      const refusal = { code: e.problem.code, reason: e.problem.detail ?? e.problem.title };
      this.db.transaction(() => {
        this.recalls.decide(id, 'refused', new Date().toISOString(), refusal);
        audit(this.db, { actor: this.actor, action: 'recall.refused', subject: id, details: refusal });
      })();
    }
    return view(this.recalls.get(id)!);
  }
}
