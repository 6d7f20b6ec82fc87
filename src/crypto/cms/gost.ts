/**
 * GOST R 34.10-2012 CAdES-BES detached SignedData (RFC 5652, RFC 9215/RFC 4490 for the GOST
 * algorithms, RFC 5035 for signingCertificateV2), made and checked in TypeScript. Standalone: the
 * RSA/ECDSA CMS paths (signer.ts, verify.ts) do not use it yet, and it validates no chain — the
 * caller gets "this certificate's key signed these bytes", nothing about who issued the certificate.
 *
 * What OpenSSL's gost engine (3.0, tests/unit/gost-cms.test.ts) does and accepts, which fixed the choices here:
 * - signatureAlgorithm: OpenSSL writes the key algorithm OID (id-tc26-gost3410-12-256/512) with NULL
 *   parameters; it also accepts id-tc26-signwithdigest-gost3410-12-256/512 without parameters,
 *   which is what we write (RFC 9215). Either is accepted when verifying.
 * - signature OCTET STRING: s || r, big-endian each, exactly the token's CKM_GOSTR3410 output and
 *   the X.509 layout (encoding.ts) — not reversed.
 * - digests (messageDigest, the signed attributes' hash, the ESSCertIDv2 hash) in Streebog's
 *   OpenSSL byte order, what `openssl dgst -md_gost12_256` prints.
 */
import { createHash } from 'node:crypto';
import { DerError, contextTag, decodeOid, octetString, oid, readTlv, sequence, set, smallInteger } from '../der.ts';
import { GOST_OID, decodeGostSpki, gostDigest, gostDigestOid, gostSignatureOid } from '../gost/asn1.ts';
import type { GostCurve } from '../gost/curves.ts';
import { decodeSignature } from '../gost/encoding.ts';
import { verifyDigest } from '../gost/signature.ts';
import { streebog256, streebog512 } from '../gost/streebog.ts';
import { certificateParts, type CertificateParts } from '../x509/certificate.ts';
import { OID } from './oids.ts';
import { contentTypeAttribute, messageDigestAttribute, signedAttributesSet, signingTimeAttribute } from './signed-attributes.ts';

/** Signs a Streebog digest (OpenSSL byte order): returns s || r, as PKCS#11 CKM_GOSTR3410 does. */
export type GostDigestSigner = (digest: Uint8Array) => Promise<Uint8Array> | Uint8Array;

export interface GostDetachedRequest {
  content: Uint8Array;
  /** The signer's certificate (DER), whose key is a GOST R 34.10-2012 key of `curve`. */
  certificateDer: Uint8Array;
  curve: GostCurve;
  sign: GostDigestSigner;
  /** signingTime; now when absent. */
  signingTime?: Date;
}

/** The CMS is not a GOST SignedData we can read: what the parser throws (verifyGostDetached turns it into a problem). */
export class GostCmsError extends Error {
  override name = 'GostCmsError';
}

/** Largest SignedData read (a signature with a few certificates is a few KB). */
export const MAX_GOST_CMS_BYTES = 1024 * 1024;
/** Most certificates, signed attributes and digest algorithms read from one SignedData. */
const MAX_ITEMS = 32;

const algorithm = (dotted: string): Buffer => sequence(oid(dotted));

/**
 * signingCertificateV2 (RFC 5035) with ESSCertIDv2 hashAlgorithm = Streebog-256, written out because it is
 * not the SHA-256 default: SigningCertificateV2 { certs { ESSCertIDv2 { hashAlgorithm, certHash, issuerSerial } } }.
 */
export function gostSigningCertificateV2Attribute(cert: CertificateParts): Buffer {
  const issuerSerial = sequence(sequence(contextTag(4, cert.issuer)), cert.serialNumber);
  const essCertIdV2 = sequence(algorithm(GOST_OID.digest256), octetString(streebog256(cert.der)), issuerSerial);
  return sequence(oid(OID.signingCertificateV2), set(sequence(sequence(essCertIdV2))));
}

