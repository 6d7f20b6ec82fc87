import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { constants, createHash, createPublicKey, verify as nodeVerify, webcrypto, type KeyObject } from 'node:crypto';
import * as pkijs from 'pkijs';
import { LocalizedError, type MessageKey, type MessageParams } from '../../shared/i18n/index.ts';
import { berToDer, readTlv } from '../der.ts';
import { certificateParts, type CertificateParts } from '../x509/certificate.ts';
import { nameToText } from '../x509/subject.ts';
import { OID } from './oids.ts';
import { digestNameByOid, encodeSignedData, parseSignedData } from './parse.ts';
import { octets, oidOf, readSignedDataDer, readTime, sequenceItems, type DerSignedData, type DerSignerInfo } from './signed-data-der.ts';

export interface SignerProblem {
  code: MessageKey;
  params: MessageParams;
  /** English text; the UI and CLI localise from code + params. */
  message: string;
}

/** What was checked for one signer, and what failed. A check is `undefined` when it could not run. */
export interface SignerReport {
  index: number;
  subject?: string;
  issuer?: string;
  serialNumber?: string;
  /** SHA-256 of the signer certificate's DER, hex: how a certificate is identified (never by serial or name). */
  certificateSha256?: string;
  signingTime?: string;
  checks: {
    digest?: boolean;
    signature?: boolean;
    certificateBinding?: boolean;
    chain?: boolean;
    validAtSigningTime?: boolean;
    keyUsage?: boolean;
  };
  problems: SignerProblem[];
  ok: boolean;
}

export interface VerifyReport {
  ok: boolean;
  signers: SignerReport[];
}

const RSA_OIDS = new Set(['1.2.840.113549.1.1.1', '1.2.840.113549.1.1.11', '1.2.840.113549.1.1.12', '1.2.840.113549.1.1.13']);
const SIG_HASH: Record<string, string> = {
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};
const ECDSA_OIDS = new Set(['1.2.840.10045.2.1', '1.2.840.10045.4.3.2', '1.2.840.10045.4.3.3', '1.2.840.10045.4.3.4']);

const problem = (code: MessageKey, params: MessageParams = {}): SignerProblem => ({ code, params, message: new LocalizedError(code, params).message });
const sha = (name: string, data: Uint8Array): Buffer => createHash(name).update(data).digest();

/** What verification needs of a certificate, worked out once per certificate (the bank sees the same few again and again). */
interface CertInfo {
  der: Buffer;
  /** SHA-256 of `der`, hex. */
  sha256: string;
  parts: CertificateParts;
  key: KeyObject;
  subject: string;
  issuer: string;
  serialHex: string;
  notBefore: Date;
  notAfter: Date;
  keyUsageOk: boolean;
  pkijs: pkijs.Certificate;
}

const certCache = new Map<string, CertInfo>();

function certInfo(der: Buffer): CertInfo {
  const id = sha('sha256', der).toString('hex');
  const cached = certCache.get(id);
  if (cached) return cached;
  const cert = new x509.X509Certificate(new Uint8Array(der));
  const parts = certificateParts(der);
  const usage = cert.getExtension(x509.KeyUsagesExtension);
  const serial = readTlv(parts.serialNumber);
  const info: CertInfo = {
    der,
    sha256: id,
    parts,
    key: createPublicKey({ key: parts.spki, format: 'der', type: 'spki' }),
    subject: nameToText(parts.subject),
    issuer: nameToText(parts.issuer),
    serialHex: parts.serialNumber.subarray(serial.start, serial.end).toString('hex').replace(/^00(?=[89a-f])/, ''),
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    // no key usage extension: no restriction; else digitalSignature or nonRepudiation
    keyUsageOk: !usage || (usage.usages & (x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation)) !== 0,
    pkijs: pkijs.Certificate.fromBER(new Uint8Array(der)),
  };
  if (certCache.size > 1000) certCache.delete(certCache.keys().next().value!);
  certCache.set(id, info);
  return info;
}

function isCa(cert: pkijs.Certificate): boolean {
  const bc = cert.extensions?.find((e) => e.extnID === '2.5.29.19')?.parsedValue;
  return bc instanceof pkijs.BasicConstraints && bc.cA === true;
}

/** Chain results, kept for the window in which every certificate on the path is valid. */
const chainCache = new Map<string, { problem?: string; from: number; to: number }>();

/**
 * Builds and checks the path from the signer's certificate to a trust anchor at `at`. pkijs
 * validates the last certificate of `certs`, so the signer's goes last; every certificate above
 * it in the path must be a CA.
 */
