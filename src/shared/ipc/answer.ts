/** How the page reads an answer of main's gate, whichever shell carried it (pure: the tests read it as the page does). */
import type { DispatchResult, WireError } from './bridge.ts';

/** A call's refusal, as the page handles it: the code (a message of the catalogue), its parameters, the field. */
export class AppError extends Error {
  constructor(readonly wire: WireError) {
    super(wire.detail ?? wire.code);
    this.name = 'AppError';
  }
}

/**
 * The one decoder of an answer, whichever way it came: main's gate answers every call with the
 * same envelope. Anything else (not our answer at all) is an internal fault.
 */
export function decode<T>(answer: unknown): T {
  const r = answer as Partial<DispatchResult<T>> | null;
  if (r?.ok === true) return r.value as T;
  if (r?.ok === false && typeof r.error?.code === 'string') throw new AppError(r.error);
  throw new AppError({ code: 'internal', detail: 'an answer that is not an envelope' });
}
