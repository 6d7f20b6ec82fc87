/**
 * Certificates and CRLs built in DER here, signed through a callback: for a CA key that WebCrypto
 * (and so @peculiar/x509) cannot use, such as GOST R 34.10-2012. The ECDSA CA keeps using
 * @peculiar/x509; this module makes only what the sandbox CA issues (RFC 5280 v3 certificates with
 * five extensions, v2 CRLs), not a general X.509 writer.
 */
import { createHash } from 'node:crypto';
import { DerError, contextTag, octetString, oid, readTlv, sequence, smallInteger, tlv, unsignedInteger } from '../der.ts';
import { gostDigest, gostSignatureAlgorithm, gostSignatureBitString } from '../gost/asn1.ts';
import type { GostCurve } from '../gost/curves.ts';
import { encodeSignature } from '../gost/encoding.ts';
import { signDigest } from '../gost/signature.ts';

/** How a TBS structure gets signed: the AlgorithmIdentifier it names (inside and outside), and the signer. */
export interface TbsSigner {
  /** The signature AlgorithmIdentifier's DER. */
  algorithm: Buffer;
  /** Signs the TBS DER: returns the signatureValue BIT STRING's whole DER (so each algorithm keeps its own byte layout). */
  sign: (tbs: Buffer) => Buffer | Promise<Buffer>;
}

/** A software GOST key as a TbsSigner: Streebog of the key's length over the TBS, s || r in the BIT STRING (RFC 9215). */
export function gostTbsSigner(curve: GostCurve, d: bigint): TbsSigner {
  return {
    algorithm: gostSignatureAlgorithm(curve),
    sign: (tbs) => gostSignatureBitString(curve, encodeSignature(curve, signDigest(curve, d, gostDigest(curve.bits, tbs)))),
  };
}

/** Bad input for a certificate or CRL (a name, a serial, a key that is not DER): says which. */
export class IssueError extends Error {
  override name = 'IssueError';
}

export type KeyUsage = 'digitalSignature' | 'nonRepudiation' | 'keyEncipherment' | 'dataEncipherment' | 'keyAgreement' | 'keyCertSign' | 'cRLSign';
const KEY_USAGE_BIT: Record<KeyUsage, number> = { digitalSignature: 0, nonRepudiation: 1, keyEncipherment: 2, dataEncipherment: 3, keyAgreement: 4, keyCertSign: 5, cRLSign: 6 };

export interface CertificateFields {
  /** Positive serial as hex (what BankCa's newSerial gives). */
  serial: string;
  /** Name DER of the issuer: the CA certificate's subject, byte for byte (certificateSubject). */
  issuer: Uint8Array;
  subject: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  /** SubjectPublicKeyInfo DER, any algorithm: copied unchanged. */
  spki: Uint8Array;
  /** basicConstraints: a CA (with pathLen) or an end entity. */
  ca?: { pathLen?: number };
  keyUsage: KeyUsage[];
  /** extendedKeyUsage purpose OIDs; none: no extension. */
  extendedKeyUsage?: string[];
  /** authorityKeyIdentifier's keyIdentifier: the issuer's subjectKeyIdentifier (absent on a self-signed CA's own). */
  authorityKeyId?: Uint8Array;
}

export const EKU = { clientAuth: '1.3.6.1.5.5.7.3.2', emailProtection: '1.3.6.1.5.5.7.3.4' } as const;

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050; seconds, Z. */
export function x509Time(date: Date): Buffer {
  if (Number.isNaN(date.getTime())) throw new IssueError('invalid date');
  const iso = date.toISOString(); // 2026-12-05T16:31:53.123Z
  const year = date.getUTCFullYear();
  if (year < 1950 || year > 9999) throw new IssueError(`year ${year} cannot be written in a certificate`);
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '');
  return year < 2050 ? tlv(0x17, Buffer.from(`${digits.slice(2)}Z`, 'latin1')) : tlv(0x18, Buffer.from(`${digits}Z`, 'latin1'));
}

function serialInteger(hex: string): Buffer {
  if (!/^[0-9a-f]{1,40}$/i.test(hex)) throw new IssueError(`serial "${hex}" is not 1 to 20 bytes of hex`);
  const bytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  if (bytes.every((b) => b === 0)) throw new IssueError('serial must be positive');
  return unsignedInteger(bytes);
}

/** KeyUsage as a DER named-bit BIT STRING: trailing zero bits dropped, their count in the first byte (X.690 §11.2.2). */
function keyUsageBits(usages: KeyUsage[]): Buffer {
  if (usages.length === 0) throw new IssueError('keyUsage needs at least one usage');
  const last = Math.max(...usages.map((u) => KEY_USAGE_BIT[u]));
  const bits = Buffer.alloc(Math.floor(last / 8) + 1);
  for (const u of usages) bits[KEY_USAGE_BIT[u] >> 3] = (bits[KEY_USAGE_BIT[u] >> 3] ?? 0) | (0x80 >> (KEY_USAGE_BIT[u] & 7));
  return tlv(0x03, Buffer.from([7 - (last % 8)]), bits);
}

const extension = (id: string, critical: boolean, value: Buffer): Buffer =>
  critical ? sequence(oid(id), tlv(0x01, Buffer.from([0xff])), octetString(value)) : sequence(oid(id), octetString(value));

