import { LocalizedError, type MessageKey, type MessageParams } from '../../shared/i18n/index.ts';
import { berToDer, readTlv } from '../der.ts';
import { certificatePartsView, type CertificateParts } from '../x509/certificate.ts';
import { nameToText } from '../x509/subject.ts';
import {
  DIGESTS,
  certificateFacts,
  checkSignerCertificate,
  clearPathValidationCaches,
  digestWith,
  signatureCheck,
  type CertificateFacts,
  type CheckBudget,
  type Hash,
} from '../x509/path/index.ts';
import { OID } from './oids.ts';
import { encodeSignedData, parseSignedData } from './parse.ts';
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

const problem = (code: MessageKey, params: MessageParams = {}): SignerProblem => ({ code, params, message: new LocalizedError(code, params).message });
const sha = (name: Hash, data: Uint8Array): Buffer => digestWith(name, data);

/** A certificate in a signature: its CMS identity, read cheaply; the rest only for the signer's (a hostile signature may carry many). */
interface CertInfo {
  der: Buffer;
  parts: CertificateParts;
}

/** What the report needs of the signer's certificate, its facts kept by the hash of its DER. */
function signerFacts(cert: CertInfo): { facts: CertificateFacts; subject: string; issuer: string; serialHex: string } {
  const facts = certificateFacts(cert.der);
  const serial = readTlv(cert.parts.serialNumber);
  return {
    facts,
    subject: facts.cert?.name ?? nameToText(cert.parts.subject),
    issuer: facts.cert?.issuerName ?? nameToText(cert.parts.issuer),
    serialHex: cert.parts.serialNumber.subarray(serial.start, serial.end).toString('hex').replace(/^00(?=[89a-f])/, ''),
  };
}

/**
 * Forgets every cached verification result (certificates, signatures between certificates,
 * paths), for tests that must start from a fresh state.
 */
export function clearVerificationCaches(): void {
  clearPathValidationCaches();
}

/**
 * Checks the signature value over `data` with the signer's key. `valid` is undefined when the
 * check cannot run: the algorithm is not on the allow-list (`unsupported` names it), or the key
 * itself is refused (the chain check says why).
 */
function signatureValid(facts: CertificateFacts, s: DerSignerInfo, data: Buffer, digest: Hash): { valid?: boolean; unsupported?: string } {
  const key = facts.key;
  if (!key) return {};
  const check = signatureCheck({ oid: s.signatureOid, ...(s.signatureParams ? { params: s.signatureParams } : {}) }, key, 'cms', digest);
  if (check.unknown) return { unsupported: s.signatureOid };
  // an allowed algorithm that does not fit the key (a DSA or EC value labelled RSA...) does not verify
  if (check.problem) return { valid: false };
  return { valid: check.verify!(data, s.signature) };
}

/**
 * Does the signingCertificateV2 attribute name this very certificate? Undefined when the
 * attribute is absent; false when it names another certificate or is malformed.
 */
