import { LocalizedError } from '../../src/shared/i18n/index.ts';

/** The error of the given class a call throws (fails the test when it throws anything else or nothing). */
export function errorOf<E extends Error = LocalizedError>(fn: () => unknown, kind: abstract new (...args: never[]) => E = LocalizedError as unknown as abstract new (...args: never[]) => E): E {
  try {
    fn();
  } catch (e) {
    if (e instanceof kind) return e;
    throw e;
  }
  throw new Error(`expected a ${kind.name}`);
}
