import { createHash } from 'node:crypto';
import { bitString, decodeOid, derNull, oid, readTlv, sequence, unsignedInteger } from '../der.ts';
import { decodeGostSpki, encodeGostSpki } from '../gost/asn1.ts';
import { decodePublicKey, encodePublicKey } from '../gost/encoding.ts';
import { gostCurveByOid, type GostCurve } from '../gost/curves.ts';
import { LocalizedError } from '../../shared/i18n/index.ts';

/** The public half of a key pair as the token stores it. */
export type TokenPublicKey =
  | { kind: 'rsa'; modulus: Buffer; exponent: Buffer }
  | { kind: 'ec'; params: Buffer; point: Buffer }
  /**
   * GOST R 34.10-2012: `params` is CKA_GOSTR3410_PARAMS (DER OID of the parameter set), `hashParams`
   * CKA_GOSTR3411_PARAMS when the token has it, `value` CKA_VALUE: x‖y, each little-endian (64 or
   * 128 bytes). `gostPoint` turns it into the curve and the point.
   */
  | { kind: 'gost'; params: Buffer; hashParams?: Buffer; value: Buffer };

/** GOST R 34.10-2012 public key algorithm OIDs (RFC 9215): id-tc26-gost3410-12-256 / -512. */
export const GOST_KEY_OID = { 256: '1.2.643.7.1.1.1.1', 512: '1.2.643.7.1.1.1.2' } as const;

/** The curve (from the parameter set's OID, aliases included) and the point of a GOST key; throws for an unknown set or a point not on the curve. */
export function gostPoint(key: { params: Buffer; value: Buffer }): { curve: GostCurve; point: { x: bigint; y: bigint } } {
  const paramsOid = decodeOidDer(key.params);
  const curve = gostCurveByOid(paramsOid);
  if (!curve) throw new LocalizedError('key.unsupported-public-key', { source: 'token', oid: paramsOid });
  return { curve, point: decodePublicKey(curve, key.value) };
}

/** The dotted OID inside a DER OBJECT IDENTIFIER. */
export function decodeOidDer(der: Buffer): string {
  const { tag, start, end } = readTlv(der);
  if (tag !== 0x06) throw new LocalizedError('key.unsupported-public-key', { source: 'token', oid: der.toString('hex') });
  return decodeOid(Buffer.from(der.subarray(start, end)));
}

/** CKA_EC_POINT is a DER OCTET STRING around the point; some modules return the bare point. */
export function unwrapEcPoint(value: Buffer): Buffer {
  if (value[0] === 0x04 && value.length > 2) {
    try {
      const { tag, start, end } = readTlv(value);
      if (tag === 0x04 && end === value.length) return value.subarray(start, end);
    } catch {
      // not wrapped: fall through
    }
  }
  return value;
}

/** SubjectPublicKeyInfo DER, the form certificates, CSRs and WebCrypto use. */
export function spkiFromTokenKey(key: TokenPublicKey): Buffer {
  if (key.kind === 'rsa') {
    const rsaKey = sequence(unsignedInteger(key.modulus), unsignedInteger(key.exponent));
    return sequence(sequence(oid('1.2.840.113549.1.1.1'), derNull()), bitString(rsaKey));
  }
  if (key.kind === 'gost') {
    // one GOST SPKI writer (gost/asn1.ts, byte for byte what OpenSSL writes), from the checked point
    const { curve, point } = gostPoint(key);
    return encodeGostSpki(curve, point);
  }
  return sequence(sequence(oid('1.2.840.10045.2.1'), key.params), bitString(key.point));
}

/**
 * CKA_ID for a key pair and its certificate: SHA-1 of the RSA modulus or of the EC point,
 * the convention of OpenSC and NSS, so that other tools pair keys and certificates the same way;
 * for a GOST key, SHA-1 of its CKA_VALUE (x‖y as the token stores it).
 */
export function keyIdFor(key: TokenPublicKey): Buffer {
  const material = key.kind === 'rsa' ? stripZeros(key.modulus) : key.kind === 'gost' ? key.value : key.point;
  return createHash('sha1').update(material).digest();
}

/** The same key parts read back from an SPKI (a certificate's public key). */
export function tokenKeyFromSpki(spki: Buffer, source = 'certificate'): TokenPublicKey {
  const outer = readTlv(spki);
  const algSeq = readTlv(spki, outer.start);
  const algOid = readTlv(spki, algSeq.start);
  const algText = Buffer.from(spki.subarray(algOid.start, algOid.end)).toString('hex');
  const bits = readTlv(spki, algSeq.end);
  const keyBytes = spki.subarray(bits.start + 1, bits.end);
  if (algText === '2a864886f70d010101') {
    const seq = readTlv(keyBytes);
    const n = readTlv(keyBytes, seq.start);
    const e = readTlv(keyBytes, n.end);
    return { kind: 'rsa', modulus: stripZeros(keyBytes.subarray(n.start, n.end)), exponent: stripZeros(keyBytes.subarray(e.start, e.end)) };
  }
  if (algText === '2a8648ce3d0201') {
    const params = Buffer.from(spki.subarray(algOid.end, algSeq.end));
    return { kind: 'ec', params, point: Buffer.from(keyBytes) };
  }
  const algOidText = decodeOid(Buffer.from(algText, 'hex'));
  if (algOidText === GOST_KEY_OID[256] || algOidText === GOST_KEY_OID[512]) {
    // one strict GOST SPKI reader (gost/asn1.ts): the set known, the point on its curve
    const { curve, paramsOid, Q } = decodeGostSpki(spki);
    // the digest parameter set, when the SPKI names one (checked by the reader to be the key's Streebog)
    const paramsSeq = readTlv(spki, algOid.end);
    const set = readTlv(spki, paramsSeq.start);
    const hashParams = set.end < paramsSeq.end ? Buffer.from(spki.subarray(set.end, readTlv(spki, set.end).end)) : undefined;
    const value = Buffer.from(encodePublicKey(curve, Q));
    return hashParams ? { kind: 'gost', params: oid(paramsOid), hashParams, value } : { kind: 'gost', params: oid(paramsOid), value };
  }
  throw new LocalizedError('key.unsupported-public-key', { source, oid: algOidText });
}

function stripZeros(b: Uint8Array): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return Buffer.from(b.subarray(i));
}
