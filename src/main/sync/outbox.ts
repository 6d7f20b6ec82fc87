import { DocumentState } from '../../shared/bank-api/documents-api.ts';
import type { z } from 'zod';
import { LocalizedError } from '../../shared/i18n/index.ts';
import { verifyDetached } from '../../crypto/cms/verify.ts';
import { audit } from '../audit/audit-log.ts';
import { BankError, type BankApi } from '../bank/bank-api.ts';
import type { BankTrust } from '../bank/trust.ts';
import type { LocalStatus } from '../documents/document-service.ts';
import type { Db } from '../store/database.ts';
import { backoffDelay, type BackoffPolicy } from './backoff.ts';
import { isForward, localStatusOf } from './statuses.ts';

type State = z.infer<typeof DocumentState>;

interface OutboxRow {
  id: number;
  document_id: string;
  op: 'submit' | 'add-signature';
  cms: Buffer;
  attempts: number;
  kind: string;
  version: number;
  content: string;
  canonical: Buffer;
  status: LocalStatus;
}

export interface PushReport {
  sent: string[];
  /** Refused for good (the reason is stored on the row and shown to the user). */
  failed: { id: string; error: StoredError }[];
  /** Still pending, to be retried after a delay. */
  retrying: number;
  /** Why pushing stopped early (offline, session expired), if it did. */
  stoppedBy?: Error;
}

