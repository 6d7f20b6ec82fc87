/**
 * GOST R 34.10-2012 in ASN.1: the OIDs, SubjectPublicKeyInfo, and the signature of a signed
 * X.509 structure (certificate, PKCS#10 request). Pure TypeScript: no WebCrypto, no OpenSSL.
 *
 * OIDs (RFC 9215 / TC26; each checked against OpenSSL's gost engine, `openssl asn1parse -genstr OBJECT:…`
 * prints its name for it):
 * - id-tc26-gost3410-12-256 1.2.643.7.1.1.1.1, id-tc26-gost3410-12-512 1.2.643.7.1.1.1.2 (key algorithm)
 * - id-tc26-signwithdigest-gost3410-12-256 1.2.643.7.1.1.3.2, -512 1.2.643.7.1.1.3.3 (signature algorithm)
 * - id-tc26-gost3411-12-256 1.2.643.7.1.1.2.2, -512 1.2.643.7.1.1.2.3 (Streebog)
 *
 * SPKI (RFC 4491 §2.3, RFC 9215): algorithm { key OID, GostR3410-2012-PublicKeyParameters ::=
 * SEQUENCE { publicKeyParamSet OID, digestParamSet OID OPTIONAL } }, subjectPublicKey BIT STRING
 * holding the DER OCTET STRING of x || y (little-endian each). We write digestParamSet as OpenSSL
 * does (the tests compare bytes): present for the CryptoPro sets and TC26 512-A/B, omitted for
 * TC26 256-A and 512-C (the twisted Edwards sets). RFC 9215 §4.2 requires it (Streebog-256) for the
 * 2001 CryptoPro sets and asks that it be omitted for the TC26 sets: for 512-A/B that is a SHOULD,
 * which OpenSSL does not follow, and tokens and CAs in the field write both forms. So we read
 * either form (a present digestParamSet must be the Streebog of the key's length) and write
 * OpenSSL's, the form the independent checker in the tests produces.
 *
 * Signature algorithm: the OID, parameters absent (RFC 9215); OpenSSL writes NULL parameters, which
 * a reader accepts. The signature BIT STRING holds s || r, big-endian each (RFC 4491 §2.2.2), raw,
 * not wrapped in an OCTET STRING.
 */
import { createHash } from 'node:crypto';
import { DerError, bitString, decodeOid, octetString, oid, readTlv, sequence } from '../der.ts';
import { gostCurveByOid, type GostCurve } from './curves.ts';
import { decodePublicKey, decodeSignature, encodePublicKey, encodeSignature } from './encoding.ts';
import { verifyDigest, type GostSignature } from './signature.ts';
import { streebog256, streebog512 } from './streebog.ts';

export const GOST_OID = {
  key256: '1.2.643.7.1.1.1.1',
  key512: '1.2.643.7.1.1.1.2',
  digest256: '1.2.643.7.1.1.2.2',
  digest512: '1.2.643.7.1.1.2.3',
  signWithDigest256: '1.2.643.7.1.1.3.2',
  signWithDigest512: '1.2.643.7.1.1.3.3',
} as const;

/** Input that is not the GOST ASN.1 it should be. */
export class GostAsn1Error extends Error {
  override name = 'GostAsn1Error';
}

export const gostKeyOid = (curve: GostCurve): string => (curve.bits === 256 ? GOST_OID.key256 : GOST_OID.key512);
export const gostDigestOid = (curve: GostCurve): string => (curve.bits === 256 ? GOST_OID.digest256 : GOST_OID.digest512);
export const gostSignatureOid = (curve: GostCurve): string => (curve.bits === 256 ? GOST_OID.signWithDigest256 : GOST_OID.signWithDigest512);

/** Streebog of the key's length over `data`, in OpenSSL's byte order (what signDigest/verifyDigest take). */
export function gostDigest(bits: 256 | 512, data: Uint8Array): Uint8Array {
  return bits === 256 ? streebog256(data) : streebog512(data);
}

/** The sets whose parameters OpenSSL writes without digestParamSet (TC26 256-A, 512-C: the twisted Edwards ones). */
const withoutDigestParam = (curve: GostCurve): boolean => curve.edwards !== undefined;

function spki(curve: GostCurve, paramsOid: string, withDigest: boolean, point: Uint8Array): Buffer {
  const params = withDigest ? sequence(oid(paramsOid), oid(gostDigestOid(curve))) : sequence(oid(paramsOid));
  return sequence(sequence(oid(gostKeyOid(curve)), params), bitString(octetString(point)));
}

