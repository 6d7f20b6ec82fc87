import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createHash } from 'node:crypto';
import { LocalizedError } from '../../shared/i18n/index.ts';
import { readTlv } from '../der.ts';
import { nameToText } from './subject.ts';

/** The DER parts of a certificate that PKCS#11 objects and CMS structures carry verbatim. */
export interface CertificateParts {
  der: Buffer;
  serialNumber: Buffer; // DER INTEGER
  issuer: Buffer; // DER Name
  subject: Buffer; // DER Name
  spki: Buffer; // DER SubjectPublicKeyInfo
}

/** Slices the TBSCertificate's fields out of the DER, byte for byte (copies, which the caller may keep). */
export function certificateParts(der: Buffer): CertificateParts {
  const view = certificatePartsView(der);
  return { der, serialNumber: Buffer.from(view.serialNumber), issuer: Buffer.from(view.issuer), subject: Buffer.from(view.subject), spki: Buffer.from(view.spki) };
}

/**
 * The same fields as views into `der`, read and refused exactly as certificateParts reads them,
 * without copying: for reading a certificate in passing (verifyDetached reads every one a
 * signature carries), not for keeping.
 */
export function certificatePartsView(der: Buffer): CertificateParts {
  const cert = readTlv(der);
  const tbs = readTlv(der, cert.start);
  let at = tbs.start;
  let field = readTlv(der, at);
  if (field.tag === 0xa0) field = readTlv(der, (at = field.end)); // explicit version
  const slice = (f: { start: number; end: number }, headerAt: number): Buffer => der.subarray(headerAt, f.end);
  const serialAt = at;
  const serial = field;
  const sigAlg = readTlv(der, serial.end);
  const issuer = readTlv(der, sigAlg.end);
  const validity = readTlv(der, issuer.end);
  const subject = readTlv(der, validity.end);
  const spki = readTlv(der, subject.end);
  return {
    der,
    serialNumber: slice(serial, serialAt),
    issuer: slice(issuer, sigAlg.end),
    subject: slice(subject, validity.end),
    spki: slice(spki, subject.end),
  };
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;

/**
 * Reads one or more certificates from PEM (several blocks allowed) or DER bytes. `source` names
 * the file in the error. Every certificate is fully parsed, so a damaged one is refused here.
 */
export function readCertificates(bytes: Buffer, source: string): x509.X509Certificate[] {
  const text = bytes.toString('latin1');
  const ders: Buffer[] = [];
  if (text.includes('-----BEGIN')) {
    for (const m of text.matchAll(PEM_CERT)) ders.push(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'));
    if (ders.length === 0) throw new LocalizedError('cert.unreadable', { source, reason: 'no "BEGIN CERTIFICATE" block in the PEM text' });
  } else {
    ders.push(bytes);
  }
  return ders.map((der, i) => {
    try {
      const cert = new x509.X509Certificate(new Uint8Array(der));
      certificateParts(Buffer.from(cert.rawData)); // the TBS fields must be sliceable too
      void cert.publicKey.algorithm;
      return cert;
    } catch (e) {
      const which = ders.length > 1 ? `certificate ${i + 1}: ` : '';
      throw new LocalizedError('cert.unreadable', { source, reason: which + (e as Error).message }, { cause: e });
    }
  });
}

export function derOf(cert: x509.X509Certificate): Buffer {
  return Buffer.from(cert.rawData);
}

/** The DER lists readCertificateDers found, by the SHA-256 of the bytes they were read from. */
const dersByInput = new Map<string, Buffer[]>();
const MAX_DER_LISTS = 256;

/**
 * The DER of each certificate in `bytes` (PEM, several blocks allowed, or DER), read and checked
 * as readCertificates does, which costs about a millisecond: trust anchors passed with every
 * verification are read once and kept by the SHA-256 of ALL the bytes given (never by a name),
 * so other bytes are read afresh and anything unreadable is refused every time (errors are not
 * kept). Each call returns copies, so a caller cannot change what is kept.
 */
export function readCertificateDers(bytes: Buffer, source: string): Buffer[] {
  const key = createHash('sha256').update(bytes).digest('hex');
  let ders = dersByInput.get(key);
  if (ders) {
    dersByInput.delete(key); // least recently used first out
  } else {
    ders = readCertificates(bytes, source).map(derOf);
    if (dersByInput.size >= MAX_DER_LISTS) dersByInput.delete(dersByInput.keys().next().value as string);
  }
  dersByInput.set(key, ders);
  return ders.map((d) => Buffer.from(d));
}

/** The subject as RFC 4514 text with this app's attribute names. */
export function subjectOf(cert: x509.X509Certificate): string {
  return nameToText(certificateParts(derOf(cert)).subject);
}

/** A summary for listings and --json. */
export interface CertificateSummary {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  sha256: string;
  keyUsage: string[];
  isCa: boolean;
}

const KEY_USAGE_NAMES: [number, string][] = [
  [x509.KeyUsageFlags.digitalSignature, 'digitalSignature'],
  [x509.KeyUsageFlags.nonRepudiation, 'nonRepudiation'],
  [x509.KeyUsageFlags.keyEncipherment, 'keyEncipherment'],
  [x509.KeyUsageFlags.dataEncipherment, 'dataEncipherment'],
  [x509.KeyUsageFlags.keyAgreement, 'keyAgreement'],
  [x509.KeyUsageFlags.keyCertSign, 'keyCertSign'],
  [x509.KeyUsageFlags.cRLSign, 'cRLSign'],
];

export function keyUsageOf(cert: x509.X509Certificate): string[] | undefined {
  const ext = cert.getExtension(x509.KeyUsagesExtension);
  return ext ? KEY_USAGE_NAMES.filter(([flag]) => (ext.usages & flag) !== 0).map(([, n]) => n) : undefined;
}

export async function summarize(cert: x509.X509Certificate): Promise<CertificateSummary> {
  const parts = certificateParts(derOf(cert));
  return {
    subject: nameToText(parts.subject),
    issuer: nameToText(parts.issuer),
    serialNumber: cert.serialNumber,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    sha256: Buffer.from(await cert.getThumbprint('SHA-256')).toString('hex'),
    keyUsage: keyUsageOf(cert) ?? [],
    isCa: cert.getExtension(x509.BasicConstraintsExtension)?.ca ?? false,
  };
}