/** Every document still to go: due now or later (its next attempt is scheduled). */
export function pendingCount(db: Db): number {
  return (db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'").get() as { n: number }).n;
}

/**
 * Sends what the outbox holds, oldest first. A document is marked sent only when the bank's
 * answer parses, names it, and is stored in the same transaction that closes its outbox row: a
 * crash before that leaves the row pending, and the next PUT of the same id and bytes gets the
 * same answer (the bank's idempotency), so the bank has each payment exactly once.
 */
export async function pushOutbox(db: Db, api: BankApi, trust: BankTrust, session: string, o: { actor: string; backoff: BackoffPolicy; now: () => Date; limit?: number }): Promise<PushReport> {
  const report: PushReport = { sent: [], failed: [], retrying: 0 };
  const due = db
    .prepare(
      `SELECT o.id, o.document_id, o.op, o.cms, o.attempts, d.kind, d.version, d.content, d.canonical, d.status
       FROM outbox o JOIN documents d ON d.id = o.document_id WHERE o.state = 'pending' AND o.next_attempt_at <= ? ORDER BY o.id LIMIT ?`,
    )
    .all(o.now().toISOString(), o.limit ?? 100_000) as OutboxRow[];
  for (const row of due) {
    // the signature must verify here before it leaves: a broken one would only come back refused
    const check = await verifyDetached(row.canonical, row.cms, [trust.ca], `document ${row.document_id}`).catch((e: Error) => ({ ok: false, signers: [], reason: e.message }));
    if (!check.ok) {
      const reason = 'reason' in check ? check.reason : check.signers.flatMap((s) => s.problems.map((p) => p.message)).join('; ');
      const error = new LocalizedError('sync.signature-invalid', { id: row.document_id, reason });
      fail(db, row, error, o.actor);
      report.failed.push({ id: row.document_id, error: errorJson(error) });
      continue;
    }
    try {
      const state = await send(api, row, session);
      if (state.id !== row.document_id) throw new LocalizedError('sync.answer-mismatch', { id: row.document_id, other: state.id });
      markSent(db, row, state, o.actor, o.now());
      report.sent.push(row.document_id);
    } catch (e) {
      if (e instanceof BankError && !e.transient && row.op === 'add-signature' && (await alreadyThere(api, row, session, db))) {
        // a crash after the bank took the signature and before we noted it: the bank has it
        markSent(db, row, await api.call<State>('document', { params: { id: row.document_id }, session }), o.actor, o.now());
        report.sent.push(row.document_id);
        continue;
      }
      if (e instanceof BankError && (e.transient || e.problem?.code === 'unauthenticated' || e.problem?.code === 'session-expired')) {
        if (e.transient) retryLater(db, row, e, o.backoff, o.now());
        report.retrying = pendingCount(db);
        report.stoppedBy = e.transient ? e : new LocalizedError('sync.login-needed');
        return report;
      }
      if (e instanceof BankError || e instanceof LocalizedError) {
        fail(db, row, e, o.actor);
        report.failed.push({ id: row.document_id, error: errorJson(e) });
        continue;
      }
      throw e;
    }
  }
  report.retrying = pendingCount(db);
  return report;
}

async function send(api: BankApi, row: OutboxRow, session: string): Promise<State> {
  const signature = row.cms.toString('base64');
  if (row.op === 'submit') {
    const document = { kind: row.kind, version: row.version, content: JSON.parse(row.content) as unknown };
    return api.call<State>('submitDocument', { params: { id: row.document_id }, body: { document, signature }, session, alsoOk: [200] });
  }
  return api.call<State>('addSignature', { params: { id: row.document_id }, body: { signature }, session });
}

/** Whether the bank already has every signer this row carries. */
async function alreadyThere(api: BankApi, row: OutboxRow, session: string, db: Db): Promise<boolean> {
  try {
    const state = await api.call<State>('document', { params: { id: row.document_id }, session });
    const ours = (db.prepare('SELECT certificate_serial FROM signatures WHERE document_id = ?').all(row.document_id) as { certificate_serial: string }[]).map((r) => r.certificate_serial.replace(/^0+(?=.)/, ''));
    const theirs = new Set(state.signers.map((s) => s.certificateSerial.toLowerCase().replace(/^0+(?=.)/, '')));
    return ours.every((s) => theirs.has(s));
  } catch {
    return false;
  }
}

function markSent(db: Db, row: OutboxRow, state: State, actor: string, now: Date): void {
  db.transaction(() => {
    const closed = db.prepare("UPDATE outbox SET state = 'done', done_at = ?, last_error = NULL WHERE id = ? AND state = 'pending'").run(now.toISOString(), row.id);
    if (closed.changes !== 1) return;
    const current = (db.prepare('SELECT status FROM documents WHERE id = ?').get(row.document_id) as { status: LocalStatus }).status;
    const next = localStatusOf(state.status);
    const status = isForward(current, next) ? next : current === 'signed' ? 'sent' : current;
    db.prepare('UPDATE documents SET status = ?, missing = ?, rejection_code = ?, rejection_reason = ?, updated_at = ? WHERE id = ?').run(
      status,
      JSON.stringify(state.missing),
      state.rejection?.code ?? null,
      state.rejection?.reason ?? null,
      now.toISOString(),
      row.document_id,
    );
    audit(db, { actor, action: 'send', subject: row.document_id, details: { op: row.op, bankStatus: state.status } }, now);
  })();
}

/**
 * The bank could not be reached or failed: this row waits out its backoff, and so does every
 * other pending row due before then (the bank is down for them too; no point knocking again).
 */
function retryLater(db: Db, row: OutboxRow, e: Error, backoff: BackoffPolicy, now: Date): void {
  const at = new Date(now.getTime() + backoffDelay(row.attempts + 1, backoff)).toISOString();
  db.transaction(() => {
    db.prepare('UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?').run(at, JSON.stringify(errorJson(e)), row.id);
    db.prepare("UPDATE outbox SET next_attempt_at = ? WHERE state = 'pending' AND next_attempt_at < ?").run(at, at);
  })();
}

function fail(db: Db, row: OutboxRow, e: Error, actor: string): void {
  db.transaction(() => {
    db.prepare("UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?").run(JSON.stringify(errorJson(e)), row.id);
    audit(db, { actor, action: 'send.failed', subject: row.document_id, details: { ...errorJson(e) } });
  })();
}

/** An error as stored: its message code and parameters, so it can be shown in either language later. */
export interface StoredError {
  code: string;
  params: Record<string, string | number>;
  message: string;
}

export function errorJson(e: Error): StoredError {
  return e instanceof LocalizedError ? { code: e.code, params: e.params, message: e.message } : { code: 'error', params: {}, message: e.message };
}
