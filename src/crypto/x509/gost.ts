/**
 * GOST R 34.10-2012 in PKCS#10 and X.509, pure TypeScript (no WebCrypto: @peculiar/x509 and
 * pkijs know no GOST). Requests are built by hand in DER, signed through a callback with the
 * shape of the token's C_Sign (digest in, s || r out), and checked against OpenSSL's gost engine
 * in tests/unit/gost-x509-openssl.test.ts.
 */
import { DerError, contextTag, octetString, oid, readTlv, sequence, set, smallInteger, tlv } from '../der.ts';
import type { GostCurve } from '../gost/curves.ts';
import {
  GostAsn1Error,
  decodeGostSpki,
  encodeGostSpki,
  gostDigest,
  gostKeyIdentifier,
  gostSignatureAlgorithm,
  gostSignatureBitString,
  splitSigned,
  verifyGostSigned,
  type GostPublicKey,
} from '../gost/asn1.ts';
import { parseSubject, subjectToDer } from './subject.ts';

/**
 * Signs with the private key: `digest` is the Streebog (OpenSSL byte order) of `message`, for a
 * raw mechanism; a token with only the combined mechanism signs `message`. Returns s || r, as
 * PKCS#11 CKM_GOSTR3410 does.
 */
export type GostSigner = (digest: Uint8Array, message: Uint8Array) => Promise<Uint8Array>;

export interface GostCsrRequest {
  curve: GostCurve;
  /** The public key: the signer's key pair's Q. */
  publicKey: { readonly x: bigint; readonly y: bigint };
  /** RFC 4514 text, as createCsr takes it. */
  subject: string;
  sign: GostSigner;
}

const EXTENSION_REQUEST = '1.2.840.113549.1.9.14';
const derTrue = (): Buffer => tlv(0x01, Buffer.from([0xff]));

/**
 * A PKCS#10 request for a GOST R 34.10-2012 key, with the extensions createCsr puts in RSA/EC
 * requests: keyUsage digitalSignature + nonRepudiation (critical) and subjectKeyIdentifier.
 */
export async function createGostCsr(req: GostCsrRequest): Promise<{ pem: string; der: Buffer }> {
  const { curve } = req;
  const spki = encodeGostSpki(curve, req.publicKey);
  const extensions = sequence(
    sequence(oid('2.5.29.15'), derTrue(), octetString(tlv(0x03, Buffer.from([0x06, 0xc0])))),
    sequence(oid('2.5.29.14'), octetString(octetString(gostKeyIdentifier(curve, req.publicKey)))),
  );
  const info = sequence(smallInteger(0), subjectToDer(parseSubject(req.subject)), spki, contextTag(0, sequence(oid(EXTENSION_REQUEST), set(extensions))));
  const signature = await req.sign(gostDigest(curve.bits, info), info);
  const der = sequence(info, gostSignatureAlgorithm(curve), gostSignatureBitString(curve, signature));
  return { der, pem: toPem('CERTIFICATE REQUEST', der) };
}

export function toPem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

