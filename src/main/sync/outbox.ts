import { DocumentState } from '../../shared/bank-api/documents-api.ts';
import { readSignedDocumentFor, signedDocumentJson } from '../../shared/bank-api/documents/signed.ts';
import type { z } from 'zod';
import { LocalizedError } from '../../shared/i18n/index.ts';
import { verifyDetached } from '../../crypto/cms/verify.ts';
import { audit } from '../audit/audit-log.ts';
import { BankError, type BankApi } from '../bank/bank-api.ts';
import { isSessionGone } from '../bank/session.ts';
import type { BankTrust } from '../bank/trust.ts';
import { signerDigests } from '../../crypto/cms/signer-digests.ts';
import type { DocumentLifecycle } from '../documents/lifecycle.ts';
import type { OutboxItem, StoredError } from '../store/outbox.ts';
import { backoffDelay, type BackoffPolicy } from './backoff.ts';

export type { StoredError } from '../store/outbox.ts';

type State = z.infer<typeof DocumentState>;

export interface PushReport {
  sent: string[];
  /** Refused for good (the reason is stored on the row and shown to the user). */
  failed: { id: string; error: StoredError }[];
  /** Still pending, to be retried after a delay. */
  retrying: number;
  /** Why pushing stopped early (offline, session expired), if it did. */
  stoppedBy?: Error;
}

/**
 * Documents in flight at once: the bank checks some while others travel and ours are verified.
 * A bank that commits submissions arriving together in one transaction (the sandbox does) pays
 * one fsync for all that are in flight, so more in flight means fewer fsyncs per document.
 */
const IN_FLIGHT = 64;
/** Rows read at a time, so memory stays flat however long the outbox is. */
const PAGE = 256;
/** Answers committed together: one fsync for many documents. */
const COMMIT_EVERY = 64;

export interface PushOptions {
  actor: string;
  backoff: BackoffPolicy;
  now: () => Date;
  /** At most this many documents in one run. */
  limit?: number;
}

/**
 * Sends what the outbox holds, oldest first, a few at a time. A document is marked sent only
 * when the bank's answer parses, names it, and is stored in the transaction that closes its
 * outbox row: a crash before that leaves the row pending, and the next PUT of the same id and
 * bytes gets the same answer (the bank's idempotency), so the bank has each payment exactly
 * once. A transient failure (offline, 5xx, timeout) stops the run; what is in flight finishes.
 */
export async function pushOutbox(life: DocumentLifecycle, api: BankApi, trust: BankTrust, session: string, o: PushOptions): Promise<PushReport> {
  const report: PushReport = { sent: [], failed: [], retrying: 0 };
  const answered: { row: OutboxItem; state: State }[] = [];
  const commit = (): void => {
    if (answered.length === 0) return;
    report.sent.push(...markSent(life, answered.splice(0), o.actor, o.now()));
  };
  let stop: Error | undefined;
  let after = 0;
  let budget = o.limit ?? Number.MAX_SAFE_INTEGER;
  const started = o.now().toISOString();
  while (!stop && budget > 0) {
    const rows = life.outbox.due(started, after, Math.min(PAGE, budget));
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;
    budget -= rows.length;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (!stop && next < rows.length) {
        const row = rows[next++]!;
        const outcome = await pushOne(life, api, trust, session, row, o);
        if ('state' in outcome) {
          answered.push({ row, state: outcome.state });
          if (answered.length >= COMMIT_EVERY) commit();
        } else if ('failed' in outcome) report.failed.push({ id: row.document_id, error: outcome.failed });
        else stop ??= outcome.stop;
      }
    };
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, rows.length) }, worker));
    commit();
  }
  if (stop) report.stoppedBy = stop;
  report.retrying = life.outbox.pendingCount();
  return report;
}

type Outcome = { state: State } | { failed: StoredError } | { stop: Error };

