import { readPublicKey, type PublicKey } from './algorithms.ts';
import { decodeExtensions, type DecodedExtensions } from './extensions.ts';
import { CACHE_SIZES, boundedSet } from './limits.ts';
import { parseCertificate, sha256Hex, type ParsedCertificate } from './parsed-certificate.ts';

/**
 * Everything about one certificate that does not depend on where it stands in a path or on
 * the time: parsed once and kept by the SHA-256 of its DER.
 */
export interface CertificateFacts {
  sha256: string;
  /** How reasons name the certificate: its subject in quotes, or its hash when unreadable. */
  label: string;
  cert?: ParsedCertificate;
  ext: DecodedExtensions;
  key?: PublicKey;
  /** Why the certificate is unacceptable wherever it stands, if it is. */
  problem?: string;
}

const cache = new Map<string, CertificateFacts>();

export function clearCertificateFacts(): void {
  cache.clear();
}

/**
 * RFC 5280 4.1.2.2: a positive INTEGER of at most 20 octets, minimally encoded. Not asked of
 * trust anchors: an issuer revokes by serial number, and nobody revokes an anchor (real roots
 * with serial 0 exist).
 */
export function serialProblem(serial: Buffer): string | undefined {
  if (serial.length > 1 && serial[0] === 0 && (serial[1]! & 0x80) === 0) return 'its serial number is not minimally encoded';
  if ((serial[0]! & 0x80) !== 0) return 'its serial number is negative';
  if (serial.every((b) => b === 0)) return 'its serial number is zero';
  const octets = serial[0] === 0 ? serial.length - 1 : serial.length;
  if (octets > 20) return `its serial number is ${octets} octets long; at most 20 are allowed`;
  return undefined;
}

function profileProblem(cert: ParsedCertificate, ext: DecodedExtensions): string | undefined {
  if (cert.version !== 3) return `it is an X.509 version ${cert.version} certificate; version 3 is required`;
  if (!cert.innerAlgorithm.whole.equals(cert.outerAlgorithm.whole)) return 'its signature algorithm inside the signed part differs from the one outside it';
  if (cert.issuer.length === 2) return 'its issuer name is empty';
  if (cert.subject.length === 2) return 'its subject name is empty';
  if (ext.problem) return ext.problem;
  const aki = ext.authorityKeyId;
  if (aki && !aki.keyId) return 'its authority key identifier has no key identifier';
  if (aki?.namesIssuerCertificate) return "its authority key identifier names the issuer's certificate by name and serial; only a key identifier is accepted";
  return undefined;
}

function build(der: Buffer, sha256: string): CertificateFacts {
  let cert: ParsedCertificate;
  try {
    cert = parseCertificate(der);
  } catch (e) {
    return { sha256, label: `the certificate with SHA-256 ${sha256.slice(0, 16)}…`, ext: {}, problem: `it cannot be read: ${(e as Error).message}` };
  }
  const ext = decodeExtensions(cert);
  const facts: CertificateFacts = { sha256, label: `"${cert.name}"`, cert, ext };
  facts.problem = profileProblem(cert, ext);
  try {
    facts.key = readPublicKey(cert.spki, cert.keyAlgorithm);
  } catch (e) {
    facts.problem ??= (e as Error).message;
  }
  return facts;
}

export function certificateFacts(der: Buffer): CertificateFacts {
  const sha256 = sha256Hex(der);
  const known = cache.get(sha256);
  if (known) return known;
  const facts = build(der, sha256);
  boundedSet(cache, sha256, facts, CACHE_SIZES.certificates);
  return facts;
}
