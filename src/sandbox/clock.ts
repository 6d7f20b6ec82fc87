import { getSetting, setSetting, type Db } from './store.ts';

/**
 * The bank's simulated clock: real time plus an offset that tests and the officer move through
 * the admin API. Document statuses, session and challenge expiry, lockouts and certificate
 * validity follow it. Persisted, so a restart keeps the bank's idea of "now". One-time codes do
 * not follow it (an authenticator app shows real time): see OtpClock.
 */
export class BankClock {
  private offsetMs: number;

  constructor(private readonly db: Db) {
    this.offsetMs = Number(getSetting(db, 'clock.offset_ms') ?? '0');
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** How far the bank's clock is ahead of real time, in seconds. */
  offsetSeconds(): number {
    return this.offsetMs / 1000;
  }

  advance(seconds: number): Date {
    return this.setOffset(this.offsetMs / 1000 + seconds);
  }

  /** Puts the clock at real time plus `seconds` (0: back to real time). Never before real time. */
  setOffset(seconds: number): Date {
    this.offsetMs = Math.max(0, Math.round(seconds * 1000));
    setSetting(this.db, 'clock.offset_ms', String(this.offsetMs));
    return this.now();
  }
}

/**
 * The time one-time codes (TOTP) are checked against: real time, as the person's authenticator
 * app has it, whatever the bank's simulated clock says. Not reachable over HTTP; an in-process
 * test may step it forward (`advance`) to get a fresh code without waiting 30 seconds.
 */
export class OtpClock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(seconds: number): void {
    this.offsetMs += Math.round(seconds * 1000);
  }
}
