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

/** Checks a signature value over `data` with the certificate's key, for the algorithms we sign with. */
function signatureValid(cert: pkijs.Certificate, signer: pkijs.SignerInfo, data: Buffer, digestName: string): boolean {
  const key = createPublicKey({ key: Buffer.from(cert.subjectPublicKeyInfo.toSchema().toBER()), format: 'der', type: 'spki' });
  const sig = Buffer.from(signer.signature.valueBlock.valueHexView);
  const alg = signer.signatureAlgorithm.algorithmId;
  if (alg === OID.rsaPss) {
    const params = new pkijs.RSASSAPSSParams({ schema: signer.signatureAlgorithm.algorithmParams });
    const hash = digestNameByOid[params.hashAlgorithm.algorithmId] ?? 'sha1';
    return nodeVerify(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: params.saltLength }, sig);
  }
  if (RSA_OIDS.has(alg)) return nodeVerify(SIG_HASH[alg] ?? digestName, data, { key, padding: constants.RSA_PKCS1_PADDING }, sig);
  if (ECDSA_OIDS.has(alg)) return nodeVerify(SIG_HASH[alg] ?? digestName, data, { key, dsaEncoding: 'der' }, sig);
  return false;
}

function keyUsageAllowsSigning(cert: pkijs.Certificate): boolean {
  const ext = cert.extensions?.find((e) => e.extnID === '2.5.29.15');
  if (!ext) return true; // no restriction
  const bits = ext.parsedValue instanceof asn1js.BitString ? ext.parsedValue.valueBlock.valueHexView : undefined;
  const first = bits?.[0] ?? 0;
  return (first & 0x80) !== 0 || (first & 0x40) !== 0; // digitalSignature | nonRepudiation
}

/** Does the signingCertificateV2 attribute, when present, name this very certificate? */
function certificateBindingOk(signer: pkijs.SignerInfo, cert: pkijs.Certificate): boolean | undefined {
  const attr = signer.signedAttrs?.attributes.find((a) => a.type === OID.signingCertificateV2);
  if (!attr) return undefined;
  const certDer = Buffer.from(cert.toSchema().toBER());
  const sc = attr.values[0] as asn1js.Sequence;
  const first = (sc.valueBlock.value[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
  const items = first.valueBlock.value;
  let hashName = 'sha256';
  let hashItem = items[0];
  if (items[0] instanceof asn1js.Sequence) {
    hashName = digestNameByOid[new pkijs.AlgorithmIdentifier({ schema: items[0] }).algorithmId] ?? 'unknown';
    hashItem = items[1];
  }
  if (!(hashItem instanceof asn1js.OctetString) || hashName === 'unknown') return false;
  return Buffer.from(hashItem.valueBlock.valueHexView).equals(createHash(hashName).update(certDer).digest());
}

async function chainValid(cert: pkijs.Certificate, others: pkijs.Certificate[], anchors: pkijs.Certificate[], at: Date): Promise<string | undefined> {
  if (anchors.length === 0) return 'no trust anchors were given';
  const engine = new pkijs.CertificateChainValidationEngine({ trustedCerts: anchors, certs: [cert, ...others], checkDate: at });
  const result = await engine.verify({}, new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as Crypto }));
  return result.result ? undefined : result.resultMessage || 'no path to a trusted certificate';
}

const toPkijs = (der: Buffer): pkijs.Certificate => pkijs.Certificate.fromBER(new Uint8Array(der));

/**
 * Verifies every signer of a detached CMS signature over `content`: the message digest, the
 * signature, the signingCertificateV2 binding, the chain to `trustAnchors` (DER certificates)
 * at signing time, the certificate's validity at signing time, and its key usage.
 */
export async function verifyDetached(content: Uint8Array, cms: Buffer, trustAnchors: Buffer[], source = 'signature'): Promise<VerifyReport> {
  const sd = parseSignedData(cms, source);
  const anchors = trustAnchors.map(toPkijs);
  const certs = (sd.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  const signers: SignerReport[] = [];
  for (const [index, signer] of sd.signerInfos.entries()) {
    const report: SignerReport = { index, checks: {}, problems: [], ok: false };
    const cert = signerCertificate(sd, signer);
    const digestName = digestNameByOid[signer.digestAlgorithm.algorithmId] ?? 'sha256';
    const digest = createHash(digestName).update(content).digest();
    const signingTime = signingTimeOf(signer);
    if (signingTime) report.signingTime = signingTime.toISOString();

    let signedBytes: Buffer;
    if (signer.signedAttrs) {
      signedBytes = Buffer.from(signer.signedAttrs.encodedValue);
      signedBytes[0] = 0x31; // hashed as a SET OF, not as the [0] IMPLICIT it is stored as
      report.checks.digest = messageDigestOf(signer)?.equals(digest) ?? false;
    } else {
      signedBytes = Buffer.from(content);
    }
    if (report.checks.digest === false) report.problems.push(problem('verify.digest'));

    if (!cert) {
      report.problems.push(problem('verify.no-certificate'));
    } else {
      report.subject = nameToText(new Uint8Array(cert.subject.toSchema().toBER()));
      report.issuer = nameToText(new Uint8Array(cert.issuer.toSchema().toBER()));
      report.serialNumber = Buffer.from(cert.serialNumber.valueBlock.valueHexView).toString('hex');
      report.checks.signature = signatureValid(cert, signer, signedBytes, digestName);
      if (!report.checks.signature) report.problems.push(problem('verify.signature'));
      report.checks.certificateBinding = certificateBindingOk(signer, cert);
      if (report.checks.certificateBinding === false) report.problems.push(problem('verify.certificate-binding'));
      const at = signingTime ?? new Date();
      if (!signingTime) report.problems.push(problem('verify.no-signing-time'));
      report.checks.validAtSigningTime = at >= cert.notBefore.value && at <= cert.notAfter.value;
      if (!report.checks.validAtSigningTime) {
        report.problems.push(
          problem('verify.not-valid-at-signing-time', { time: at.toISOString(), from: cert.notBefore.value.toISOString(), to: cert.notAfter.value.toISOString() }),
        );
      }
      const chainProblem = await chainValid(cert, certs.filter((c) => c !== cert), anchors, at);
      report.checks.chain = !chainProblem;
      if (chainProblem) report.problems.push(problem('verify.chain', { reason: chainProblem }));
      report.checks.keyUsage = keyUsageAllowsSigning(cert);
      if (!report.checks.keyUsage) report.problems.push(problem('verify.key-usage'));
    }
    // a missing signingTime is reported but is not by itself a failure
    report.ok = report.problems.every((p) => p.code === 'verify.no-signing-time') && !!cert && report.checks.digest !== false;
    signers.push(report);
  }
  return { ok: signers.length > 0 && signers.every((s) => s.ok), signers };
}
