import { createHash } from 'node:crypto';
import { bitString, decodeOid, derNull, oid, readTlv, sequence, unsignedInteger } from '../der.ts';
import { LocalizedError } from '../../shared/i18n/index.ts';

/** The public half of a key pair as the token stores it. */
export type TokenPublicKey =
  | { kind: 'rsa'; modulus: Buffer; exponent: Buffer }
  | { kind: 'ec'; params: Buffer; point: Buffer };

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
  return sequence(sequence(oid('1.2.840.10045.2.1'), key.params), bitString(key.point));
}

/**
 * CKA_ID for a key pair and its certificate: SHA-1 of the RSA modulus or of the EC point,
 * the convention of OpenSC and NSS, so that other tools pair keys and certificates the same way.
 */
export function keyIdFor(key: TokenPublicKey): Buffer {
  const material = key.kind === 'rsa' ? stripZeros(key.modulus) : key.point;
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
  throw new LocalizedError('key.unsupported-public-key', { source, oid: decodeOid(Buffer.from(algText, 'hex')) });
}

function stripZeros(b: Uint8Array): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return Buffer.from(b.subarray(i));
}