/** A detached CAdES-BES SignedData (DER ContentInfo) over `content`, signed through `sign`. */
export async function signGostDetached(req: GostDetachedRequest): Promise<Buffer> {
  const { curve } = req;
  const certDer = Buffer.from(req.certificateDer);
  const cert = certificateParts(certDer);
  const key = decodeGostSpki(cert.spki);
  if (key.curve.name !== curve.name) throw new GostCmsError(`the certificate's key is on the ${key.curve.name} curve, the signer's is ${curve.name}`);
  const digestAlg = algorithm(gostDigestOid(curve));
  const signedAttrs = signedAttributesSet([
    contentTypeAttribute(),
    signingTimeAttribute(req.signingTime ?? new Date()),
    messageDigestAttribute(Buffer.from(gostDigest(curve.bits, req.content))),
    gostSigningCertificateV2Attribute(cert),
  ]);
  const signature = await req.sign(gostDigest(curve.bits, signedAttrs));
  if (signature.length !== 2 * curve.size) throw new GostCmsError(`the signer returned ${signature.length} bytes, a GOST ${curve.bits} signature is ${2 * curve.size}`);
  const signerInfo = sequence(
    smallInteger(1),
    sequence(cert.issuer, cert.serialNumber),
    digestAlg,
    Buffer.concat([Buffer.from([0xa0]), signedAttrs.subarray(1)]), // [0] IMPLICIT SET OF Attribute
    algorithm(gostSignatureOid(curve)),
    octetString(signature),
  );
  const signedData = sequence(smallInteger(1), set(digestAlg), sequence(oid(OID.data)), contextTag(0, certDer), set(signerInfo));
  return sequence(oid(OID.signedData), contextTag(0, signedData));
}

export interface GostDetachedVerification {
  ok: boolean;
  /** Why not, in words; empty when ok. */
  problems: string[];
  /** Whether the signed attributes held a signingCertificateV2 (CAdES-BES) that was checked. OpenSSL's plain `cms -sign` writes none. */
  signingCertificateChecked: boolean;
  /** The certificate whose key was used (DER), when one was found. */
  certificateDer?: Buffer;
}

interface Node {
  tag: number;
  /** The whole TLV. */
  whole: Uint8Array;
  content: Uint8Array;
}

function node(buf: Uint8Array, at: number, what: string): Node & { end: number } {
  if (at >= buf.length) throw new GostCmsError(`${what} is missing (the data ends early)`);
  let t: ReturnType<typeof readTlv>;
  try {
    t = readTlv(buf, at);
  } catch (e) {
    if (e instanceof DerError) throw new GostCmsError(`${what}: ${e.message}`);
    throw e;
  }
  return { tag: t.tag, whole: buf.subarray(at, t.end), content: buf.subarray(t.start, t.end), end: t.end };
}

function expectTag(n: Node, tag: number, what: string): void {
  if (n.tag !== tag) throw new GostCmsError(`${what}: expected tag 0x${tag.toString(16)}, found 0x${n.tag.toString(16)}`);
}

/** The children of a constructed value, at most MAX_ITEMS. */
function children(n: Node, what: string): Node[] {
  const out: Node[] = [];
  for (let at = 0; at < n.content.length; ) {
    if (out.length >= MAX_ITEMS) throw new GostCmsError(`${what}: more than ${MAX_ITEMS} items`);
    const c = node(n.content, at, `${what} item ${out.length + 1}`);
    out.push(c);
    at = c.end;
  }
  return out;
}

function oidOf(n: Node | undefined, what: string): string {
  if (!n) throw new GostCmsError(`${what} is missing`);
  expectTag(n, 0x06, what);
  return decodeOid(n.content);
}

/** An AlgorithmIdentifier's OID; its parameters must be absent or NULL. */
function algorithmOid(n: Node, what: string): string {
  expectTag(n, 0x30, what);
  const [id, params, ...rest] = children(n, what);
  if (rest.length || (params && !(params.tag === 0x05 && params.content.length === 0))) throw new GostCmsError(`${what}: parameters other than NULL`);
  return oidOf(id, `${what} OID`);
}

const isSmallInteger = (n: Node | undefined, v: number): boolean => n?.tag === 0x02 && n.content.length === 1 && n.content[0] === v;