function certificateBindingOk(s: DerSignerInfo, cert: CertInfo, certSha256: string): boolean | undefined {
  const value = s.attributes.get(OID.signingCertificateV2);
  if (!value) return undefined;
  try {
    const essCertId = sequenceItems(sequenceItems(sequenceItems(value)[0]!)[0]!);
    let hashName: Hash | undefined = 'sha256';
    let hashItem = essCertId[0]!;
    if (hashItem[0] === 0x30) {
      hashName = DIGESTS[oidOf(sequenceItems(hashItem)[0]!)];
      hashItem = essCertId[1]!;
    }
    if (!hashName || hashItem[0] !== 0x04) return false;
    // SHA-256 (what every signer here names) is the hash the certificate is known by already
    return octets(hashItem).equals(hashName === 'sha256' ? Buffer.from(certSha256, 'hex') : sha(hashName, cert.der));
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

function verifySigner(certs: CertInfo[], s: DerSignerInfo, index: number, content: Uint8Array, anchors: Buffer[], budget: CheckBudget): SignerReport {
  const report: SignerReport = { index, checks: {}, problems: [], ok: false };
  const fail = (p: SignerProblem): void => void report.problems.push(p);
  const digestName = DIGESTS[s.digestOid];
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
  const { facts, subject, issuer, serialHex } = signerFacts(cert);
  report.subject = subject;
  report.issuer = issuer;
  report.serialNumber = serialHex;
  report.certificateSha256 = facts.sha256;

  if (s.signedAttrs) {
    const signedBytes = Buffer.from(s.signedAttrs);
    signedBytes[0] = 0x31; // hashed as a SET OF, not as the [0] IMPLICIT it is stored as
    const { valid, unsupported } = signatureValid(facts, s, signedBytes, digestName);
    if (unsupported) fail(problem('verify.unsupported-algorithm', { oid: unsupported }));
    if (valid !== undefined) report.checks.signature = valid;
    if (valid === false) fail(problem('verify.signature'));
  }
  report.checks.certificateBinding = certificateBindingOk(s, cert, facts.sha256);
  if (report.checks.certificateBinding === undefined) fail(problem('verify.no-signing-certificate'));
  else if (!report.checks.certificateBinding) fail(problem('verify.certificate-binding'));

  const at = signingTime ?? new Date();
  if (!signingTime) report.problems.push(problem('verify.no-signing-time'));
  // the path is built from this signer's certificate, the others in the signature, and the anchors: all by their bytes
  const checked = checkSignerCertificate({ signer: cert.der, offered: certs.filter((c) => c !== cert).map((c) => c.der), anchors, at, budget }, facts);
  const parsed = facts.cert;
  report.checks.validAtSigningTime = parsed !== undefined && checked.validity === undefined;
  if (parsed && checked.validity) {
    fail(problem('verify.not-valid-at-signing-time', { time: at.toISOString(), from: parsed.notBefore.toISOString(), to: parsed.notAfter.toISOString() }));
  }
  report.checks.chain = checked.chain === undefined;
  if (checked.chain) fail(problem('verify.chain', { reason: checked.chain }));
  report.checks.keyUsage = checked.keyUsageOk;
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

/** The most signers one SignedData may carry. */
export const MAX_SIGNERS = 8;

/**
 * Verifies every signer of a detached CAdES-BES signature over `content`: the signed
 * attributes (content type, message digest, signingCertificateV2 binding), the signature, the
 * chain to `trustAnchors` (DER certificates) at signing time, the certificate's validity at
 * signing time, and its key usage. A malformed signer gets a problem in its own report.
 * `budget` (fresh, examined 0) is where the candidate issuers examined are counted.
 */
export async function verifyDetached(content: Uint8Array, cms: Buffer, trustAnchors: Buffer[], source = 'signature', budget: CheckBudget = { examined: 0 }): Promise<VerifyReport> {
  const sd = readSignedData(cms, source);
  if (sd.signers.length === 0) throw new LocalizedError('cms.no-signers');
  // each signer costs a signature check: a document has one or two, so many more is an attack on the verifier
  if (sd.signers.length > MAX_SIGNERS) throw new LocalizedError('cms.unreadable', { source, reason: `${sd.signers.length} signers; at most ${MAX_SIGNERS} are read` });
  const certs: CertInfo[] = [];
  for (const der of sd.certificates) {
    try {
      certs.push({ der, parts: certificatePartsView(der) });
    } catch {
      // an unreadable extra certificate: its signer, if any, reports "no certificate"
    }
  }
  const signers: SignerReport[] = [];
  // one budget of candidate issuers for all the signers' paths, not one each (see PathInput.budget);
  // a caller may pass a fresh one to learn, when this returns, how many were examined
  for (const [index, signer] of sd.signers.entries()) {
    let report: SignerReport;
    try {
      report = verifySigner(certs, signer, index, content, trustAnchors, budget);
    } catch (e) {
      report = { index, checks: {}, problems: [problem('verify.malformed', { reason: e instanceof Error ? e.message : String(e) })], ok: false };
    }
    report.ok = report.problems.every((p) => NOTES.has(p.code));
    signers.push(report);
  }
  return { ok: signers.length > 0 && signers.every((s) => s.ok), signers };
}
