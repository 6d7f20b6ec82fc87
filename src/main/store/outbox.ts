/**
 * The outbox table: what waits to go to the bank, one row per submission or added signature.
 * A row is closed only in the transaction that stores the bank's answer (sync/outbox.ts), so a
 * crash leaves it pending and the bank's idempotency makes the resend harmless.
 */
import type { DocumentKindName } from '../../shared/bank-api/documents/index.ts';
import type { LocalStatus } from '../../shared/domain/document-status.ts';
import { sql, type Db } from './database.ts';

/** A pending row with the document's bytes as they are now (the SignedData carries every signer so far). */
export interface OutboxItem {
  id: number;
  document_id: string;
  op: 'submit' | 'add-signature';
  cms: Buffer;
  attempts: number;
  kind: DocumentKindName;
  canonical: Buffer;
  status: LocalStatus;
}

/** An error as stored: its message code and parameters, so it can be shown in either language later. */
export interface StoredError {
  code: string;
  params: Record<string, string | number>;
  message: string;
}

export class OutboxStore {
  constructor(private readonly db: Db) {}

  /** Queues a document's submission (the SignedData is read from the document when sent: no second copy). */
  enqueue(documentId: string, op: 'submit' | 'add-signature', now: string): void {
    sql(this.db, "INSERT INTO outbox (document_id, op, cms, state, next_attempt_at, created_at) VALUES (?, ?, x'', 'pending', ?, ?)").run(documentId, op, now, now);
  }

  /** Queues many documents' submissions in one statement, in the order given (row ids ascending as enqueue one by one would give). */
  enqueueAll(items: readonly { documentId: string; now: string }[], op: 'submit' | 'add-signature'): void {
    if (items.length === 0) return;
    sql(
      this.db,
      `INSERT INTO outbox (document_id, op, cms, state, next_attempt_at, created_at)
       SELECT json_extract(value, '$[0]'), ?, x'', 'pending', json_extract(value, '$[1]'), json_extract(value, '$[1]') FROM json_each(?) ORDER BY key`,
    ).run(op, JSON.stringify(items.map((i) => [i.documentId, i.now])));
  }

  hasPending(documentId: string): boolean {
    return sql(this.db, "SELECT 1 FROM outbox WHERE document_id = ? AND state = 'pending'").get(documentId) !== undefined;
  }

  /** Pending rows due by `due`, after row `after`, oldest first: a page of the outbox. */
  due(due: string, after: number, limit: number): OutboxItem[] {
    return sql(
      this.db,
      `SELECT o.id, o.document_id, o.op, d.cms, o.attempts, d.kind, d.canonical, d.status
       FROM outbox o JOIN documents d ON d.id = o.document_id WHERE o.state = 'pending' AND o.next_attempt_at <= ? AND o.id > ? ORDER BY o.id LIMIT ?`,
    ).all(due, after, limit) as OutboxItem[];
  }

  /** Closes a row as done; false when it was no longer pending. */
  close(id: number, at: string): boolean {
    return sql(this.db, "UPDATE outbox SET state = 'done', done_at = ?, last_error = NULL WHERE id = ? AND state = 'pending'").run(at, id).changes === 1;
  }

  /** Another attempt at `at` for one row. */
  dueAgain(id: number, at: string): void {
    sql(this.db, 'UPDATE outbox SET next_attempt_at = ? WHERE id = ?').run(at, id);
  }

  /** A failed attempt: the row waits until `at`, and so does every pending row due before then. */
  retryAt(id: number, at: string, error: StoredError): void {
    sql(this.db, 'UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?').run(at, JSON.stringify(error), id);
    sql(this.db, "UPDATE outbox SET next_attempt_at = ? WHERE state = 'pending' AND next_attempt_at < ?").run(at, at);
  }

  /** Refused for good. */
  fail(id: number, error: StoredError): void {
    sql(this.db, "UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?").run(JSON.stringify(error), id);
  }

  /** Closes a document's pending rows without sending (replaced by a corrected draft); how many were. */
  holdBack(documentId: string, error: StoredError): number {
    return sql(this.db, "UPDATE outbox SET state = 'failed', last_error = ? WHERE document_id = ? AND state = 'pending'").run(JSON.stringify(error), documentId).changes;
  }

  pendingCount(): number {
    return (sql(this.db, "SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'").get() as { n: number }).n;
  }

  failedCount(): number {
    return (sql(this.db, "SELECT COUNT(*) AS n FROM outbox WHERE state = 'failed'").get() as { n: number }).n;
  }

  /** When the next pending row is due. */
  nextAttemptAt(): string | undefined {
    return (sql(this.db, "SELECT MIN(next_attempt_at) AS t FROM outbox WHERE state = 'pending'").get() as { t: string | null }).t ?? undefined;
  }

  /** Every pending row due at `at` (the user's "retry now"). */
  allDueAt(at: string): void {
    sql(this.db, "UPDATE outbox SET next_attempt_at = ? WHERE state = 'pending'").run(at);
  }
}