async function chainProblem(cert: CertInfo, others: CertInfo[], anchors: CertInfo[], at: Date): Promise<string | undefined> {
  if (anchors.length === 0) return 'no trust anchors were given';
  const key = [cert, ...others, ...anchors].map((c) => c.serialHex + c.issuer).join('|');
  const cached = chainCache.get(key);
  if (cached && at.getTime() >= cached.from && at.getTime() <= cached.to) return cached.problem;
  const engine = new pkijs.CertificateChainValidationEngine({ trustedCerts: anchors.map((a) => a.pkijs), certs: [...others.map((o) => o.pkijs), cert.pkijs], checkDate: at });
  const result = await engine.verify({}, new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as Crypto }));
  let found: string | undefined;
  let from = Number.NEGATIVE_INFINITY;
  let to = Number.POSITIVE_INFINITY;
  if (!result.result) found = result.resultMessage || 'no path to a trusted certificate';
  else {
    const path = result.certificatePath ?? [];
    const pathDer = path.map((c) => Buffer.from(c.toSchema().toBER()));
    if (!pathDer[0]?.equals(cert.der)) found = "the path found does not start at the signer's certificate";
    const notCa = path.slice(1).find((c) => !isCa(c));
    if (!found && notCa) found = `"${nameToText(new Uint8Array(notCa.subject.toSchema().toBER()))}" issued a certificate but is not a CA`;
    for (const c of path) {
      from = Math.max(from, c.notBefore.value.getTime());
      to = Math.min(to, c.notAfter.value.getTime());
    }
  }
  if (chainCache.size > 1000) chainCache.delete(chainCache.keys().next().value!);
  // a failure is cached only for this instant: the answer may differ at another signing time
  chainCache.set(key, found ? { problem: found, from: at.getTime(), to: at.getTime() } : { from, to });
  return found;
}

/** Checks a signature value over `data` with the certificate's key; undefined for an algorithm we do not know. */
function signatureValid(cert: CertInfo, s: DerSignerInfo, data: Buffer, digestName: string): boolean | undefined {
  if (s.signatureOid === OID.rsaPss) {
    const pss = pssParams(s.signatureParams);
    if (!pss) return undefined;
    return nodeVerify(pss.hash, data, { key: cert.key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: pss.saltLength }, s.signature);
  }
  if (RSA_OIDS.has(s.signatureOid)) return nodeVerify(SIG_HASH[s.signatureOid] ?? digestName, data, { key: cert.key, padding: constants.RSA_PKCS1_PADDING }, s.signature);
  if (ECDSA_OIDS.has(s.signatureOid)) return nodeVerify(SIG_HASH[s.signatureOid] ?? digestName, data, { key: cert.key, dsaEncoding: 'der' }, s.signature);
  return undefined;
}

/** RSASSA-PSS-params (RFC 4055): [0] hash algorithm (default SHA-1), [2] salt length (default 20). */
function pssParams(params: Buffer | undefined): { hash: string; saltLength: number } | undefined {
  let hash: string | undefined = 'sha1';
  let saltLength = 20;
  for (const item of params ? sequenceItems(params) : []) {
    const inner = item.subarray(readTlv(item).start);
    if (item[0] === 0xa0) hash = digestNameByOid[oidOf(sequenceItems(inner)[0]!)];
    if (item[0] === 0xa2) saltLength = octets(inner).readUIntBE(0, Math.min(6, octets(inner).length));
  }
  return hash ? { hash, saltLength } : undefined;
}

/**
 * Does the signingCertificateV2 attribute name this very certificate? Undefined when the
 * attribute is absent; false when it names another certificate or is malformed.
 */
function certificateBindingOk(s: DerSignerInfo, cert: CertInfo): boolean | undefined {
  const value = s.attributes.get(OID.signingCertificateV2);
  if (!value) return undefined;
  try {
    const essCertId = sequenceItems(sequenceItems(sequenceItems(value)[0]!)[0]!);
    let hashName: string | undefined = 'sha256';
    let hashItem = essCertId[0]!;
    if (hashItem[0] === 0x30) {
      hashName = digestNameByOid[oidOf(sequenceItems(hashItem)[0]!)];
      hashItem = essCertId[1]!;
    }
    if (!hashName || hashItem[0] !== 0x04) return false;
    return octets(hashItem).equals(sha(hashName, cert.der));
  } catch {
    return false;
  }
}

/** Attributes a CAdES-BES signature must sign: the content type (id-data) and the message digest. */
function signedAttributesProblem(s: DerSignerInfo): SignerProblem | undefined {
  if (!s.signedAttrs) return problem('verify.no-signed-attributes');
  const contentType = s.attributes.get(OID.contentType);
  if (!contentType || contentType[0] !== 0x06 || oidOf(contentType) !== OID.data) return problem('verify.content-type');
  if (!s.attributes.has(OID.messageDigest)) return problem('verify.no-signed-attributes');
  return undefined;
}

