import { getSetting, setSetting, type Db } from './store.ts';

/**
 * The bank's simulated clock: real time plus an offset that tests move forward through the
 * admin API (statuses, session expiry and certificate validity all follow it). Persisted, so a
 * restart keeps the bank's idea of "now".
 */
export class BankClock {
  private offsetMs: number;

  constructor(private readonly db: Db) {
    this.offsetMs = Number(getSetting(db, 'clock.offset_ms') ?? '0');
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(seconds: number): Date {
    this.offsetMs += Math.round(seconds * 1000);
    setSetting(this.db, 'clock.offset_ms', String(this.offsetMs));
    return this.now();
  }
}