/** One document: verified here, sent, and what came of it (committed by the caller, in batches). */
async function pushOne(life: DocumentLifecycle, api: BankApi, trust: BankTrust, session: string, row: OutboxItem, o: PushOptions): Promise<Outcome> {
  // the signature must verify here before it leaves: a broken one would only come back refused
  const check = await verifyDetached(row.canonical, row.cms, [trust.ca], `document ${row.document_id}`).catch((e: Error) => ({ ok: false, signers: [], reason: e.message }));
  if (!check.ok) {
    const reason = 'reason' in check ? check.reason : check.signers.flatMap((s) => s.problems.map((p) => p.message)).join('; ');
    const error = new LocalizedError('sync.signature-invalid', { id: row.document_id, reason });
    fail(life, row, error, o.actor);
    return { failed: errorJson(error) };
  }
  try {
    const state = await send(api, row, session);
    // an answer about another document says nothing about ours: try again later (resending is safe)
    if (state.id !== row.document_id) throw new BankError('sync.answer-mismatch', { id: row.document_id, other: state.id }, true);
    return { state };
  } catch (e) {
    // a crash, or a lost answer, after the bank took it: the bank has every signer already
    const there = e instanceof BankError && !e.transient ? await alreadyThere(api, row, session) : undefined;
    if (there) return { state: there };
    if (e instanceof BankError && e.transient) {
      retryLater(life, row, e, o.backoff, o.now());
      return { stop: e };
    }
    // the session gone stops the push; the sync engine logs out when it sees this stop
    if (isSessionGone(e)) return { stop: new LocalizedError('sync.login-needed') };
    if (e instanceof BankError || e instanceof LocalizedError) {
      fail(life, row, e, o.actor);
      return { failed: errorJson(e) };
    }
    throw e;
  }
}

async function send(api: BankApi, row: OutboxItem, session: string): Promise<State> {
  const signature = row.cms.toString('base64');
  if (row.op === 'submit') {
    // the body read back from the signed bytes by the one strict round trip: exactly what was
    // signed, bound to this id, whatever happened to the row since
    const read = readSignedDocumentFor(row.canonical, { id: row.document_id });
    if (!read.ok) throw new LocalizedError('sync.canonical-invalid', { id: row.document_id, reason: read.reason, field: read.field });
    const document = signedDocumentJson(read.binding, read.body);
    return api.call<State>('submitDocument', { params: { id: row.document_id }, body: { document, signature }, session, alsoOk: [200] });
  }
  return api.call<State>('addSignature', { params: { id: row.document_id }, body: { signature }, session });
}

/** The bank's state of the document when it already has every signer this row carries, else undefined. */
async function alreadyThere(api: BankApi, row: OutboxItem, session: string): Promise<State | undefined> {
  try {
    const state = await api.call<State>('document', { params: { id: row.document_id }, session });
    // by the certificates' bytes: a serial says nothing about whose key signed
    const ours = signerDigests(row.cms).map((d) => d.certificateSha256);
    const theirs = new Set(state.signers.map((s) => s.certificateSha256));
    return ours.length > 0 && ours.every((h) => h !== undefined && theirs.has(h)) ? state : undefined;
  } catch {
    return undefined;
  }
}

/** Closes the outbox rows of answered documents and takes the bank's status, all in one transaction; returns the documents closed. */
function markSent(life: DocumentLifecycle, answered: { row: OutboxItem; state: State }[], actor: string, now: Date): string[] {
  const done: string[] = [];
  life.store.transaction(() => {
    const at = now.toISOString();
    for (const { row, state } of answered) if (life.answered(row, state, at)) done.push(row.document_id);
    if (done.length) audit(life.store.db, { actor, action: 'send', subject: done.length === 1 ? done[0]! : `${done.length} documents`, details: { ids: done, ops: [...new Set(answered.map((a) => a.row.op))] } }, now);
  });
  return done;
}

/**
 * The bank could not be reached or failed: this row waits out its backoff, and so does every
 * other pending row due before then (the bank is down for them too; no point knocking again).
 */
function retryLater(life: DocumentLifecycle, row: OutboxItem, e: Error, backoff: BackoffPolicy, now: Date): void {
  const at = new Date(now.getTime() + backoffDelay(row.attempts + 1, backoff)).toISOString();
  life.store.transaction(() => life.outbox.retryAt(row.id, at, errorJson(e)));
}

function fail(life: DocumentLifecycle, row: OutboxItem, e: Error, actor: string): void {
  life.store.transaction(() => {
    life.outbox.fail(row.id, errorJson(e));
    audit(life.store.db, { actor, action: 'send.failed', subject: row.document_id, details: { ...errorJson(e) } });
  });
}

export function errorJson(e: Error): StoredError {
  return e instanceof LocalizedError ? { code: e.code, params: e.params, message: e.message } : { code: 'error', params: {}, message: e.message };
}