async function verifySigner(certs: CertInfo[], s: DerSignerInfo, index: number, content: Uint8Array, anchors: CertInfo[]): Promise<SignerReport> {
  const report: SignerReport = { index, checks: {}, problems: [], ok: false };
  const fail = (p: SignerProblem): void => void report.problems.push(p);
  const digestName = digestNameByOid[s.digestOid];
  if (!digestName) {
    fail(problem('verify.unsupported-algorithm', { oid: s.digestOid }));
    return report;
  }
  const timeValue = s.attributes.get(OID.signingTime);
  const signingTime = timeValue ? readTime(timeValue) : undefined;
  if (signingTime) report.signingTime = signingTime.toISOString();

  const attrsProblem = signedAttributesProblem(s);
  if (attrsProblem) fail(attrsProblem);
  const md = s.attributes.get(OID.messageDigest);
  report.checks.digest = md?.[0] === 0x04 ? octets(md).equals(sha(digestName, content)) : false;
  if (!attrsProblem && !report.checks.digest) fail(problem('verify.digest'));

  const cert = certs.find((c) => c.parts.issuer.equals(s.issuer) && c.parts.serialNumber.equals(s.serial));
  if (!cert) {
    fail(problem('verify.no-certificate'));
    return report;
  }
  report.subject = cert.subject;
  report.issuer = cert.issuer;
  report.serialNumber = cert.serialHex;
  report.certificateSha256 = cert.sha256;

  if (s.signedAttrs) {
    const signedBytes = Buffer.from(s.signedAttrs);
    signedBytes[0] = 0x31; // hashed as a SET OF, not as the [0] IMPLICIT it is stored as
    const valid = signatureValid(cert, s, signedBytes, digestName);
    if (valid === undefined) fail(problem('verify.unsupported-algorithm', { oid: s.signatureOid }));
    report.checks.signature = valid === true;
    if (valid === false) fail(problem('verify.signature'));
  }
  report.checks.certificateBinding = certificateBindingOk(s, cert);
  if (report.checks.certificateBinding === undefined) fail(problem('verify.no-signing-certificate'));
  else if (!report.checks.certificateBinding) fail(problem('verify.certificate-binding'));

  const at = signingTime ?? new Date();
  if (!signingTime) report.problems.push(problem('verify.no-signing-time'));
  report.checks.validAtSigningTime = at >= cert.notBefore && at <= cert.notAfter;
  if (!report.checks.validAtSigningTime) {
    fail(problem('verify.not-valid-at-signing-time', { time: at.toISOString(), from: cert.notBefore.toISOString(), to: cert.notAfter.toISOString() }));
  }
  const chain = await chainProblem(cert, certs.filter((c) => c !== cert), anchors, at);
  report.checks.chain = !chain;
  if (chain) fail(problem('verify.chain', { reason: chain }));
  report.checks.keyUsage = cert.keyUsageOk;
  if (!report.checks.keyUsage) fail(problem('verify.key-usage'));
  return report;
}

/** Problems that are reported but do not by themselves make a signature invalid. */
const NOTES = new Set<MessageKey>(['verify.no-signing-time']);

/** The SignedData as DER parts: read directly, or after re-encoding BER (or PEM) with definite lengths. */
function readSignedData(cms: Buffer, source: string): DerSignedData {
  const direct = readSignedDataDer(cms);
  if (direct) return direct;
  const parsed = parseSignedData(cms, source); // refuses anything that is not a SignedData, saying why
  const der = cms.subarray(0, 11).toString('latin1').startsWith('-----BEGIN') ? encodeSignedData(parsed) : cms;
  let reencoded: DerSignedData | undefined;
  try {
    reencoded = readSignedDataDer(berToDer(der));
  } catch {
    reencoded = undefined;
  }
  if (!reencoded) throw new LocalizedError('cms.unreadable', { source, reason: 'the structure could not be read' });
  return reencoded;
}

/**
 * Verifies every signer of a detached CAdES-BES signature over `content`: the signed
 * attributes (content type, message digest, signingCertificateV2 binding), the signature, the
 * chain to `trustAnchors` (DER certificates) at signing time, the certificate's validity at
 * signing time, and its key usage. A malformed signer gets a problem in its own report.
 */
export async function verifyDetached(content: Uint8Array, cms: Buffer, trustAnchors: Buffer[], source = 'signature'): Promise<VerifyReport> {
  const sd = readSignedData(cms, source);
  if (sd.signers.length === 0) throw new LocalizedError('cms.no-signers');
  const anchors = trustAnchors.map(certInfo);
  const certs: CertInfo[] = [];
  for (const der of sd.certificates) {
    try {
      certs.push(certInfo(der));
    } catch {
      // an unreadable extra certificate: its signer, if any, reports "no certificate"
    }
  }
  const signers: SignerReport[] = [];
  for (const [index, signer] of sd.signers.entries()) {
    let report: SignerReport;
    try {
      report = await verifySigner(certs, signer, index, content, anchors);
    } catch (e) {
      report = { index, checks: {}, problems: [problem('verify.malformed', { reason: e instanceof Error ? e.message : String(e) })], ok: false };
    }
    report.ok = report.problems.every((p) => NOTES.has(p.code));
    signers.push(report);
  }
  return { ok: signers.length > 0 && signers.every((s) => s.ok), signers };
}
