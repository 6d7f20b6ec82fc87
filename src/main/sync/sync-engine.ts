import { LocalizedError } from '../../shared/i18n/index.ts';
import { BankError, type BankApi } from '../bank/bank-api.ts';
import { isSessionGone, logout, requireSession } from '../bank/session.ts';
import { bankTrust } from '../bank/trust.ts';
import { type Db } from '../store/database.ts';
import { deleteSetting, getSetting, setSetting } from '../store/settings.ts';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.ts';
import { DocumentLifecycle } from '../documents/lifecycle.ts';
import { DocumentStore } from '../store/documents.ts';
import { OutboxStore } from '../store/outbox.ts';
import { errorJson, pushOutbox, type PushReport, type StoredError } from './outbox.ts';
import { pullChanges, type PullReport, type StatusMove } from './pull.ts';
import { pullBankData } from './pull-bank-data.ts';

/** What the UI shows of sync: how much waits, when it last worked, and the last error in words. */
export interface SyncState {
  running: boolean;
  pending: number;
  /** Refused by the bank for good; each has its reason on the document. */
  failed: number;
  /** When the next pending document is due (after a backoff), if any. */
  nextAttemptAt?: string;
  lastSuccessAt?: string;
  lastError?: { code: string; params: Record<string, string | number>; message: string; at: string };
}

export interface SyncReport {
  push: PushReport;
  pull?: PullReport;
  /** Documents whose status the bank's receipts moved in this run (each once, in the feed's order). */
  moved: StatusMove[];
  /** Why the run stopped short (offline, the bank refused, the session is gone), if it did. */
  error?: { code: string; sessionGone: boolean };
}

export type SyncListener = (state: SyncState) => void;

/**
 * The sync engine: push the outbox, then pull the changes feed and the bank's data. Each run is
 * safe to interrupt at any point (see pushOutbox and pullChanges); errors are kept as the last
 * error for the user, and pending documents wait for their next attempt with backoff.
 */
export class SyncEngine {
  private running = false;
  private readonly listeners = new Set<SyncListener>();
  private readonly life: DocumentLifecycle;

  constructor(
    private readonly db: Db,
    private readonly api: BankApi,
    private readonly o: { actor: string; backoff?: BackoffPolicy; now?: () => Date } = { actor: 'sync' },
  ) {
    this.life = new DocumentLifecycle(new DocumentStore(db), new OutboxStore(db));
  }

  private now(): Date {
    return this.o.now?.() ?? new Date();
  }

  state(): SyncState {
    const failed = this.life.outbox.failedCount();
    const next = this.life.outbox.nextAttemptAt();
    const lastSuccessAt = getSetting(this.db, 'sync.last-success');
    const lastError = getSetting(this.db, 'sync.last-error');
    return {
      running: this.running,
      pending: this.life.outbox.pendingCount(),
      failed,
      ...(next ? { nextAttemptAt: next } : {}),
      ...(lastSuccessAt ? { lastSuccessAt } : {}),
      ...(lastError ? { lastError: JSON.parse(lastError) as SyncState['lastError'] } : {}),
    };
  }

  onChange(listener: SyncListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    const s = this.state();
    for (const l of this.listeners) l(s);
  }

  /** Makes every pending document due now (the user's "retry now"). */
  retryNow(): void {
    this.life.outbox.allDueAt(this.now().toISOString());
    this.emit();
  }

  /** One run: push what is due, then pull. Throws only for programming errors; failures go to the state. */
  async syncOnce(): Promise<SyncReport> {
    if (this.running) throw new LocalizedError('sync.busy');
    this.running = true;
    this.emit();
    const report: SyncReport = { push: { sent: [], failed: [], retrying: this.life.outbox.pendingCount() }, moved: [] };
    try {
      const stored = requireSession(this.db);
      const session = stored.token;
      const trust = await bankTrust(this.db, this.api);
      report.push = await pushOutbox(this.life, this.api, trust, session, { actor: this.o.actor, backoff: this.o.backoff ?? DEFAULT_BACKOFF, now: () => this.now() });
      if (report.push.stoppedBy) throw report.push.stoppedBy;
      const receipts = await pullChanges(this.life, this.api, trust, { token: session, companyId: stored.user.company.id }, this.o.actor, report.moved);
      report.pull = { receipts, ...(await pullBankData(this.db, this.api, session, trust, stored.user.company.id)) };
      setSetting(this.db, 'sync.last-success', this.now().toISOString());
      if (report.push.failed.length === 0) deleteSetting(this.db, 'sync.last-error');
      else this.recordError(report.push.failed[0]!.error);
    } catch (e) {
      if (!(e instanceof LocalizedError) && !(e instanceof BankError)) throw e;
      const expired = isSessionGone(e);
      if (expired) logout(this.db);
      report.error = { code: e instanceof BankError ? (e.problem?.code ?? e.code) : e.code, sessionGone: expired };
      this.recordError(expired ? new LocalizedError('sync.login-needed') : e);
    } finally {
      this.running = false;
      this.emit();
    }
    return report;
  }

  /**
   * Runs until nothing is pending or the deadline passes, waiting between runs for the next
   * due attempt (the backoff), so a flaky bank is retried and an outage is waited out.
   */
  async syncUntilDone(deadline: Date, sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))): Promise<SyncState> {
    for (;;) {
      await this.syncOnce();
      const s = this.state();
      const loginNeeded = s.lastError?.code === 'sync.login-needed';
      if ((s.pending === 0 && !s.lastError) || loginNeeded) return s;
      const now = this.now().getTime();
      if (now >= deadline.getTime()) return s;
      const due = s.nextAttemptAt ? Date.parse(s.nextAttemptAt) : now + 1000;
      await sleep(Math.max(50, Math.min(due - now, deadline.getTime() - now)));
    }
  }

  private recordError(e: Error | StoredError): void {
    setSetting(this.db, 'sync.last-error', JSON.stringify({ ...(e instanceof Error ? errorJson(e) : e), at: this.now().toISOString() }));
  }
}
