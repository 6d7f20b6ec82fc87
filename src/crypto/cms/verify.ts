import { constants, createHash, createPublicKey, verify as nodeVerify, webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { LocalizedError, type MessageKey, type MessageParams } from '../../shared/i18n/index.ts';
import { digestNameByOid, messageDigestOf, parseSignedData, signerCertificate, signingTimeOf } from './parse.ts';
import { OID } from './oids.ts';
import { nameToText } from '../x509/subject.ts';

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

const problem = (code: MessageKey, params: MessageParams = {}): SignerProblem => ({
  code,
  params,
  message: new LocalizedError(code, params).message,
});

/** Checks a signature value over `data` with the certificate's key; undefined for an algorithm we do not know. */
function signatureValid(cert: pkijs.Certificate, signer: pkijs.SignerInfo, data: Buffer, digestName: string): boolean | undefined {
  const key = createPublicKey({ key: Buffer.from(cert.subjectPublicKeyInfo.toSchema().toBER()), format: 'der', type: 'spki' });
  const sig = Buffer.from(signer.signature.valueBlock.valueHexView);
  const alg = signer.signatureAlgorithm.algorithmId;
  if (alg === OID.rsaPss) {
    const params = new pkijs.RSASSAPSSParams({ schema: signer.signatureAlgorithm.algorithmParams });
    const hash = digestNameByOid[params.hashAlgorithm.algorithmId];
    if (!hash) return undefined;
    return nodeVerify(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: params.saltLength }, sig);
  }
  if (RSA_OIDS.has(alg)) return nodeVerify(SIG_HASH[alg] ?? digestName, data, { key, padding: constants.RSA_PKCS1_PADDING }, sig);
  if (ECDSA_OIDS.has(alg)) return nodeVerify(SIG_HASH[alg] ?? digestName, data, { key, dsaEncoding: 'der' }, sig);
  return undefined;
}

function keyUsageAllowsSigning(cert: pkijs.Certificate): boolean {
  const ext = cert.extensions?.find((e) => e.extnID === '2.5.29.15');
  if (!ext) return true; // no restriction
  const bits = ext.parsedValue instanceof asn1js.BitString ? ext.parsedValue.valueBlock.valueHexView : undefined;
  const first = bits?.[0] ?? 0;
  return (first & 0x80) !== 0 || (first & 0x40) !== 0; // digitalSignature | nonRepudiation
}

/**
 * Does the signingCertificateV2 attribute name this very certificate? Undefined when the
 * attribute is absent; false when it names another certificate or is malformed.
 */
function certificateBindingOk(signer: pkijs.SignerInfo, cert: pkijs.Certificate): boolean | undefined {
  const attr = signer.signedAttrs?.attributes.find((a) => a.type === OID.signingCertificateV2);
  if (!attr) return undefined;
  const seqItems = (v: unknown): asn1js.AsnType[] | undefined => (v instanceof asn1js.Sequence ? v.valueBlock.value : undefined);
  const essCertId = seqItems(seqItems(seqItems(attr.values[0])?.[0])?.[0]);
  if (!essCertId) return false;
  let hashName: string | undefined = 'sha256';
  let hashItem = essCertId[0];
  if (hashItem instanceof asn1js.Sequence) {
    hashName = digestNameByOid[new pkijs.AlgorithmIdentifier({ schema: hashItem }).algorithmId];
    hashItem = essCertId[1];
  }
  if (!(hashItem instanceof asn1js.OctetString) || !hashName) return false;
  const certDer = Buffer.from(cert.toSchema().toBER());
  return Buffer.from(hashItem.valueBlock.valueHexView).equals(createHash(hashName).update(certDer).digest());
}

function isCa(cert: pkijs.Certificate): boolean {
  const bc = cert.extensions?.find((e) => e.extnID === '2.5.29.19')?.parsedValue;
  return bc instanceof pkijs.BasicConstraints && bc.cA === true;
}

const derEquals = (a: pkijs.Certificate, b: pkijs.Certificate): boolean =>
  Buffer.from(a.toSchema().toBER()).equals(Buffer.from(b.toSchema().toBER()));

/**
 * Builds and checks the path from the signer's certificate to a trust anchor at `at`. pkijs
 * validates the last certificate of `certs`, so the signer's goes last; every certificate above
 * it in the path must be a CA.
 */
async function chainProblem(cert: pkijs.Certificate, others: pkijs.Certificate[], anchors: pkijs.Certificate[], at: Date): Promise<string | undefined> {
  if (anchors.length === 0) return 'no trust anchors were given';
  const engine = new pkijs.CertificateChainValidationEngine({ trustedCerts: anchors, certs: [...others, cert], checkDate: at });
  const result = await engine.verify({}, new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as Crypto }));
  if (!result.result) return result.resultMessage || 'no path to a trusted certificate';
  const path = result.certificatePath ?? [];
  if (!path[0] || !derEquals(path[0], cert)) return 'the path found does not start at the signer\'s certificate';
  const notCa = path.slice(1).find((c) => !isCa(c));
  if (notCa) return `"${nameToText(new Uint8Array(notCa.subject.toSchema().toBER()))}" issued a certificate but is not a CA`;
  return undefined;
}

