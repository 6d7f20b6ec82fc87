import { generateSync } from 'otplib';

/** RFC 6238's time step. */
export const TOTP_STEP_S = 30;
/** A code is accepted for the bank's time step and the one before or after it (±30 s). */
export const TOTP_TOLERANCE_S = 30;

/**
 * The code a person can log in with next, as an authenticator app shows it: the current step's,
 * or, when that step was used already, the next step's (the bank accepts it, once). When both
 * were used, how long to wait. `lastStep` is the step of the last code the bank accepted.
 */
export function nextUsableCode(secret: string, lastStep: number | null, now: Date): { code: string; validForSeconds: number } | { waitSeconds: number } {
  const epoch = Math.floor(now.getTime() / 1000);
  const current = Math.floor(epoch / TOTP_STEP_S);
  const step = Math.max(current, (lastStep ?? -1) + 1);
  const untilStepEnds = (step + 1) * TOTP_STEP_S - epoch;
  if (step > current + 1) return { waitSeconds: (step - 1) * TOTP_STEP_S - epoch };
  return { code: generateSync({ secret, epoch: step * TOTP_STEP_S }), validForSeconds: untilStepEnds };
}