interface ParsedSignedData {
  certificates: Buffer[];
  issuerAndSerial: Buffer;
  issuer: Buffer;
  serial: Buffer;
  digestOid: string;
  signedAttrs: Buffer; // as a SET (tag 0x31), the bytes that were signed
  attributes: Node[];
  signatureOid: string;
  signature: Uint8Array;
}

function parseSignedData(cms: Uint8Array): ParsedSignedData {
  if (cms.length > MAX_GOST_CMS_BYTES) throw new GostCmsError(`the SignedData is ${cms.length} bytes, more than ${MAX_GOST_CMS_BYTES}`);
  const ci = node(cms, 0, 'ContentInfo');
  expectTag(ci, 0x30, 'ContentInfo');
  if (ci.end !== cms.length) throw new GostCmsError(`${cms.length - ci.end} bytes after the ContentInfo`);
  const [type, explicit, ...extra] = children(ci, 'ContentInfo');
  if (oidOf(type, 'contentType') !== OID.signedData) throw new GostCmsError('the ContentInfo is not SignedData');
  if (!explicit || explicit.tag !== 0xa0 || extra.length) throw new GostCmsError('ContentInfo: content is not one [0]');
  const sdNodes = children(explicit, 'ContentInfo content');
  if (sdNodes.length !== 1) throw new GostCmsError('ContentInfo [0]: not one SignedData');
  const sd = sdNodes[0]!;
  expectTag(sd, 0x30, 'SignedData');
  const f = children(sd, 'SignedData');
  let i = 0;
  if (!isSmallInteger(f[i++], 1)) throw new GostCmsError('SignedData: version is not 1');
  const digestAlgs = f[i++];
  if (!digestAlgs) throw new GostCmsError('SignedData: digestAlgorithms is missing');
  expectTag(digestAlgs, 0x31, 'digestAlgorithms');
  const listed = children(digestAlgs, 'digestAlgorithms').map((a) => algorithmOid(a, 'digestAlgorithm'));
  const encap = f[i++];
  if (!encap) throw new GostCmsError('SignedData: encapContentInfo is missing');
  expectTag(encap, 0x30, 'encapContentInfo');
  const encapParts = children(encap, 'encapContentInfo');
  if (oidOf(encapParts[0], 'eContentType') !== OID.data) throw new GostCmsError('encapContentInfo: eContentType is not id-data');
  if (encapParts.length !== 1) throw new GostCmsError('encapContentInfo carries content: not a detached signature');
  const certificates: Buffer[] = [];
  if (f[i]?.tag === 0xa0) {
    for (const c of children(f[i]!, 'certificates')) {
      if (c.tag === 0x30) certificates.push(Buffer.from(c.whole)); // other certificate choices ([0]..[3]) are not ours
    }
    i++;
  }
  if (f[i]?.tag === 0xa1) i++; // crls: not read (no chain validation here)
  const infos = f[i++];
  if (!infos) throw new GostCmsError('SignedData: signerInfos is missing');
  expectTag(infos, 0x31, 'signerInfos');
  if (i !== f.length) throw new GostCmsError('SignedData: values after signerInfos');
  const signers = children(infos, 'signerInfos');
  if (signers.length !== 1) throw new GostCmsError(`signerInfos holds ${signers.length} signers, not one`);
  const si = signers[0]!;
  expectTag(si, 0x30, 'SignerInfo');
  const s = children(si, 'SignerInfo');
  if (!isSmallInteger(s[0], 1)) throw new GostCmsError('SignerInfo: version is not 1 (only issuerAndSerialNumber is read)');
  const sid = s[1];
  if (!sid) throw new GostCmsError('SignerInfo: sid is missing');
  expectTag(sid, 0x30, 'issuerAndSerialNumber');
  const sidParts = children(sid, 'issuerAndSerialNumber');
  if (sidParts.length !== 2 || sidParts[0]!.tag !== 0x30 || sidParts[1]!.tag !== 0x02) throw new GostCmsError('issuerAndSerialNumber is not { Name, INTEGER }');
  if (!s[2]) throw new GostCmsError('SignerInfo: digestAlgorithm is missing');
  const digestOid = algorithmOid(s[2], 'SignerInfo digestAlgorithm');
  if (!listed.includes(digestOid)) throw new GostCmsError('the signer’s digestAlgorithm is not among SignedData.digestAlgorithms');
  const attrs = s[3];
  if (!attrs || attrs.tag !== 0xa0) throw new GostCmsError('SignerInfo: signedAttrs are missing');
  if (!s[4]) throw new GostCmsError('SignerInfo: signatureAlgorithm is missing');
  const signatureOid = algorithmOid(s[4], 'signatureAlgorithm');
  const sig = s[5];
  if (!sig) throw new GostCmsError('SignerInfo: signature is missing');
  expectTag(sig, 0x04, 'signature');
  if (s.length > 7 || (s[6] && s[6].tag !== 0xa1)) throw new GostCmsError('SignerInfo: values after the signature other than unsignedAttrs');
  return {
    certificates,
    issuerAndSerial: Buffer.from(sid.whole),
    issuer: Buffer.from(sidParts[0]!.whole),
    serial: Buffer.from(sidParts[1]!.whole),
    digestOid,
    signedAttrs: Buffer.concat([Buffer.from([0x31]), attrs.whole.subarray(1)]),
    attributes: children(attrs, 'signedAttrs'),
    signatureOid,
    signature: sig.content,
  };
}

