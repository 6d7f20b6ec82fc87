/**
 * The background exchange's scheduler (src/main/sync/scheduler.ts) with a clock moved by hand:
 * the interval, backoff on errors, at once when asked, never two exchanges at once, the session's
 * end announced and obeyed, and nothing after logout.
 */
import { describe, expect, it } from 'vitest';
import { SyncScheduler, type ExchangeOutcome, type SchedulerClock } from '../../src/main/sync/scheduler.ts';

/** Timers that fire only when the test moves the time. */
class ManualClock implements SchedulerClock {
  t = 1_000_000;
  private seq = 0;
  readonly timers = new Map<number, { at: number; fn: () => void }>();
  now = (): number => this.t;
  setTimer = (fn: () => void, ms: number): number => {
    const id = ++this.seq;
    this.timers.set(id, { at: this.t + ms, fn });
    return id;
  };
  clearTimer = (h: unknown): void => void this.timers.delete(h as number);
  /** Moves the time forward, firing each timer due on the way (in order), letting promises settle after each. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, v]) => v.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.t = Math.max(this.t, due[1].at);
      due[1].fn();
      await settle();
    }
    this.t = end;
    await settle();
  }
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

/** An exchange the test finishes by hand, recording when each started and whether two ever overlapped. */
function exchanges(clock: ManualClock) {
  const started: number[] = [];
  const pending: ((o: ExchangeOutcome) => void)[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let auto: ExchangeOutcome | undefined = { ok: true };
  const run = (): Promise<ExchangeOutcome> => {
    started.push(clock.now());
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    return new Promise<ExchangeOutcome>((resolve) => {
      const done = (o: ExchangeOutcome): void => {
        inFlight -= 1;
        resolve(o);
      };
      if (auto) done(auto);
      else pending.push(done);
    });
  };
  return {
    run,
    started,
    pending,
    get maxInFlight() {
      return maxInFlight;
    },
    /** Every exchange answers this at once (undefined: the test answers each by hand). */
    answer(o: ExchangeOutcome | undefined) {
      auto = o;
    },
  };
}

const MIN = 60_000;

describe('sync scheduler', () => {
  it('exchanges at once when started, then every interval while the exchanges work', async () => {
    const clock = new ManualClock();
    const ex = exchanges(clock);
    const planned: (number | undefined)[] = [];
    const s = new SyncScheduler(ex.run, { scheduled: (at) => planned.push(at) }, { clock, intervalMs: MIN });
    const t0 = clock.now();
    await s.start({ expiresAt: t0 + 15 * MIN });
    expect(ex.started).toEqual([t0]);
    expect(s.nextAt).toBe(t0 + MIN);
    await clock.advance(MIN - 1);
    expect(ex.started).toHaveLength(1);
    await clock.advance(1);
    expect(ex.started).toEqual([t0, t0 + MIN]);
    await clock.advance(3 * MIN);
    expect(ex.started).toEqual([t0, t0 + MIN, t0 + 2 * MIN, t0 + 3 * MIN, t0 + 4 * MIN]);
    expect(planned).toContain(t0 + 5 * MIN);
    s.stop();
  });

  it('backs off exponentially (within the jitter window) after errors, and returns to the interval after a success', async () => {
    const clock = new ManualClock();
    const ex = exchanges(clock);
    // the jitter at its top: each delay is the whole window, so the doubling shows
    const s = new SyncScheduler(ex.run, {}, { clock, intervalMs: 10 * MIN, backoff: { baseMs: 2_000, capMs: 60_000, random: () => 0.999999 } });
    ex.answer({ ok: false });
    const t0 = clock.now();
    await s.start({ expiresAt: t0 + 60 * MIN });
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      const before = ex.started.length;
      delays.push(s.nextAt! - clock.now());
      await clock.advance(s.nextAt! - clock.now());
      expect(ex.started.length).toBe(before + 1);
    }
    expect(delays).toEqual([1999, 3999, 7999, 15999, 31999, 59999, 59999]);
    expect(s.failuresInARow).toBe(8);
    ex.answer({ ok: true });
    await clock.advance(s.nextAt! - clock.now());
    expect(s.failuresInARow).toBe(0);
    expect(s.nextAt! - clock.now()).toBe(10 * MIN);
    s.stop();
  });

  it('jitters: with a random of 0.25 the first retry comes at a quarter of the window, never sooner than the minimum', async () => {
    const clock = new ManualClock();
    const ex = exchanges(clock);
    const s = new SyncScheduler(ex.run, {}, { clock, minDelayMs: 1_000, backoff: { baseMs: 8_000, capMs: 60_000, random: () => 0.25 } });
    ex.answer({ ok: false });
    await s.start({ expiresAt: clock.now() + 15 * MIN });
    expect(s.nextAt! - clock.now()).toBe(2_000);
    const zero = new SyncScheduler(ex.run, {}, { clock, minDelayMs: 1_000, backoff: { baseMs: 8_000, capMs: 60_000, random: () => 0 } });
    await zero.start({ expiresAt: clock.now() + 15 * MIN });
    expect(zero.nextAt! - clock.now()).toBe(1_000);
    s.stop();
    zero.stop();
  });

  it('exchanges at once when asked (after sending) and plans the interval from then', async () => {
    const clock = new ManualClock();
    const ex = exchanges(clock);
    const s = new SyncScheduler(ex.run, {}, { clock, intervalMs: MIN });
    const t0 = clock.now();
    await s.start({ expiresAt: t0 + 15 * MIN });
    await clock.advance(20_000);
    await s.requestNow();
    expect(ex.started).toEqual([t0, t0 + 20_000]);
    expect(s.nextAt).toBe(t0 + 20_000 + MIN);
    // the old plan (t0 + 1 min) was dropped: nothing runs then
    await clock.advance(40_000);
    expect(ex.started).toHaveLength(2);
    s.stop();
  });

  it('never runs two exchanges at once: requests during one are served by one more run after it', async () => {
    const clock = new ManualClock();
    const ex = exchanges(clock);
    ex.answer(undefined);
    const s = new SyncScheduler(ex.run, {}, { clock, intervalMs: MIN });
    const first = s.start({ expiresAt: clock.now() + 15 * MIN });
    await settle();
    expect(ex.started).toHaveLength(1);
    expect(s.busy).toBe(true);
    // the user's "exchange now" twice and a signature, all while the first runs
    const manual = [s.requestNow(), s.requestNow(), s.requestNow()];
    // the interval passes while it still runs: no timer was planned, nothing starts
    await clock.advance(2 * MIN);
    expect(ex.started).toHaveLength(1);
    ex.pending.shift()!({ ok: true });
    await first;
    await settle();
    expect(ex.started).toHaveLength(2);
    ex.pending.shift()!({ ok: true });
    await Promise.all(manual);
    expect(ex.started).toHaveLength(2);
    expect(ex.maxInFlight).toBe(1);
    expect(s.nextAt).toBe(clock.now() + MIN);
    s.stop();
  });

  it('stops on logout: nothing is planned or run afterwards, also when an exchange was running', async () => {
    const clock = new ManualClock();
    const ex = exchanges(clock);
    const planned: (number | undefined)[] = [];
    const s = new SyncScheduler(ex.run, { scheduled: (at) => planned.push(at) }, { clock, intervalMs: MIN });
    await s.start({ expiresAt: clock.now() + 15 * MIN });
    ex.answer(undefined);
    await clock.advance(MIN);
    expect(ex.started).toHaveLength(2);
    s.stop();
    ex.pending.shift()!({ ok: true });
    await settle();
    expect(s.active).toBe(false);
    expect(s.nextAt).toBeUndefined();
    expect(planned.at(-1)).toBeUndefined();
    expect(clock.timers.size).toBe(0);
    await clock.advance(60 * MIN);
    expect(ex.started).toHaveLength(2);
  });

  it('announces the session 2 minutes before it ends, then stops at its end', async () => {
    const clock = new ManualClock();
    const ex = exchanges(clock);
    const said: string[] = [];
    const s = new SyncScheduler(ex.run, { expiring: (at) => said.push(`expiring ${at - clock.now()}`), expired: () => said.push(`expired at ${clock.now()}`) }, { clock, intervalMs: MIN });
    const t0 = clock.now();
    await s.start({ expiresAt: t0 + 10 * MIN });
    await clock.advance(8 * MIN - 1);
    expect(said).toEqual([]);
    await clock.advance(1);
    expect(said).toEqual([`expiring ${2 * MIN}`]);
    const runs = ex.started.length;
    await clock.advance(2 * MIN);
    expect(said).toEqual([`expiring ${2 * MIN}`, `expired at ${t0 + 10 * MIN}`]);
    expect(s.active).toBe(false);
    // the exchange at exactly the end may have run before the expiry fired; nothing after it
    const after = ex.started.length;
    expect(after - runs).toBeLessThanOrEqual(1);
    await clock.advance(30 * MIN);
    expect(ex.started.length).toBe(after);
  });

  it('stops when the bank says the session is gone, and says so', async () => {
    const clock = new ManualClock();
    const ex = exchanges(clock);
    let expired = 0;
    const s = new SyncScheduler(ex.run, { expired: () => void (expired += 1) }, { clock, intervalMs: MIN });
    await s.start({ expiresAt: clock.now() + 15 * MIN });
    ex.answer({ ok: false, sessionGone: true });
    await clock.advance(MIN);
    expect(expired).toBe(1);
    expect(s.active).toBe(false);
    expect(clock.timers.size).toBe(0);
    await clock.advance(10 * MIN);
    expect(ex.started).toHaveLength(2);
    expect(expired).toBe(1);
  });

  it('comes sooner than the interval when the outbox has a document due, and a session started inside the warning time is announced at once', async () => {
    const clock = new ManualClock();
    const ex = exchanges(clock);
    let warned = 0;
    const s = new SyncScheduler(ex.run, { expiring: () => void (warned += 1) }, { clock, intervalMs: MIN });
    ex.answer({ ok: true, dueAt: clock.now() + 5_000 });
    await s.start({ expiresAt: clock.now() + 90_000 });
    expect(warned).toBe(1);
    expect(s.nextAt! - clock.now()).toBe(5_000);
    s.stop();
    // a session already over is not served at all
    const ended = new SyncScheduler(ex.run, {}, { clock });
    const before = ex.started.length;
    await ended.start({ expiresAt: clock.now() - 1 });
    expect(ended.active).toBe(false);
    expect(ex.started.length).toBe(before);
  });
});

describe('sync scheduler faults', () => {
  it('an exchange that throws is backed off like a failure, and the one who asked hears of it; a queued request still runs', async () => {
    const clock = new ManualClock();
    let calls = 0;
    let release: (() => void) | undefined;
    const s = new SyncScheduler(
      async () => {
        calls += 1;
        if (calls === 1) await new Promise<void>((r) => (release = r));
        if (calls <= 2) throw new Error('engine fault');
        return { ok: true };
      },
      {},
      { clock, intervalMs: MIN, backoff: { baseMs: 4_000, capMs: 60_000, random: () => 0.5 } },
    );
    const first = s.start({ expiresAt: clock.now() + 15 * MIN });
    await settle();
    const queued = s.requestNow();
    release!();
    await expect(first).rejects.toThrow('engine fault');
    await expect(queued).rejects.toThrow('engine fault');
    expect(calls).toBe(2);
    expect(s.failuresInARow).toBe(2);
    expect(s.nextAt! - clock.now()).toBe(4_000);
    await clock.advance(4_000);
    expect(calls).toBe(3);
    expect(s.failuresInARow).toBe(0);
    s.stop();
  });
});