/** The DER of the first PEM block with this label, or the input itself when it is DER already. */
export function fromPem(input: string | Uint8Array, label: string): Buffer {
  if (typeof input !== 'string') return Buffer.from(input);
  const m = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----`).exec(input);
  if (!m?.[1]) throw new GostAsn1Error(`no ${label} PEM block`);
  return Buffer.from(m[1].replace(/\s+/g, ''), 'base64');
}

/** readTlv, with DER errors as GostAsn1Error (what callers of this module catch). */
function tlvAt(buf: Uint8Array, at: number): { tag: number; start: number; end: number } {
  try {
    return readTlv(buf, at);
  } catch (e) {
    if (e instanceof DerError) throw new GostAsn1Error(e.message);
    throw e;
  }
}

/** A child value inside `buf` at `at`: its tag, whole encoding, and where it ends. */
function child(buf: Uint8Array, at: number, what: string): { tag: number; whole: Uint8Array; end: number } {
  if (at >= buf.length) throw new GostAsn1Error(`${what} is missing`);
  const t = tlvAt(buf, at);
  return { tag: t.tag, whole: buf.subarray(at, t.end), end: t.end };
}

export interface GostCsrInfo {
  /** True when the request is signed by the key it carries. */
  valid: boolean;
  publicKey: GostPublicKey;
  /** The subject Name's DER (for nameToText / parseSubject). */
  subject: Uint8Array;
  spki: Uint8Array;
}

/** True for a PKCS#10 request (PEM or DER) whose key is GOST R 34.10-2012: then verifyGostCsr reads it, not @peculiar/x509. */
export function isGostCsr(input: string | Uint8Array): boolean {
  try {
    return readRequest(fromPem(input, 'CERTIFICATE REQUEST')).spkiIsGost;
  } catch {
    return false;
  }
}

function readRequest(der: Uint8Array) {
  const parts = splitSigned(der);
  const info = tlvAt(parts.tbs, 0);
  const c = parts.tbs.subarray(info.start, info.end);
  const version = child(c, 0, 'CertificationRequestInfo version');
  if (version.tag !== 0x02 || version.whole.length !== 3 || version.whole[2] !== 0) throw new GostAsn1Error('CertificationRequestInfo: version is not 0');
  const subject = child(c, version.end, 'subject');
  if (subject.tag !== 0x30) throw new GostAsn1Error('subject is not a Name');
  const spki = child(c, subject.end, 'subjectPKInfo');
  const attributes = child(c, spki.end, 'attributes');
  if (attributes.tag !== 0xa0 || attributes.end !== c.length) throw new GostAsn1Error('CertificationRequestInfo: attributes are not [0] at the end');
  return { parts, subject: subject.whole, spki: spki.whole, spkiIsGost: isGostKeyAlgorithm(spki.whole) };
}

function isGostKeyAlgorithm(spki: Uint8Array): boolean {
  const outer = tlvAt(spki, 0);
  const alg = tlvAt(spki, outer.start);
  const id = tlvAt(spki, alg.start);
  if (id.tag !== 0x06) return false;
  const o = Buffer.from(spki.subarray(id.start, id.end)).toString('hex');
  // 1.2.643.7.1.1.1.1 and .2 (2a 85 03 07 01 01 01 01 / 02)
  return o === '2a85030701010101' || o === '2a85030701010102';
}

/**
 * Reads a GOST PKCS#10 request (PEM or DER) and checks its self-signature with the key it carries.
 * Throws GostAsn1Error for a request that is not well-formed GOST; `valid` is false for a bad signature.
 */
export function verifyGostCsr(input: string | Uint8Array): GostCsrInfo {
  const r = readRequest(fromPem(input, 'CERTIFICATE REQUEST'));
  if (!r.spkiIsGost) throw new GostAsn1Error('the request does not carry a GOST R 34.10-2012 key');
  const publicKey = decodeGostSpki(r.spki);
  return { valid: verifyGostSigned(r.parts, publicKey), publicKey, subject: r.subject, spki: r.spki };
}

/**
 * Checks a certificate's signature (DER or PEM) with its issuer's GOST SubjectPublicKeyInfo: the
 * outer signatureAlgorithm must equal the one inside tbsCertificate (RFC 5280 §4.1.1.2) and be
 * signWithDigest-gost3410-12 of the issuer key's length. Only the signature: validity, names,
 * extensions and the path are the path validator's.
 */
export function verifyGostCertificateSignature(cert: string | Uint8Array, issuerSpki: Uint8Array): boolean {
  const { parts, c, at } = tbsCertificate(cert);
  const serial = child(c, at, 'serialNumber');
  if (serial.tag !== 0x02) throw new GostAsn1Error('tbsCertificate: serialNumber is not an INTEGER');
  const inner = child(c, serial.end, 'tbsCertificate signature');
  if (!Buffer.from(inner.whole).equals(Buffer.from(parts.algorithm))) throw new GostAsn1Error('the signature algorithm inside tbsCertificate differs from the outer one');
  return verifyGostSigned(parts, issuerSpki);
}

/** A certificate's signed parts, and the tbsCertificate's content with the place after its [0] version. */
function tbsCertificate(cert: string | Uint8Array): { parts: ReturnType<typeof splitSigned>; c: Uint8Array; at: number } {
  const parts = splitSigned(fromPem(cert, 'CERTIFICATE'));
  const tbs = tlvAt(parts.tbs, 0);
  const c = parts.tbs.subarray(tbs.start, tbs.end);
  const first = child(c, 0, 'tbsCertificate');
  return { parts, c, at: first.tag === 0xa0 ? first.end : 0 };
}

/** The SubjectPublicKeyInfo's DER of a certificate (e.g. a self-signed one's, to check it with itself). */
export function certificateSpki(cert: string | Uint8Array): Uint8Array {
  const { c, at: start } = tbsCertificate(cert);
  let at = start;
  // serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo
  for (let i = 0; i < 5; i++) at = child(c, at, 'tbsCertificate').end;
  const spki = child(c, at, 'subjectPublicKeyInfo');
  if (spki.tag !== 0x30) throw new GostAsn1Error('subjectPublicKeyInfo is not a SEQUENCE');
  return spki.whole;
}