/** Each attribute's single value, by type; a type twice, or an attribute with not exactly one value, is refused. */
function attributeValues(attributes: Node[]): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const a of attributes) {
    expectTag(a, 0x30, 'Attribute');
    const [type, values, ...rest] = children(a, 'Attribute');
    const t = oidOf(type, 'Attribute type');
    if (!values || values.tag !== 0x31 || rest.length) throw new GostCmsError(`attribute ${t}: not { type, SET OF value }`);
    const v = children(values, `attribute ${t}`);
    if (v.length !== 1) throw new GostCmsError(`attribute ${t} has ${v.length} values, not one`);
    if (out.has(t)) throw new GostCmsError(`attribute ${t} appears twice`);
    out.set(t, v[0]!);
  }
  return out;
}

function hashBy(algorithmId: string, data: Uint8Array): Uint8Array | undefined {
  if (algorithmId === OID.sha256) return createHash('sha256').update(data).digest();
  if (algorithmId === GOST_OID.digest256) return streebog256(data);
  if (algorithmId === GOST_OID.digest512) return streebog512(data);
  return undefined;
}

/** Problems with signingCertificateV2 against the signer's certificate (RFC 5035: the first ESSCertIDv2 is the signer's). */
function signingCertificateProblems(value: Node, cert: CertificateParts): string[] {
  expectTag(value, 0x30, 'SigningCertificateV2');
  const [certs] = children(value, 'SigningCertificateV2');
  if (!certs) throw new GostCmsError('SigningCertificateV2: certs is missing');
  expectTag(certs, 0x30, 'SigningCertificateV2 certs');
  const [first] = children(certs, 'SigningCertificateV2 certs');
  if (!first) throw new GostCmsError('SigningCertificateV2: no ESSCertIDv2');
  expectTag(first, 0x30, 'ESSCertIDv2');
  const p = children(first, 'ESSCertIDv2');
  let k = 0;
  const hashAlg = p[k]?.tag === 0x30 ? algorithmOid(p[k++]!, 'ESSCertIDv2 hashAlgorithm') : OID.sha256;
  const certHash = p[k++];
  if (!certHash) throw new GostCmsError('ESSCertIDv2: certHash is missing');
  expectTag(certHash, 0x04, 'ESSCertIDv2 certHash');
  const problems: string[] = [];
  const expected = hashBy(hashAlg, cert.der);
  if (!expected) problems.push(`signingCertificateV2 hashes with ${hashAlg}, which is not read here`);
  else if (!Buffer.from(expected).equals(Buffer.from(certHash.content))) problems.push('signingCertificateV2 names another certificate (its hash differs)');
  const issuerSerial = p[k++];
  if (issuerSerial) {
    expectTag(issuerSerial, 0x30, 'ESSCertIDv2 issuerSerial');
    const want = sequence(sequence(contextTag(4, cert.issuer)), cert.serialNumber);
    if (!want.equals(Buffer.from(issuerSerial.whole))) problems.push('signingCertificateV2 names another issuer or serial number');
  }
  if (p.length > k) throw new GostCmsError('ESSCertIDv2: values after issuerSerial');
  return problems;
}