const toPkijs = (der: Buffer): pkijs.Certificate => pkijs.Certificate.fromBER(new Uint8Array(der));

/** Attributes a CAdES-BES signature must sign: the content type (id-data) and the message digest. */
function signedAttributesProblem(signer: pkijs.SignerInfo): SignerProblem | undefined {
  const attrs = signer.signedAttrs?.attributes;
  if (!attrs) return problem('verify.no-signed-attributes');
  const contentType = attrs.find((a) => a.type === OID.contentType)?.values[0];
  if (!(contentType instanceof asn1js.ObjectIdentifier) || contentType.valueBlock.toString() !== OID.data) return problem('verify.content-type');
  if (!attrs.some((a) => a.type === OID.messageDigest)) return problem('verify.no-signed-attributes');
  return undefined;
}

async function verifySigner(
  sd: pkijs.SignedData,
  signer: pkijs.SignerInfo,
  index: number,
  content: Uint8Array,
  anchors: pkijs.Certificate[],
): Promise<SignerReport> {
  const report: SignerReport = { index, checks: {}, problems: [], ok: false };
  const fail = (p: SignerProblem): void => void report.problems.push(p);
  const digestName = digestNameByOid[signer.digestAlgorithm.algorithmId];
  if (!digestName) {
    fail(problem('verify.unsupported-algorithm', { oid: signer.digestAlgorithm.algorithmId }));
    return report;
  }
  const signingTime = signingTimeOf(signer);
  if (signingTime) report.signingTime = signingTime.toISOString();

  const attrsProblem = signedAttributesProblem(signer);
  if (attrsProblem) fail(attrsProblem);
  report.checks.digest = messageDigestOf(signer)?.equals(createHash(digestName).update(content).digest()) ?? false;
  if (!attrsProblem && !report.checks.digest) fail(problem('verify.digest'));

  const cert = signerCertificate(sd, signer);
  if (!cert) {
    fail(problem('verify.no-certificate'));
    return report;
  }
  report.subject = nameToText(new Uint8Array(cert.subject.toSchema().toBER()));
  report.issuer = nameToText(new Uint8Array(cert.issuer.toSchema().toBER()));
  report.serialNumber = Buffer.from(cert.serialNumber.valueBlock.valueHexView).toString('hex');

  if (signer.signedAttrs) {
    const signedBytes = Buffer.from(signer.signedAttrs.encodedValue);
    signedBytes[0] = 0x31; // hashed as a SET OF, not as the [0] IMPLICIT it is stored as
    const valid = signatureValid(cert, signer, signedBytes, digestName);
    if (valid === undefined) fail(problem('verify.unsupported-algorithm', { oid: signer.signatureAlgorithm.algorithmId }));
    report.checks.signature = valid === true;
    if (valid === false) fail(problem('verify.signature'));
  }
  report.checks.certificateBinding = certificateBindingOk(signer, cert);
  if (report.checks.certificateBinding === undefined) fail(problem('verify.no-signing-certificate'));
  else if (!report.checks.certificateBinding) fail(problem('verify.certificate-binding'));

  const at = signingTime ?? new Date();
  if (!signingTime) report.problems.push(problem('verify.no-signing-time'));
  report.checks.validAtSigningTime = at >= cert.notBefore.value && at <= cert.notAfter.value;
  if (!report.checks.validAtSigningTime) {
    fail(problem('verify.not-valid-at-signing-time', { time: at.toISOString(), from: cert.notBefore.value.toISOString(), to: cert.notAfter.value.toISOString() }));
  }
  const others = (sd.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate && c !== cert);
  const chain = await chainProblem(cert, others, anchors, at);
  report.checks.chain = !chain;
  if (chain) fail(problem('verify.chain', { reason: chain }));
  report.checks.keyUsage = keyUsageAllowsSigning(cert);
  if (!report.checks.keyUsage) fail(problem('verify.key-usage'));
  return report;
}

/** Problems that are reported but do not by themselves make a signature invalid. */
const NOTES = new Set<MessageKey>(['verify.no-signing-time']);

/**
 * Verifies every signer of a detached CAdES-BES signature over `content`: the signed
 * attributes (content type, message digest, signingCertificateV2 binding), the signature, the
 * chain to `trustAnchors` (DER certificates) at signing time, the certificate's validity at
 * signing time, and its key usage. A malformed signer gets a problem in its own report.
 */
export async function verifyDetached(content: Uint8Array, cms: Buffer, trustAnchors: Buffer[], source = 'signature'): Promise<VerifyReport> {
  const sd = parseSignedData(cms, source);
  const anchors = trustAnchors.map(toPkijs);
  const signers: SignerReport[] = [];
  for (const [index, signer] of sd.signerInfos.entries()) {
    let report: SignerReport;
    try {
      report = await verifySigner(sd, signer, index, content, anchors);
    } catch (e) {
      report = { index, checks: {}, problems: [problem('verify.malformed', { reason: e instanceof Error ? e.message : String(e) })], ok: false };
    }
    report.ok = report.problems.every((p) => NOTES.has(p.code));
    signers.push(report);
  }
  return { ok: signers.length > 0 && signers.every((s) => s.ok), signers };
}
