/**
 * Recall requests ("Отзыв документа") the client sent: one row per document, the latest asked.
 * The signed request is kept as it went (its canonical bytes and the SignedData), so a request
 * whose answer was lost goes again unchanged and the bank answers it the same.
 */
import { sql, type Db } from './database.ts';

export type RecallStatus = 'pending' | 'accepted' | 'refused';

export interface StoredRecall {
  documentId: string;
  request: Buffer;
  signature: Buffer;
  status: RecallStatus;
  reason: string;
  refusal?: { code: string; reason: string };
  requestedAt: string;
  decidedAt?: string;
}

interface Row {
  document_id: string;
  request: Buffer;
  signature: Buffer;
  status: RecallStatus;
  reason: string;
  refusal_code: string | null;
  refusal_reason: string | null;
  requested_at: string;
  decided_at: string | null;
}

export class RecallStore {
  constructor(readonly db: Db) {}

  get(documentId: string): StoredRecall | undefined {
    const r = sql(this.db, 'SELECT * FROM recalls WHERE document_id = ?').get(documentId) as Row | undefined;
    if (!r) return undefined;
    return {
      documentId: r.document_id,
      request: r.request,
      signature: r.signature,
      status: r.status,
      reason: r.reason,
      ...(r.refusal_code ? { refusal: { code: r.refusal_code, reason: r.refusal_reason ?? '' } } : {}),
      requestedAt: r.requested_at,
      ...(r.decided_at ? { decidedAt: r.decided_at } : {}),
    };
  }

  /** A newly signed request, waiting for the bank's answer (it replaces a refused one). */
  savePending(documentId: string, request: Uint8Array, signature: Buffer, reason: string, requestedAt: string): void {
    sql(
      this.db,
      "INSERT INTO recalls (document_id, request, signature, status, reason, requested_at) VALUES (?, ?, ?, 'pending', ?, ?) ON CONFLICT (document_id) DO UPDATE SET request = excluded.request, signature = excluded.signature, status = 'pending', reason = excluded.reason, refusal_code = NULL, refusal_reason = NULL, requested_at = excluded.requested_at, decided_at = NULL",
    ).run(documentId, Buffer.from(request), signature, reason, requestedAt);
  }

  /** The bank's answer to the request held for the document. */
  decide(documentId: string, status: 'accepted' | 'refused', decidedAt: string, refusal?: { code: string; reason: string }): void {
    sql(this.db, 'UPDATE recalls SET status = ?, refusal_code = ?, refusal_reason = ?, decided_at = ? WHERE document_id = ?').run(status, refusal?.code ?? null, refusal?.reason ?? null, decidedAt, documentId);
  }
}