/**
 * Checks a detached GOST SignedData over `content`: structure (strictly, bounded), messageDigest =
 * Streebog(content), signingCertificateV2 (when present) against the signer's certificate, and the
 * GOST signature over the signed attributes with that certificate's key. The certificate is
 * `options.certificateDer` when given (it must be the one the SignerInfo names), else the included
 * one the SignerInfo names. No chain, validity period or key usage is checked here.
 */
export function verifyGostDetached(content: Uint8Array, cmsDer: Uint8Array, options: { certificateDer?: Uint8Array } = {}): GostDetachedVerification {
  const problems: string[] = [];
  let signingCertificateChecked = false;
  let certificateDer: Buffer | undefined;
  try {
    const sd = parseSignedData(cmsDer);
    const candidates = options.certificateDer ? [Buffer.from(options.certificateDer)] : sd.certificates;
    let cert: CertificateParts | undefined;
    for (const der of candidates) {
      let parts: CertificateParts;
      try {
        parts = certificateParts(der);
      } catch {
        throw new GostCmsError('a certificate is not readable');
      }
      if (parts.issuer.equals(sd.issuer) && parts.serialNumber.equals(sd.serial)) {
        cert = parts;
        break;
      }
    }
    if (!cert) throw new GostCmsError(options.certificateDer ? 'the given certificate is not the one the SignerInfo names' : 'the signer’s certificate is not included');
    certificateDer = cert.der;
    let key: ReturnType<typeof decodeGostSpki>;
    try {
      key = decodeGostSpki(cert.spki);
    } catch (e) {
      throw new GostCmsError(`the signer’s certificate has no GOST R 34.10-2012 key: ${(e as Error).message}`);
    }
    const { curve } = key;
    if (sd.digestOid !== gostDigestOid(curve)) problems.push(`digestAlgorithm ${sd.digestOid} is not Streebog-${curve.bits}`);
    const keyOid = curve.bits === 256 ? GOST_OID.key256 : GOST_OID.key512;
    if (sd.signatureOid !== gostSignatureOid(curve) && sd.signatureOid !== keyOid) problems.push(`signatureAlgorithm ${sd.signatureOid} is not GOST R 34.10-2012 ${curve.bits}`);
    const attrs = attributeValues(sd.attributes);
    const type = attrs.get(OID.contentType);
    if (!type || oidOf(type, 'contentType value') !== OID.data) problems.push('the contentType attribute is missing or not id-data');
    const md = attrs.get(OID.messageDigest);
    if (!md || md.tag !== 0x04) problems.push('the messageDigest attribute is missing');
    else if (!Buffer.from(md.content).equals(Buffer.from(gostDigest(curve.bits, content)))) problems.push('the content does not match the messageDigest (changed content?)');
    const sc = attrs.get(OID.signingCertificateV2);
    if (sc) {
      problems.push(...signingCertificateProblems(sc, cert));
      signingCertificateChecked = true;
    }
    if (sd.signature.length !== 2 * curve.size) problems.push(`the signature is ${sd.signature.length} bytes, a GOST ${curve.bits} signature is ${2 * curve.size}`);
    else if (!verifyDigest(curve, key.Q, gostDigest(curve.bits, sd.signedAttrs), decodeSignature(curve, sd.signature))) {
      problems.push('the signature does not verify with the certificate’s key');
    }
  } catch (e) {
    if (!(e instanceof GostCmsError)) throw e;
    problems.push(`not a readable GOST SignedData: ${e.message}`);
  }
  return { ok: problems.length === 0, problems, signingCertificateChecked, ...(certificateDer ? { certificateDer } : {}) };
}