/** The DER SubjectPublicKeyInfo of a GOST R 34.10-2012 public key, as OpenSSL writes it. */
export function encodeGostSpki(curve: GostCurve, Q: { readonly x: bigint; readonly y: bigint }): Buffer {
  if (curve.testOnly) throw new GostAsn1Error(`the ${curve.name} curve is for test vectors, not keys`);
  return spki(curve, curve.oid, !withoutDigestParam(curve), encodePublicKey(curve, Q));
}

export interface GostPublicKey {
  curve: GostCurve;
  /** The parameter-set OID the SPKI named (an alias such as TC26 256-B names the CryptoPro A curve). */
  paramsOid: string;
  Q: { x: bigint; y: bigint };
}

/** Reads one value of `tag` at `at` inside `buf`; returns its content and where it ends. */
function take(buf: Uint8Array, at: number, tag: number, what: string): { content: Uint8Array; end: number } {
  const t = readTlv(buf, at);
  if (t.tag !== tag) throw new GostAsn1Error(`${what}: expected tag 0x${tag.toString(16)}, found 0x${t.tag.toString(16)}`);
  return { content: buf.subarray(t.start, t.end), end: t.end };
}

function decodeOrThrow<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof GostAsn1Error) throw e;
    if (e instanceof DerError || e instanceof RangeError || (e as Error).name === 'GostEncodingError') throw new GostAsn1Error((e as Error).message);
    throw e;
  }
}

/** True for a SubjectPublicKeyInfo whose algorithm is a GOST R 34.10-2012 key (without checking the rest). */
export function isGostSpki(der: Uint8Array): boolean {
  try {
    const outer = take(der, 0, 0x30, 'SubjectPublicKeyInfo');
    const alg = take(outer.content, 0, 0x30, 'algorithm');
    const id = take(alg.content, 0, 0x06, 'algorithm OID');
    const o = decodeOid(id.content);
    return o === GOST_OID.key256 || o === GOST_OID.key512;
  } catch {
    return false;
  }
}

/**
 * A GOST R 34.10-2012 SubjectPublicKeyInfo back to its curve and point. Strict: the key OID must
 * match the curve's length, the curve must be one we know (not a test curve), a digestParamSet
 * (if present) must be the Streebog of the key's length, the point must be valid on the curve,
 * and the bytes must be exactly the DER we would write for them (no other length forms, no
 * trailing bytes).
 */
export function decodeGostSpki(der: Uint8Array): GostPublicKey {
  return decodeOrThrow(() => {
    const outer = take(der, 0, 0x30, 'SubjectPublicKeyInfo');
    if (outer.end !== der.length) throw new GostAsn1Error('SubjectPublicKeyInfo: bytes after the value');
    const alg = take(outer.content, 0, 0x30, 'algorithm');
    const keyOid = decodeOid(take(alg.content, 0, 0x06, 'algorithm OID').content);
    const bits = keyOid === GOST_OID.key256 ? 256 : keyOid === GOST_OID.key512 ? 512 : undefined;
    if (!bits) throw new GostAsn1Error(`the key algorithm ${keyOid} is not GOST R 34.10-2012`);
    const algId = take(alg.content, 0, 0x06, 'algorithm OID');
    const params = take(alg.content, algId.end, 0x30, 'GOST key parameters');
    if (params.end !== alg.content.length) throw new GostAsn1Error('algorithm: bytes after the parameters');
    const paramsOid = decodeOid(take(params.content, 0, 0x06, 'publicKeyParamSet').content);
    const curve = gostCurveByOid(paramsOid);
    if (!curve || curve.testOnly) throw new GostAsn1Error(`unknown GOST parameter set ${paramsOid}`);
    if (curve.bits !== bits) throw new GostAsn1Error(`parameter set ${paramsOid} is a ${curve.bits}-bit curve, the key algorithm says ${bits}`);
    const first = readTlv(params.content, 0);
    let withDigest = false;
    if (first.end < params.content.length) {
      const digest = take(params.content, first.end, 0x06, 'digestParamSet');
      const digestOid = decodeOid(digest.content);
      if (digestOid !== (bits === 256 ? GOST_OID.digest256 : GOST_OID.digest512)) throw new GostAsn1Error(`digestParamSet ${digestOid} is not Streebog-${bits}`);
      if (digest.end !== params.content.length) throw new GostAsn1Error('GOST key parameters: bytes after digestParamSet');
      withDigest = true;
    }
    const key = take(outer.content, alg.end, 0x03, 'subjectPublicKey');
    if (key.end !== outer.content.length) throw new GostAsn1Error('SubjectPublicKeyInfo: bytes after subjectPublicKey');
    if (key.content[0] !== 0) throw new GostAsn1Error('subjectPublicKey: unused bits');
    const octets = take(key.content, 1, 0x04, 'subjectPublicKey OCTET STRING');
    if (octets.end !== key.content.length) throw new GostAsn1Error('subjectPublicKey: bytes after the OCTET STRING');
    const Q = decodePublicKey(curve, octets.content);
    // canonical DER only: what we would write for these values, byte for byte
    if (!Buffer.from(der).equals(spki(curve, paramsOid, withDigest, octets.content))) throw new GostAsn1Error('SubjectPublicKeyInfo is not in DER');
    return { curve, paramsOid, Q };
  });
}

