import { createHash } from 'node:crypto';
import { contextTag, octetString, oid, sequence, set, tlv } from '../der.ts';
import { streebog256, streebog512 } from '../gost/streebog.ts';
import type { CertificateParts } from '../x509/certificate.ts';
import { digestAlgorithmDer, isStreebog, nodeHashName, type Hash } from './algorithms.ts';
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
 * signingCertificateV2 (RFC 5035): binds the signature to the signer's certificate by its hash
 * and issuer/serial, so a certificate with the same key cannot be substituted. RSA and ECDSA
 * signers use the default hash (SHA-256, therefore omitted); a GOST signer names the Streebog it
 * signs with (CAdES with GOST uses the signature's own hash).
 */
export function signingCertificateV2Attribute(cert: CertificateParts, hash: Hash = 'SHA-256'): Buffer {
  const certHash = digestOf(isStreebog(hash) ? hash : 'SHA-256', cert.der);
  const issuerSerial = sequence(sequence(contextTag(4, cert.issuer)), cert.serialNumber);
  const essCertIdV2 = isStreebog(hash) ? sequence(digestAlgorithmDer(hash), octetString(certHash), issuerSerial) : sequence(octetString(certHash), issuerSerial);
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
  if (hash === 'STREEBOG-256') return Buffer.from(streebog256(data));
  if (hash === 'STREEBOG-512') return Buffer.from(streebog512(data));
  return createHash(nodeHashName(hash)).update(data).digest();
}
