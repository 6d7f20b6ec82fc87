import { sign as nodeSign, type KeyObject } from 'node:crypto';
import { withSigningBatch, type SubmitDigests } from '../pkcs11/batch-signing.ts';
import { hashFor, schemeFor, signDigest, type TokenKey } from '../pkcs11/keys.ts';
import type { SignScheme } from '../pkcs11/mechanisms.ts';
import type { TokenSession } from '../pkcs11/session.ts';
import { nodeHashName, type Hash } from './algorithms.ts';

/**
 * Where CMS signatures come from: a key on a token (the client's signers) or a software key
 * (the bank's receipts). Either returns the raw signature value: r||s for ECDSA.
 */
export interface SignatureSource {
  readonly scheme: SignScheme;
  readonly hash: Hash;
  /** Signs the signed attributes: `digest` is their hash, `message` the bytes themselves. */
  sign(digest: Buffer, message: Buffer): Promise<Buffer>;
  /** Runs many signatures as one operation, when the source has a faster way than one by one. */
  batch?<T>(fn: (submit: SubmitDigests) => Promise<T>, signal: AbortSignal): Promise<T>;
  /** The same as sign, at once: only software keys can (a token answers asynchronously). */
  signSync?(digest: Buffer, message: Buffer): Buffer;
}

export function tokenSource(session: TokenSession, key: TokenKey, options: { pss?: boolean } = {}): SignatureSource {
  const scheme = schemeFor(key, options.pss);
  const hash = hashFor(key);
  return {
    scheme,
    hash,
    sign: (digest) => signDigest(session, key, scheme, digest, hash),
    batch: (fn, signal) => withSigningBatch(session, key, scheme, fn, { signal }),
  };
}

/** A software EC or RSA (PKCS#1 v1.5) key, for the bank side where no token is needed. */
export function softwareSource(key: KeyObject, hash: Hash = 'SHA-256'): SignatureSource {
  const scheme: SignScheme = key.asymmetricKeyType === 'ec' ? 'ecdsa' : 'rsa-pkcs1';
  const signSync = (_digest: Buffer, message: Buffer): Buffer => nodeSign(nodeHashName(hash), message, scheme === 'ecdsa' ? { key, dsaEncoding: 'ieee-p1363' } : key);
  return { scheme, hash, signSync, sign: async (digest, message) => signSync(digest, message) };
}
