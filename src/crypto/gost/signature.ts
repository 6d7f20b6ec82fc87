/**
 * GOST R 34.10-2012 signature generation (§6.1) and verification (§6.2), over a digest computed
 * elsewhere (Streebog, src/crypto/gost/streebog.ts, or the token's CKM_GOSTR3411_12_*).
 *
 * Two ways in, because the standard and the byte world disagree on how a hash becomes a number:
 * - `*Alpha` functions take α, the integer of §6.1 ("the number whose binary
 *   representation is the hash vector h̄"), as GOST R 34.10-2012 Appendix A prints it.
 * - `*Digest` functions take the digest as the byte string Streebog implementations, OpenSSL's
 *   gost engine and PKCS#11 tokens pass around. That byte string is α little-endian: OpenSSL's
 *   gost_ec_sign.c reads it with BN_lebin2bn, and RFC 6986's examples print the hash as the number
 *   (most significant byte first) whose byte output is the reverse. PKCS#11's CKM_GOSTR3410 takes
 *   the same bytes (CKM_GOSTR3411's output). `alphaOfDigest` is the bridge; the OpenSSL test
 *   (tests/unit/gost-signature-openssl.test.ts) pins it.
 *
 * Signing here is for tests and the sandbox's software CA only: a customer's key never leaves
 * the token. Its k·P and d·P take the regular fixed-base comb (`multiplyBase`: the same sequence
 * of operations for every scalar); BigInt arithmetic is not constant-time, so that is all.
 */
import { randomBytes } from 'node:crypto';
import type { GostCurve } from './curves.ts';
import { type AffinePoint, invert, isOnCurve, mod, multiply, multiplyBase, verifyCombination } from './point.ts';

export interface GostSignature {
  readonly r: bigint;
  readonly s: bigint;
}

/** α from a digest byte string: the bytes read little-endian (OpenSSL/PKCS#11 order, see above). */
export function alphaOfDigest(digest: Uint8Array): bigint {
  let n = 0n;
  for (let i = digest.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(digest[i] ?? 0);
  return n;
}

/** The digest byte string of α (size bytes, little-endian): the inverse of `alphaOfDigest`. */
export function digestOfAlpha(alpha: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let n = alpha;
  for (let i = 0; i < size; i++) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  if (n !== 0n) throw new RangeError('alpha does not fit');
  return out;
}

/** §6.1 and §6.2: e = α mod q, and e = 1 if that is 0. */
export function eOfAlpha(curve: GostCurve, alpha: bigint): bigint {
  const e = mod(alpha, curve.q);
  return e === 0n ? 1n : e;
}

/** The public key Q = d·P of a signing key d (0 < d < q). */
export function publicKeyOf(curve: GostCurve, d: bigint): { x: bigint; y: bigint } {
  if (d <= 0n || d >= curve.q) throw new RangeError('private key out of range');
  const Q = multiplyBase(curve, d);
  if (Q === null) throw new RangeError('private key out of range');
  return Q;
}

/** A uniformly random integer in [1, q − 1] (64 extra bits make the modulo bias negligible). */
export function randomScalar(curve: GostCurve): bigint {
  for (;;) {
    const k = mod(alphaOfDigest(randomBytes(curve.size + 8)), curve.q);
    if (k !== 0n) return k;
  }
}

/**
 * §6.1 with the given k (0 < k < q), as the standard's examples fix it: C = k·P, r = x_C mod q,
 * s = (r·d + k·e) mod q. Returns null where the standard says "choose another k" (r = 0 or s = 0).
 */
export function signAlphaWithK(curve: GostCurve, d: bigint, alpha: bigint, k: bigint): GostSignature | null {
  const { q } = curve;
  if (d <= 0n || d >= q) throw new RangeError('private key out of range');
  if (k <= 0n || k >= q) throw new RangeError('k out of range');
  const e = eOfAlpha(curve, alpha);
  const C = multiplyBase(curve, k);
  if (C === null) return null;
  const r = mod(C.x, q);
  if (r === 0n) return null;
  const s = mod(r * d + k * e, q);
  if (s === 0n) return null;
  return { r, s };
}

/** §6.1 with a fresh random k each try. Tests and the software CA only (see the file's note). */
export function signAlpha(curve: GostCurve, d: bigint, alpha: bigint): GostSignature {
  for (;;) {
    const signature = signAlphaWithK(curve, d, alpha, randomScalar(curve));
    if (signature !== null) return signature;
  }
}

/** `signAlpha` over a digest byte string (OpenSSL/PKCS#11 order). */
export function signDigest(curve: GostCurve, d: bigint, digest: Uint8Array): GostSignature {
  return signAlpha(curve, d, alphaOfDigest(digest));
}

/**
 * Whether Q can be a public key of this curve: a finite point on it, and in the subgroup of
 * order q. The subgroup test matters only for the cofactor-4 (twisted Edwards) sets, where it
 * costs a full q·Q; for the others every point on the curve is in the subgroup.
 */
export function isValidPublicKey(curve: GostCurve, Q: AffinePoint): boolean {
  if (!isOnCurve(curve, Q)) return false;
  if (curve.cofactor === 1n || Q === null) return true;
  // The bank verifies many signatures by few keys: remember the last keys that passed.
  const id = `${curve.name}:${Q.x.toString(16)}:${Q.y.toString(16)}`;
  if (SUBGROUP_CHECKED.has(id)) return true;
  if (multiply(curve, curve.q, Q) !== null) return false;
  SUBGROUP_CHECKED.add(id);
  if (SUBGROUP_CHECKED.size > SUBGROUP_CACHE_SIZE) {
    const oldest = SUBGROUP_CHECKED.values().next();
    if (!oldest.done) SUBGROUP_CHECKED.delete(oldest.value);
  }
  return true;
}

const SUBGROUP_CACHE_SIZE = 256;
/** Points (by curve and coordinates) already shown to be in the order-q subgroup, oldest first. */
const SUBGROUP_CHECKED = new Set<string>();

/**
 * §6.2: accept iff 0 < r, s < q and x(z1·P + z2·Q) mod q = r, with e from α, v = e⁻¹ mod q,
 * z1 = s·v mod q, z2 = −r·v mod q. Never throws for a bad signature or key: false.
 */
export function verifyAlpha(curve: GostCurve, Q: AffinePoint, alpha: bigint, signature: GostSignature): boolean {
  const { q } = curve;
  const { r, s } = signature;
  if (r <= 0n || r >= q || s <= 0n || s >= q) return false;
  if (!isValidPublicKey(curve, Q)) return false;
  const e = eOfAlpha(curve, alpha);
  const v = invert(e, q);
  const z1 = mod(s * v, q);
  const z2 = mod(-r * v, q);
  if (Q === null) return false;
  return verifyCombination(curve, z1, z2, Q, r);
}

/** `verifyAlpha` over a digest byte string (OpenSSL/PKCS#11 order); a digest of the wrong length is refused. */
export function verifyDigest(curve: GostCurve, Q: AffinePoint, digest: Uint8Array, signature: GostSignature): boolean {
  if (digest.length !== curve.size) return false;
  return verifyAlpha(curve, Q, alphaOfDigest(digest), signature);
}