/** The SubjectPublicKeyInfo's subjectPublicKey BIT STRING value (without the unused-bits byte). */
function publicKeyBits(spki: Uint8Array): Uint8Array {
  try {
    const outer = readTlv(spki, 0);
    if (outer.tag !== 0x30 || outer.end !== spki.length) throw new IssueError('SubjectPublicKeyInfo is not one SEQUENCE');
    const alg = readTlv(spki, outer.start);
    const key = readTlv(spki, alg.end);
    if (alg.tag !== 0x30 || key.tag !== 0x03 || key.end !== outer.end) throw new IssueError('SubjectPublicKeyInfo is not { AlgorithmIdentifier, BIT STRING }');
    if (spki[key.start] !== 0) throw new IssueError('subjectPublicKey has unused bits');
    return spki.subarray(key.start + 1, key.end);
  } catch (e) {
    if (e instanceof DerError) throw new IssueError(`SubjectPublicKeyInfo: ${e.message}`);
    throw e;
  }
}

/**
 * RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING's value. For a GOST key
 * that value is the OCTET STRING of x || y, so this equals gostKeyIdentifier; for EC/RSA it is what
 * @peculiar/x509's SubjectKeyIdentifierExtension.create computes.
 */
export function keyIdentifier(spki: Uint8Array): Buffer {
  return createHash('sha1').update(publicKeyBits(spki)).digest();
}

/** A TBSCertificate (v3) for `fields`, naming `algorithm` as its signature algorithm. */
export function tbsCertificate(fields: CertificateFields, algorithm: Buffer): Buffer {
  if (fields.notAfter.getTime() <= fields.notBefore.getTime()) throw new IssueError('notAfter must be after notBefore');
  const basic = fields.ca ? sequence(tlv(0x01, Buffer.from([0xff])), ...(fields.ca.pathLen === undefined ? [] : [smallInteger(fields.ca.pathLen)])) : sequence();
  const extensions = [
    extension('2.5.29.19', true, basic),
    extension('2.5.29.15', true, keyUsageBits(fields.keyUsage)),
    ...(fields.extendedKeyUsage?.length ? [extension('2.5.29.37', false, sequence(...fields.extendedKeyUsage.map(oid)))] : []),
    extension('2.5.29.14', false, octetString(keyIdentifier(fields.spki))),
    ...(fields.authorityKeyId ? [extension('2.5.29.35', false, sequence(tlv(0x80, fields.authorityKeyId)))] : []),
  ];
  return sequence(
    contextTag(0, smallInteger(2)),
    serialInteger(fields.serial),
    algorithm,
    fields.issuer,
    sequence(x509Time(fields.notBefore), x509Time(fields.notAfter)),
    fields.subject,
    fields.spki,
    contextTag(3, sequence(...extensions)),
  );
}

/** SIGNED{tbs}: the TBS, the same AlgorithmIdentifier again (RFC 5280 §4.1.1.2), the signature. */
async function signed(tbs: Buffer, signer: TbsSigner): Promise<Buffer> {
  return sequence(tbs, signer.algorithm, await signer.sign(tbs));
}

/** A certificate's DER. */
export async function issueCertificate(fields: CertificateFields, signer: TbsSigner): Promise<Buffer> {
  return signed(tbsCertificate(fields, signer.algorithm), signer);
}

export interface CrlFields {
  issuer: Uint8Array;
  thisUpdate: Date;
  nextUpdate: Date;
  entries: { serial: string; revocationDate: Date }[];
  /** The CA's subjectKeyIdentifier, for the CRL's authorityKeyIdentifier (RFC 5280 §5.2.1 requires one). */
  authorityKeyId: Uint8Array;
  /** cRLNumber (§5.2.3, also required): must grow with each CRL. */
  number: bigint;
}

/** A v2 CRL's DER: TBSCertList with its entries (no entry extensions), AKI and cRLNumber. */
export async function issueCrl(fields: CrlFields, signer: TbsSigner): Promise<Buffer> {
  if (fields.number < 0n) throw new IssueError('cRLNumber must not be negative');
  const numberHex = fields.number.toString(16);
  const revoked = fields.entries.map((e) => sequence(serialInteger(e.serial), x509Time(e.revocationDate)));
  const tbs = sequence(
    smallInteger(1),
    signer.algorithm,
    fields.issuer,
    x509Time(fields.thisUpdate),
    x509Time(fields.nextUpdate),
    // an empty revokedCertificates is left out, not written empty (RFC 5280 §5.1.2.6)
    ...(revoked.length ? [sequence(...revoked)] : []),
    contextTag(
      0,
      sequence(
        extension('2.5.29.35', false, sequence(tlv(0x80, fields.authorityKeyId))),
        extension('2.5.29.20', false, unsignedInteger(Buffer.from(numberHex.length % 2 ? `0${numberHex}` : numberHex, 'hex'))),
      ),
    ),
  );
  return signed(tbs, signer);
}

/** The whole encoding of the n-th element of a certificate's tbsCertificate after the [0] version (0 = serialNumber). */
function tbsElement(cert: Uint8Array, n: number): Uint8Array {
  try {
    const outer = readTlv(cert, 0);
    const tbs = readTlv(cert, outer.start);
    let at = tbs.start;
    if (cert[at] === 0xa0) at = readTlv(cert, at).end;
    for (let i = 0; i < n; i++) at = readTlv(cert, at).end;
    if (at >= tbs.end) throw new IssueError('tbsCertificate is too short');
    return cert.subarray(at, readTlv(cert, at).end);
  } catch (e) {
    if (e instanceof DerError) throw new IssueError(`certificate: ${e.message}`);
    throw e;
  }
}

/** A certificate's subject Name DER, byte for byte (the issuer name of what it signs). */
export const certificateSubject = (cert: Uint8Array): Uint8Array => tbsElement(cert, 4);
/** A certificate's SubjectPublicKeyInfo DER. */
export const certificatePublicKey = (cert: Uint8Array): Uint8Array => tbsElement(cert, 5);
