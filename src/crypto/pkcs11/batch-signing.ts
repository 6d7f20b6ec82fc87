import { ckrName, toTokenError, TokenError } from './errors.ts';
import { signHashFor, type TokenKey } from './keys.ts';
import { mechanismName, signInput, signMechanism, type SignScheme } from './mechanisms.ts';
import type { TokenSession } from './session.ts';
import { SignWorker } from './sign-worker.ts';

/** The signatures of a chunk, in order; fewer than asked when `error` (a token failure or the abort) stopped it. */
export interface ChunkResult {
  signatures: Buffer[];
  error?: Error;
}

/** Signs one chunk of digests. Never rejects: once the batch has stopped, chunks come back empty with the error. */
export type SubmitDigests = (digests: Buffer[]) => Promise<ChunkResult>;

/**
 * Runs `fn` as one operation on the token, during which it may submit chunks of digests to
 * be signed by the signing worker (synchronous C_Sign off the main thread). Chunks are signed
 * in submission order; submitting the next chunk while one is out keeps the token busy while
 * the caller prepares and stores the rest.
 *
 * A failure (token removed, PIN locked...) or an abort stops the batch: the chunk in flight
 * resolves with the signatures made before it, later chunks resolve empty, all with the error.
 */
export function withSigningBatch<T>(
  session: TokenSession,
  key: TokenKey,
  scheme: SignScheme,
  fn: (submit: SubmitDigests) => Promise<T>,
  options: { signal?: AbortSignal } = {},
): Promise<T> {
  if (!key.privateKey) return Promise.reject(new TokenError('token.not-logged-in'));
  const privateKey = key.privateKey;
  // a batch signs digests: GOST keys sign theirs (Streebog, computed by the caller) with the raw
  // mechanism; the combined one would need the messages themselves
  const hash = signHashFor(key);
  let mechanism: ReturnType<typeof signMechanism>;
  try {
    mechanism = signMechanism(scheme, hash);
  } catch (e) {
    return Promise.reject(e as Error);
  }
  if (scheme === 'gost-hash-on-token') return Promise.reject(new TokenError('mechanism.unsupported', { mechanism: `${mechanismName(mechanism.mechanism)} (in a batch of digests)` }));
  const worker = SignWorker.for(session.module.choice.path);
  const cancel = new SharedArrayBuffer(4);
  const flag = new Int32Array(cancel);
  const onAbort = (): void => void Atomics.store(flag, 0, 1);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let stopped: Error | undefined;
  const outstanding = new Set<Promise<unknown>>();

  const submit: SubmitDigests = async (digests) => {
    if (options.signal?.aborted) stopped ??= abortError(options.signal);
    if (stopped) return { signatures: [], error: stopped };
    const job = worker.run({
      session: session.handle,
      key: privateKey,
      mechanism,
      inputs: digests.map((d) => signInput(scheme, hash, d)),
      cancel,
    });
    outstanding.add(job);
    const result = await job.finally(() => outstanding.delete(job));
    if (result.error) {
      const native = Object.assign(new Error(result.error.message), { code: result.error.code });
      stopped ??= result.error.code === undefined ? native : toTokenError(native, 'C_Sign', { ckr: ckrName(result.error.code), mechanism: mechanismName(mechanism.mechanism) });
    } else if (result.signatures.length < digests.length) {
      stopped ??= abortError(options.signal);
    }
    return result.signatures.length < digests.length ? { signatures: result.signatures, error: stopped } : { signatures: result.signatures };
  };

  return session.queue.run(async () => {
    try {
      return await fn(submit);
    } finally {
      // Whatever ended `fn` (even a throw), the worker must be done with the session before
      // the token is handed to anyone else: stop it and wait for the chunks still out.
      Atomics.store(flag, 0, 1);
      await Promise.allSettled([...outstanding]);
      options.signal?.removeEventListener('abort', onAbort);
    }
  });
}

function abortError(signal?: AbortSignal): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new DOMException('The batch was cancelled', 'AbortError');
}