/** AlgorithmIdentifier for a signature by a key of this curve: signWithDigest-gost3410-12-256/512, no parameters. */
export function gostSignatureAlgorithm(curve: GostCurve): Buffer {
  return sequence(oid(gostSignatureOid(curve)));
}

/** The signature BIT STRING of an X.509 structure: s || r raw. */
export function gostSignatureBitString(curve: GostCurve, signature: GostSignature | Uint8Array): Buffer {
  const raw = signature instanceof Uint8Array ? signature : encodeSignature(curve, signature);
  if (raw.length !== 2 * curve.size) throw new GostAsn1Error(`a GOST ${curve.bits} signature is ${2 * curve.size} bytes, not ${raw.length}`);
  return bitString(raw);
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING's value (for subjectKeyIdentifier). */
export function gostKeyIdentifier(curve: GostCurve, Q: { readonly x: bigint; readonly y: bigint }): Buffer {
  return createHash('sha1').update(octetString(encodePublicKey(curve, Q))).digest();
}

/** The parts of a SIGNED{…} structure (Certificate, CertificationRequest): tbs DER, algorithm OID and params, signature bits. */
export interface SignedParts {
  tbs: Uint8Array;
  /** The signatureAlgorithm's whole encoding. */
  algorithm: Uint8Array;
  algorithmOid: string;
  /** The parameters' whole encoding, if any. */
  algorithmParams?: Uint8Array;
  signature: Uint8Array;
}

/** Splits SEQUENCE { tbs, AlgorithmIdentifier, BIT STRING } (strictly: nothing before, between or after). */
export function splitSigned(der: Uint8Array): SignedParts {
  return decodeOrThrow(() => {
    const outer = take(der, 0, 0x30, 'signed structure');
    if (outer.end !== der.length) throw new GostAsn1Error('signed structure: bytes after the value');
    const c = outer.content;
    const tbsTlv = readTlv(c, 0);
    if (tbsTlv.tag !== 0x30) throw new GostAsn1Error('signed structure: the signed part is not a SEQUENCE');
    const alg = take(c, tbsTlv.end, 0x30, 'signatureAlgorithm');
    const sig = take(c, alg.end, 0x03, 'signature');
    if (sig.end !== c.length) throw new GostAsn1Error('signed structure: bytes after the signature');
    if (sig.content[0] !== 0) throw new GostAsn1Error('signature: unused bits');
    const id = take(alg.content, 0, 0x06, 'signatureAlgorithm OID');
    const rest = alg.content.subarray(id.end);
    if (rest.length > 0) {
      const p = readTlv(rest, 0);
      if (p.end !== rest.length) throw new GostAsn1Error('signatureAlgorithm: bytes after the parameters');
    }
    return {
      tbs: c.subarray(0, tbsTlv.end),
      algorithm: c.subarray(tbsTlv.end, alg.end),
      algorithmOid: decodeOid(id.content),
      ...(rest.length > 0 ? { algorithmParams: rest } : {}),
      signature: sig.content.subarray(1),
    };
  });
}

/**
 * Checks a GOST signature over a SIGNED{…} structure's tbs with the signer's SPKI: the algorithm must be
 * signWithDigest-gost3410-12 of the key's length (parameters absent, or NULL as OpenSSL writes), the
 * signature s || r of the right length, valid for Streebog(tbs). False for a bad signature; throws
 * GostAsn1Error for input that is not GOST ASN.1 at all.
 */
export function verifyGostSigned(parts: SignedParts, signerSpki: Uint8Array | GostPublicKey): boolean {
  const key = signerSpki instanceof Uint8Array ? decodeGostSpki(signerSpki) : signerSpki;
  const { curve } = key;
  if (parts.algorithmOid !== gostSignatureOid(curve)) {
    throw new GostAsn1Error(`signature algorithm ${parts.algorithmOid} is not signWithDigest-gost3410-12-${curve.bits}`);
  }
  const p = parts.algorithmParams;
  if (p && !(p.length === 2 && p[0] === 0x05 && p[1] === 0x00)) throw new GostAsn1Error('signWithDigest-gost3410-12 takes no parameters');
  if (parts.signature.length !== 2 * curve.size) return false;
  const signature = decodeSignature(curve, parts.signature);
  return verifyDigest(curve, key.Q, gostDigest(curve.bits, parts.tbs), signature);
}
