import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.ts';

/** The time and timers the scheduler reads: the real ones in the app, a hand-moved one in tests. */
export interface SchedulerClock {
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const REAL_CLOCK: SchedulerClock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => {
    const h = setTimeout(fn, ms);
    // a pending exchange never keeps the process (the CLI, a test) alive
    h.unref?.();
    return h;
  },
  clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** How one exchange went: done (and when the outbox wants the next one, if sooner), failed (back off), or the session is gone. */
export type ExchangeOutcome = { ok: true; dueAt?: number } | { ok: false; sessionGone?: boolean };

export interface SchedulerOptions {
  /** Between exchanges that worked. */
  intervalMs?: number;
  /** After failed exchanges: exponential with full jitter (backoff.ts). */
  backoff?: BackoffPolicy;
  /** How long before the session ends it is announced. */
  warnBeforeMs?: number;
  /** No exchange follows the previous one sooner than this (a jitter of 0, an outbox row due now). */
  minDelayMs?: number;
  clock?: SchedulerClock;
}

export interface SchedulerListener {
  /** The next exchange is planned for this time (undefined: none, the scheduler is stopped or one is running). */
  scheduled?(nextAt: number | undefined): void;
  /** The session ends at `expiresAt` and is within the warning time of it. */
  expiring?(expiresAt: number): void;
  /** The session ended (its time ran out, or the bank said it is gone): the scheduler has stopped. */
  expired?(): void;
}

export const SYNC_INTERVAL_MS = 60_000;
export const SESSION_WARNING_MS = 2 * 60_000;
/** setTimeout's limit; a session longer than this is checked again when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The background exchange while a session lasts: at once when started (after login), then every
 * interval; after a failure, again after an exponential, jittered delay; at once when asked (after
 * sending or signing, or the user's "exchange now"). One exchange at a time: a request while one
 * runs is served by one more run right after it (requests coalesce). It announces the session's
 * end `warnBeforeMs` ahead and stops when the session ends or the bank says it is gone.
 */
export class SyncScheduler {
  private readonly clock: SchedulerClock;
  private readonly intervalMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly warnBeforeMs: number;
  private readonly minDelayMs: number;
  private session?: { expiresAt: number };
  private timer?: unknown;
  private warnTimer?: unknown;
  private expiryTimer?: unknown;
  private next?: number;
  private failures = 0;
  private running?: Promise<void>;
  private queued?: Promise<void>;

  constructor(
    private readonly exchange: () => Promise<ExchangeOutcome>,
    private readonly listener: SchedulerListener = {},
    o: SchedulerOptions = {},
  ) {
    this.clock = o.clock ?? REAL_CLOCK;
    this.intervalMs = o.intervalMs ?? SYNC_INTERVAL_MS;
    this.backoff = o.backoff ?? DEFAULT_BACKOFF;
    this.warnBeforeMs = o.warnBeforeMs ?? SESSION_WARNING_MS;
    this.minDelayMs = o.minDelayMs ?? 1_000;
  }

  /** Whether a session is being served. */
  get active(): boolean {
    return this.session !== undefined;
  }

  /** When the next exchange is planned (ms since the epoch), if one is. */
  get nextAt(): number | undefined {
    return this.next;
  }

  /** Failed exchanges in a row (what the backoff counts). */
  get failuresInARow(): number {
    return this.failures;
  }

  /** Whether an exchange of this scheduler runs now. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Serves a session (a new login replaces the one before): exchanges at once, then on the interval. */
  start(session: { expiresAt: number }): Promise<void> {
    this.stopTimers();
    this.session = session;
    this.failures = 0;
    this.watchExpiry();
    // already over: announced as ended, nothing to exchange for
    if (!this.session) return Promise.resolve();
    return this.requestNow();
  }

  /** Logout, or the session ended: no exchange is planned any more (one running finishes). */
  stop(): void {
    this.session = undefined;
    this.stopTimers();
    this.plan(undefined);
  }

  /**
   * An exchange now, or right after the one running (never two at once). Works without a session
   * too (the exchange then says "log in"), but plans nothing after it. Rejects when the exchange
   * itself threw (a fault, not a refusal of the bank: those are the exchange's outcome).
   */
  requestNow(): Promise<void> {
    if (!this.running) return this.launch();
    const go = (): Promise<void> => {
      this.queued = undefined;
      return this.launch();
    };
    this.queued ??= this.running.then(go, go);
    return this.queued;
  }

  private launch(): Promise<void> {
    this.clearTimer('timer');
    this.plan(undefined);
    const run: Promise<void> = (async () => {
      let outcome: ExchangeOutcome;
      let thrown: { error: unknown } | undefined;
      try {
        outcome = await this.exchange();
      } catch (error) {
        // a fault, not the bank's answer: backed off like a failure, and the caller who asked hears of it
        outcome = { ok: false };
        thrown = { error };
      }
      this.after(outcome);
      if (thrown) throw thrown.error;
    })().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }

  private after(outcome: ExchangeOutcome): void {
    if (!this.session) return;
    if (!outcome.ok && outcome.sessionGone) return this.expire();
    let delay: number;
    if (outcome.ok) {
      this.failures = 0;
      delay = this.intervalMs;
      if (outcome.dueAt !== undefined) delay = Math.min(delay, outcome.dueAt - this.clock.now());
    } else {
      this.failures += 1;
      delay = backoffDelay(this.failures, this.backoff);
    }
    // a request already waits to run after this one: it is the next exchange
    if (this.queued) return;
    delay = Math.max(this.minDelayMs, delay);
    this.timer = this.clock.setTimer(() => {
      this.timer = undefined;
      this.requestNow().catch(() => undefined);
    }, delay);
    this.plan(this.clock.now() + delay);
  }

  private watchExpiry(): void {
    const s = this.session;
    if (!s) return;
    const left = s.expiresAt - this.clock.now();
    if (left <= 0) return this.expire();
    if (left <= this.warnBeforeMs) this.listener.expiring?.(s.expiresAt);
    else this.warnTimer = this.clock.setTimer(() => this.session === s && this.listener.expiring?.(s.expiresAt), Math.min(MAX_TIMER_MS, left - this.warnBeforeMs));
    this.expiryTimer = this.clock.setTimer(() => {
      this.expiryTimer = undefined;
      if (this.session !== s) return;
      if (s.expiresAt > this.clock.now()) {
        this.clearTimer('warnTimer');
        this.watchExpiry();
      } else this.expire();
    }, Math.min(MAX_TIMER_MS, left));
  }

  private expire(): void {
    this.stop();
    this.listener.expired?.();
  }

  private plan(at: number | undefined): void {
    if (this.next === at) return;
    this.next = at;
    this.listener.scheduled?.(at);
  }

  private clearTimer(which: 'timer' | 'warnTimer' | 'expiryTimer'): void {
    if (this[which] !== undefined) this.clock.clearTimer(this[which]);
    this[which] = undefined;
  }

  private stopTimers(): void {
    this.clearTimer('timer');
    this.clearTimer('warnTimer');
    this.clearTimer('expiryTimer');
  }
}
