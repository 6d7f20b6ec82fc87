import { sign as nodeSign, type KeyObject } from 'node:crypto';
import type { GostCurve } from '../gost/curves.ts';
import { encodeSignature } from '../gost/encoding.ts';
import { signDigest as gostSignDigest } from '../gost/signature.ts';
import { withSigningBatch, type SubmitDigests } from '../pkcs11/batch-signing.ts';
import { gostSchemeFor, schemeFor, signDigest, signHashFor, type TokenKey } from '../pkcs11/keys.ts';
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
  // a GOST key signs as its token can: the raw mechanism over our Streebog, or the combined one over the message
  const scheme = key.publicKey.kind === 'gost' ? gostSchemeFor(session, key) : schemeFor(key, options.pss);
  const hash = signHashFor(key);
  const source: SignatureSource = {
    scheme,
    hash,
    sign: (digest, message) => signDigest(session, key, scheme, scheme === 'gost-hash-on-token' ? message : digest, hash),
  };
  // a batch sends digests to the signing worker: the combined mechanism needs the whole message, so it signs one by one
  if (scheme !== 'gost-hash-on-token') source.batch = (fn, signal) => withSigningBatch(session, key, scheme, fn, { signal });
  return source;
}

/** A GOST R 34.10-2012 private key in software (the sandbox bank's CA and receipts): its curve and scalar. */
export interface GostSoftwareKey {
  curve: GostCurve;
  d: bigint;
}

const isGostKey = (key: KeyObject | GostSoftwareKey): key is GostSoftwareKey => 'curve' in key && 'd' in key;

/**
 * A software key for the bank side, where no token is needed: EC (ECDSA), RSA (PKCS#1 v1.5), or
 * GOST R 34.10-2012 (Streebog of the key's length; the hash argument is then ignored).
 */
export function softwareSource(key: KeyObject | GostSoftwareKey, hash: Hash = 'SHA-256'): SignatureSource {
  if (isGostKey(key)) {
    const { curve, d } = key;
    const signSync = (digest: Buffer): Buffer => Buffer.from(encodeSignature(curve, gostSignDigest(curve, d, digest)));
    return { scheme: 'gost', hash: curve.bits === 256 ? 'STREEBOG-256' : 'STREEBOG-512', signSync, sign: async (digest) => signSync(digest) };
  }
  const scheme: SignScheme = key.asymmetricKeyType === 'ec' ? 'ecdsa' : 'rsa-pkcs1';
  const signSync = (_digest: Buffer, message: Buffer): Buffer => nodeSign(nodeHashName(hash), message, scheme === 'ecdsa' ? { key, dsaEncoding: 'ieee-p1363' } : key);
  return { scheme, hash, signSync, sign: async (digest, message) => signSync(digest, message) };
}
