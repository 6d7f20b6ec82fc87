/**
 * When to try again after `attempts` failures: exponential from `baseMs`, capped, with full
 * jitter (a random point in the window) so that many clients coming back online after an outage
 * do not all knock at once.
 */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
  random: () => number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, capMs: 5 * 60_000, random: Math.random };

export function backoffDelay(attempts: number, p: BackoffPolicy = DEFAULT_BACKOFF): number {
  const window = Math.min(p.capMs, p.baseMs * 2 ** Math.min(Math.max(attempts - 1, 0), 30));
  return Math.floor(p.random() * window);
}
