/**
 * Byte layouts of GOST R 34.10-2012 signatures and public keys, as PKCS#11 and CMS/X.509 carry
 * them. Pure functions; the DER around them (BIT STRING, OCTET STRING) belongs to the callers.
 *
 * Signature value — s || r, each big-endian in `size` bytes (64 or 128 bytes in all):
 * - X.509/CMS: RFC 4491 §2.2.2 (first 32 octets: s big-endian, then 32 octets: r big-endian),
 *   which RFC 9215 keeps for 2012-256 (64 bytes) and 2012-512 (128 bytes). OpenSSL's gost engine writes it so
 *   (gost_pmeth.c, pack_sign_cp: s, then r), and pygost's sign() returns s || r.
 * - PKCS#11 CKM_GOSTR3410: the same. The PKCS#11 mechanisms text ("GOST R 34.10-2001 without
 *   hashing"; read in the OASIS working draft, oasis-tcs/pkcs11 working/doc/spec/06.57_gost_r_34.10-
 *   2001.md, not in the v2.40 PDF itself):
 *   "The signature octets correspond to the concatenation of the GOST R 34.10-2001 values s and
 *   r', both represented as a 32 bytes octet string in big endian order with the most significant
 *   byte first [RFC 4490] section 3.2, and [RFC 4491] section 2.2.2." Issue 12's SoftHSM run
 *   agrees: its raw C_Sign output was accepted unchanged by `openssl pkeyutl -engine gost -verify`.
 *   The 2012-512 mechanisms (TC26 vendor extension) are assumed to keep the layout, s and r
 *   at 64 bytes each as OpenSSL has them; TODO(i12): confirm on a real token (SoftHSM has no
 *   512-bit GOST).
 *
 * Public key — x || y, each little-endian in `size` bytes:
 * - X.509: the subjectPublicKey BIT STRING holds an OCTET STRING of this (RFC 4491 §2.3.2 for
 *   2001, RFC 9215 for 2012: X then Y, each little-endian); pygost's pub_marshal writes the same,
 *   and OpenSSL's gost_ameth.c reverses the OCTET STRING's bytes (BUF_reverse) when reading it.
 * - PKCS#11 CKA_VALUE of a CKK_GOSTR3410 public key: the same 64 bytes (same PKCS#11 text,
 *   "GOST R 34.10-2001 public key objects": "64 bytes for public key; 32 bytes for each
 *   coordinates X and Y of Elliptic Curve point P(X, Y) in little endian order"). A 512-bit key's
 *   128-byte CKA_VALUE is assumed to follow the same layout (TC26 extension); TODO(i12): confirm
 *   on a real token.
 */
import type { GostCurve } from './curves.ts';
import type { AffinePoint } from './point.ts';
import { isValidPublicKey, type GostSignature } from './signature.ts';

/** Bytes that are not a GOST signature or public key of the expected curve. */
export class GostEncodingError extends Error {
  override name = 'GostEncodingError';
  constructor(
    readonly code: 'signature.length' | 'public-key.length' | 'public-key.not-on-curve',
    message: string,
  ) {
    super(message);
  }
}

function bigEndian(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

function littleEndian(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i] ?? 0);
  return n;
}

function toBigEndian(n: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let v = n;
  for (let i = size - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  if (v !== 0n || n < 0n) throw new RangeError(`value does not fit in ${size} bytes`);
  return out;
}

function toLittleEndian(n: bigint, size: number): Uint8Array {
  return toBigEndian(n, size).reverse();
}

/** The signature value s || r (big-endian each), as PKCS#11 returns it and CMS/X.509 carry it. */
export function encodeSignature(curve: GostCurve, signature: GostSignature): Uint8Array {
  const out = new Uint8Array(2 * curve.size);
  out.set(toBigEndian(signature.s, curve.size), 0);
  out.set(toBigEndian(signature.r, curve.size), curve.size);
  return out;
}

/**
 * (r, s) from s || r. Only the length is checked: range checks (0 < r, s < q) are the verifier's,
 * so that an out-of-range value is a refused signature, not a parse error.
 */
export function decodeSignature(curve: GostCurve, bytes: Uint8Array): GostSignature {
  if (bytes.length !== 2 * curve.size) {
    throw new GostEncodingError('signature.length', `a GOST ${curve.bits} signature is ${2 * curve.size} bytes, not ${bytes.length}`);
  }
  return { s: bigEndian(bytes.subarray(0, curve.size)), r: bigEndian(bytes.subarray(curve.size)) };
}

/** The public key x || y (little-endian each): PKCS#11 CKA_VALUE and the X.509 OCTET STRING's content. */
export function encodePublicKey(curve: GostCurve, Q: { readonly x: bigint; readonly y: bigint }): Uint8Array {
  const out = new Uint8Array(2 * curve.size);
  out.set(toLittleEndian(Q.x, curve.size), 0);
  out.set(toLittleEndian(Q.y, curve.size), curve.size);
  return out;
}

/** Q from x || y (little-endian each); refuses a wrong length or a point that is not a valid key of the curve. */
export function decodePublicKey(curve: GostCurve, bytes: Uint8Array): { x: bigint; y: bigint } {
  if (bytes.length !== 2 * curve.size) {
    throw new GostEncodingError('public-key.length', `a GOST ${curve.bits} public key is ${2 * curve.size} bytes, not ${bytes.length}`);
  }
  const Q: AffinePoint = { x: littleEndian(bytes.subarray(0, curve.size)), y: littleEndian(bytes.subarray(curve.size)) };
  if (!isValidPublicKey(curve, Q)) {
    throw new GostEncodingError('public-key.not-on-curve', `the bytes are not a point of the ${curve.name} curve's group`);
  }
  return Q;
}
