import { DOCUMENT_BATCH_BODY_LIMIT, type BatchResult, type DocumentState } from '../../shared/bank-api/documents-api.ts';
import { readSignedDocumentFor, signedDocumentJson } from '../../shared/bank-api/documents/signed.ts';
import type { z } from 'zod';
import { LocalizedError } from '../../shared/i18n/index.ts';
import { verifyDetached } from '../../crypto/cms/verify.ts';
import { audit } from '../audit/audit-log.ts';
import { BankError, problemBankError, type BankApi } from '../bank/bank-api.ts';
import { isSessionGone } from '../bank/session.ts';
import type { BankTrust } from '../bank/trust.ts';
import { signerDigests } from '../../crypto/cms/signer-digests.ts';
import type { DocumentLifecycle } from '../documents/lifecycle.ts';
import type { OutboxItem, StoredError } from '../store/outbox.ts';
import { backoffDelay, type BackoffPolicy } from './backoff.ts';

export type { StoredError } from '../store/outbox.ts';

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
 * Submissions go in batches (POST /v1/documents/batch, at most DOCUMENT_BATCH_MAX) of this many
 * documents: one request, one parse and one commit here for many, instead of one each. Measured
 * with bench/client.ts (see the README's sync figures): 64-256 a batch and 2-4 in flight were
 * within the noise of one another, and all well above one PUT each.
 */
const BATCH = 128;
/** Batches in flight at once: the bank checks one while the next is verified here and travels. */
const BATCHES_IN_FLIGHT = 3;
/** A batch's estimated body size stays below this (the bank takes DOCUMENT_BATCH_BODY_LIMIT, 8 MiB). */
const BATCH_BYTES = DOCUMENT_BATCH_BODY_LIMIT / 2;
/**
 * Single requests in flight at once (added signatures; every document when the bank has no
 * batch route): the bank checks some while others travel and ours are verified. A bank that
 * commits submissions arriving together in one transaction (the sandbox does) pays one fsync
 * for all that are in flight, so more in flight means fewer fsyncs per document.
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

type State = z.infer<typeof DocumentState>;
type Outcome = { state: State } | { failed: StoredError } | { stop: Error };

/**
 * Sends what the outbox holds, oldest first: submissions in batches (each document with its own
 * result), added signatures one request each, several requests in flight. A document is marked
 * sent only when its own answer parses, names it (in a batch: its id echoed at its position of a
 * results list as long as what was sent), and is stored in the transaction that closes its
 * outbox row: a crash before that leaves the row pending, and sending the same id and bytes
 * again gets the same answer (the bank's idempotency), so the bank has each payment exactly
 * once. A transient failure (offline, 5xx, timeout) stops the run; what is in flight finishes.
 * A bank without the batch route (404 or 405) gets one PUT per document from then on.
 */
export async function pushOutbox(life: DocumentLifecycle, api: BankApi, trust: BankTrust, session: string, o: PushOptions): Promise<PushReport> {
  const report: PushReport = { sent: [], failed: [], retrying: 0 };
  const answered: { row: OutboxItem; state: State }[] = [];
  const commit = (): void => {
    if (answered.length === 0) return;
    report.sent.push(...markSent(life, answered.splice(0), o.actor, o.now()));
  };
  let stop: Error | undefined;
  const take = (row: OutboxItem, outcome: Outcome): void => {
    if ('state' in outcome) answered.push({ row, state: outcome.state });
    else if ('failed' in outcome) report.failed.push({ id: row.document_id, error: outcome.failed });
    else stop ??= outcome.stop;
  };
  const rows = new RowSource(life, o.now().toISOString(), o.limit ?? Number.MAX_SAFE_INTEGER);

  /** One document at a time, `width` in flight, until the rows given are done or the run stops. */
  const singly = async (list: OutboxItem[], width: number): Promise<void> => {
    let next = 0;
    const lane = async (): Promise<void> => {
      while (!stop && next < list.length) {
        const row = list[next++]!;
        take(row, await pushOne(life, api, trust, session, row, o));
        if (answered.length >= COMMIT_EVERY) commit();
      }
    };
    await Promise.all(Array.from({ length: Math.min(width, list.length) }, lane));
  };

  const lane = async (): Promise<void> => {
    for (let unit = rows.unit(); !stop && unit; unit = rows.unit()) {
      const batched = api.unsupported.has('submitDocuments') ? [] : unit.submits;
      const single = batched === unit.submits ? unit.others : [...unit.submits, ...unit.others];
      const width = Math.ceil(IN_FLIGHT / BATCHES_IN_FLIGHT);
      await Promise.all([
        batched.length
          ? pushBatch(life, api, trust, session, batched, o).then((r) => {
              r.outcomes.forEach((outcome, i) => outcome && take(batched[i]!, outcome));
              return singly(r.singly, width);
            })
          : undefined,
        singly(single, width),
      ]);
      commit();
    }
  };
  await Promise.all(Array.from({ length: BATCHES_IN_FLIGHT }, lane));
  commit();
  if (stop) report.stoppedBy = stop;
  report.retrying = life.outbox.pendingCount();
  return report;
}

/**
 * The due rows, read a page at a time as they are needed, handed out as units: up to BATCH
 * submissions (each document at most once, the body within BATCH_BYTES) and the added
 * signatures read among them.
 */
class RowSource {
  private page: OutboxItem[] = [];
  private at = 0;
  private after = 0;
  private ended = false;

  constructor(
    private readonly life: DocumentLifecycle,
    private readonly due: string,
    private budget: number,
  ) {}

  private peek(): OutboxItem | undefined {
    if (this.at < this.page.length) return this.page[this.at];
    if (this.ended || this.budget <= 0) return undefined;
    this.page = this.life.outbox.due(this.due, this.after, Math.min(PAGE, this.budget));
    this.at = 0;
    if (this.page.length === 0) {
      this.ended = true;
      return undefined;
    }
    this.after = this.page[this.page.length - 1]!.id;
    this.budget -= this.page.length;
    return this.page[0];
  }

  unit(): { submits: OutboxItem[]; others: OutboxItem[] } | undefined {
    const submits: OutboxItem[] = [];
    const others: OutboxItem[] = [];
    const ids = new Set<string>();
    let bytes = 0;
    for (let row = this.peek(); row && submits.length + others.length < BATCH; row = this.peek()) {
      if (row.op === 'submit') {
        const size = estimatedSize(row);
        // a document already in this batch, or one that would make it too large, opens the next one
        if (ids.has(row.document_id) || (submits.length > 0 && bytes + size > BATCH_BYTES)) break;
        ids.add(row.document_id);
        bytes += size;
        submits.push(row);
      } else others.push(row);
      this.at++;
    }
    return submits.length + others.length ? { submits, others } : undefined;
  }
}

/** An upper bound of a submission's share of a batch body: the document's JSON (at most the canonical bytes, escapes doubled) and the base64 signature. */
const estimatedSize = (row: OutboxItem): number => 2 * row.canonical.length + Math.ceil((row.cms.length * 4) / 3) + 128;

/**
 * One batch: every signature verified here first (a broken one fails its row and stays home),
 * the rest sent in one request, and what came of each, in the order of `rows` (committed by the
 * caller). When the bank has no batch route, or refused the batch as a whole, `singly` are the
 * rows for the caller to send one by one, each for its own answer.
 */
async function pushBatch(life: DocumentLifecycle, api: BankApi, trust: BankTrust, session: string, rows: OutboxItem[], o: PushOptions): Promise<{ outcomes: (Outcome | undefined)[]; singly: OutboxItem[] }> {
  const outcomes: (Outcome | undefined)[] = new Array<Outcome | undefined>(rows.length);
  const sent: { at: number; row: OutboxItem; body: { id: string; document: unknown; signature: string } }[] = [];
  for (const [at, row] of rows.entries()) {
    const prepared = await prepare(life, trust, row, o);
    if ('failed' in prepared) outcomes[at] = prepared;
    else sent.push({ at, row, body: { id: row.document_id, document: prepared.body.document, signature: prepared.body.signature } });
  }
  const done = { outcomes, singly: [] as OutboxItem[] };
  if (sent.length === 0) return done;
  let results: BatchResult[];
  try {
    ({ results } = await api.call<{ results: BatchResult[] }>('submitDocuments', { body: { documents: sent.map((s) => s.body) }, session }));
    const wrong = answerMismatch(sent.map((s) => s.row.document_id), results);
    if (wrong) throw wrong;
  } catch (e) {
    const status = e instanceof BankError ? e.params.status : undefined;
    if (status === 404 || status === 405) {
      api.unsupported.add('submitDocuments');
      return { outcomes, singly: sent.map((s) => s.row) };
    }
    if (e instanceof BankError && e.transient) {
      // the bank may have taken some or all of them; each goes again (the same bytes answer the same)
      retryLater(life, sent.map((s) => s.row), e, o.backoff, o.now());
      for (const s of sent) outcomes[s.at] = { stop: e };
      return done;
    }
    if (isSessionGone(e)) {
      for (const s of sent) outcomes[s.at] = { stop: new LocalizedError('sync.login-needed') };
      return done;
    }
    // the bank refused the batch as a whole (none of it taken): each document goes on its own, to get its own answer
    if (e instanceof BankError) return { outcomes, singly: sent.map((s) => s.row) };
    throw e;
  }
  await Promise.all(
    sent.map(async (s, i) => {
      const r = results[i]!;
      outcomes[s.at] = 'state' in r ? { state: r.state } : await settle(life, api, session, s.row, problemBankError('submitDocument', r.status, r.problem), o);
    }),
  );
  return done;
}

/** Why a batch answer cannot be trusted, if it cannot: each result must name the document sent at its position, and there must be one for each. */
function answerMismatch(ids: string[], results: BatchResult[]): BankError | undefined {
  const mismatch = (params: Record<string, string | number>): BankError => new BankError('sync.batch-answer-mismatch', { sent: ids.length, ...params }, true);
  if (results.length !== ids.length) return mismatch({ reason: 'count', answered: results.length });
  for (const [i, r] of results.entries()) {
    const named = 'state' in r && r.state.id !== r.id ? r.state.id : r.id;
    if (r.id !== ids[i] || named !== ids[i]) return mismatch({ reason: 'id', position: i + 1, id: ids[i]!, other: named === ids[i] ? r.id : named });
  }
  return undefined;
}

/** A row ready to leave: its signature verified here and the body read back from its signed bytes; or why it cannot go (stored on the row). */
async function prepare(life: DocumentLifecycle, trust: BankTrust, row: OutboxItem, o: PushOptions): Promise<{ body: { document?: unknown; signature: string } } | { failed: StoredError }> {
  // the signature must verify here before it leaves: a broken one would only come back refused
  const check = await verifyDetached(row.canonical, row.cms, [trust.ca], `document ${row.document_id}`).catch((e: Error) => ({ ok: false, signers: [], reason: e.message }));
  if (!check.ok) {
    const reason = 'reason' in check ? check.reason : check.signers.flatMap((s) => s.problems.map((p) => p.message)).join('; ');
    const error = new LocalizedError('sync.signature-invalid', { id: row.document_id, reason });
    fail(life, row, error, o.actor);
    return { failed: errorJson(error) };
  }
  const signature = row.cms.toString('base64');
  if (row.op !== 'submit') return { body: { signature } };
  // the body read back from the signed bytes by the one strict round trip: exactly what was
  // signed, bound to this id, whatever happened to the row since
  const read = readSignedDocumentFor(row.canonical, { id: row.document_id });
  if (!read.ok) {
    const error = new LocalizedError('sync.canonical-invalid', { id: row.document_id, reason: read.reason, field: read.field });
    fail(life, row, error, o.actor);
    return { failed: errorJson(error) };
  }
  return { body: { document: signedDocumentJson(read.binding, read.body), signature } };
}

/** One document on its own request: verified here, sent, and what came of it (committed by the caller, in batches). */
async function pushOne(life: DocumentLifecycle, api: BankApi, trust: BankTrust, session: string, row: OutboxItem, o: PushOptions): Promise<Outcome> {
  const prepared = await prepare(life, trust, row, o);
  if ('failed' in prepared) return prepared;
  try {
    const state =
      row.op === 'submit'
        ? await api.call<State>('submitDocument', { params: { id: row.document_id }, body: prepared.body, session, alsoOk: [200] })
        : await api.call<State>('addSignature', { params: { id: row.document_id }, body: prepared.body, session });
    // an answer about another document says nothing about ours: try again later (resending is safe)
    if (state.id !== row.document_id) throw new BankError('sync.answer-mismatch', { id: row.document_id, other: state.id }, true);
    return { state };
  } catch (e) {
    return settle(life, api, session, row, e, o);
  }
}

/** What a failed sending of one document comes to, the same whether it went alone or in a batch (then `e` is its own problem). */
async function settle(life: DocumentLifecycle, api: BankApi, session: string, row: OutboxItem, e: unknown, o: PushOptions): Promise<Outcome> {
  // a crash, or a lost answer, after the bank took it: the bank has every signer already
  const there = e instanceof BankError && !e.transient ? await alreadyThere(api, row, session) : undefined;
  if (there) return { state: there };
  if (e instanceof BankError && e.transient) {
    retryLater(life, [row], e, o.backoff, o.now());
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
 * The bank could not be reached or failed: these rows wait out their backoff, and so does every
 * other pending row due before then (the bank is down for them too; no point knocking again).
 */
function retryLater(life: DocumentLifecycle, rows: OutboxItem[], e: Error, backoff: BackoffPolicy, now: Date): void {
  const error = errorJson(e);
  life.store.transaction(() => {
    for (const row of rows) life.outbox.retryAt(row.id, new Date(now.getTime() + backoffDelay(row.attempts + 1, backoff)).toISOString(), error);
  });
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
