import { createHash } from 'node:crypto';
import { contextTag, octetString, oid, sequence, set, tlv } from '../der.ts';
import type { CertificateParts } from '../x509/certificate.ts';
import { nodeHashName, type Hash } from './algorithms.ts';
import { OID } from './oids.ts';

const attribute = (type: string, value: Buffer): Buffer => sequence(oid(type), set(value));

/** signingTime as UTCTime (RFC 5652 requires UTCTime for 1950-2049), whole seconds, UTC. */
export function signingTimeAttribute(time: Date): Buffer {
  const year = time.getUTCFullYear();
  if (year < 1950 || year > 2049) throw new RangeError(`signing time ${time.toISOString()} is outside 1950-2049`);
  const two = (n: number): string => String(n).padStart(2, '0');
  const text =
    two(year % 100) + two(time.getUTCMonth() + 1) + two(time.getUTCDate()) + two(time.getUTCHours()) + two(time.getUTCMinutes()) + two(time.getUTCSeconds()) + 'Z';
  return attribute(OID.signingTime, tlv(0x17, Buffer.from(text, 'latin1')));
}

export const contentTypeAttribute = (): Buffer => attribute(OID.contentType, oid(OID.data));

export const messageDigestAttribute = (digest: Buffer): Buffer => attribute(OID.messageDigest, octetString(digest));

/**
 * signingCertificateV2 (RFC 5035): binds the signature to the signer's certificate by its
 * SHA-256 hash and issuer/serial, so a certificate with the same key cannot be substituted.
 * The hash algorithm is the default (SHA-256) and therefore omitted.
 */
export function signingCertificateV2Attribute(cert: CertificateParts): Buffer {
  const certHash = createHash('sha256').update(cert.der).digest();
  const issuerSerial = sequence(sequence(contextTag(4, cert.issuer)), cert.serialNumber);
  const essCertIdV2 = sequence(octetString(certHash), issuerSerial);
  return attribute(OID.signingCertificateV2, sequence(sequence(essCertIdV2)));
}

/**
 * The signed attributes as the DER SET OF that is hashed and signed: elements sorted by their
 * encodings, as DER demands and as verifiers (OpenSSL) re-encode them before checking.
 */
export function signedAttributesSet(attributes: Buffer[]): Buffer {
  return set(...[...attributes].sort(Buffer.compare));
}

export function digestOf(hash: Hash, data: Uint8Array): Buffer {
  return createHash(nodeHashName(hash)).update(data).digest();
}
