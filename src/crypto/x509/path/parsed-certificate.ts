import { createHash } from 'node:crypto';
import { nameToText } from '../subject.ts';
import { algorithmId, children, oidText, single, type AlgorithmId, type Tlv } from './der-reader.ts';

export interface Extension {
  oid: string;
  critical: boolean;
  /** The content of extnValue (the extension's own DER). */
  value: Buffer;
}

/** A certificate read strictly from DER, every field kept as the bytes it came in. */
export interface ParsedCertificate {
  der: Buffer;
  /** SHA-256 of `der`, hex: the certificate's identity everywhere in this folder. */
  sha256: string;
  /** The TBSCertificate's whole encoding: the bytes the issuer signed. */
  tbs: Buffer;
  /** 1, 2 or 3. */
  version: number;
  /** The serial number INTEGER's content bytes. */
  serial: Buffer;
  /** The signature algorithm inside the TBSCertificate and the one outside it. */
  innerAlgorithm: AlgorithmId;
  outerAlgorithm: AlgorithmId;
  issuer: Buffer;
  subject: Buffer;
  /** The subject and issuer as text for reasons; never compared. */
  name: string;
  issuerName: string;
  notBefore: Date;
  notAfter: Date;
  spki: Buffer;
  keyAlgorithm: AlgorithmId;
  signature: Buffer;
  extensions: Extension[];
  /** Issuer and subject are the same DER name (a root, or a CA's key rollover). */
  selfIssued: boolean;
}

export const sha256Hex = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** Certificate times: UTCTime YYMMDDHHMMSSZ or GeneralizedTime YYYYMMDDHHMMSSZ, whole seconds, UTC (RFC 5280 4.1.2.5). */
function readTime(t: Tlv, what: string): Date {
  const text = t.content.toString('latin1');
  const m = t.tag === 0x17 ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text) : t.tag === 0x18 ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text) : null;
  if (!m) throw new Error(`${what} "${text}" is not a UTCTime or GeneralizedTime in whole seconds, UTC`);
  let year = Number(m[1]);
  if (t.tag === 0x17) year += year < 50 ? 2000 : 1900;
  const [month, day, hour, minute, second] = [m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) throw new Error(`${what} "${text}" is not a real date`);
  return date;
}

function readExtensions(t: Tlv): Extension[] {
  const seq = single(t.content, 0x30, 'extensions');
  return children(seq.content).map((ext) => {
    if (ext.tag !== 0x30) throw new Error('an extension is not a SEQUENCE');
    const [id, second, third, extra] = children(ext.content);
    if (!id || !second || extra) throw new Error('an extension has the wrong number of fields');
    const oid = oidText(id, 'extension id');
    let critical = false;
    let value = second;
    if (second.tag === 0x01) {
      if (!third || second.content.length !== 1) throw new Error(`extension ${oid}: malformed critical flag`);
      critical = second.content[0] !== 0;
      value = third;
    } else if (third) throw new Error(`extension ${oid}: unexpected field`);
    if (value.tag !== 0x04) throw new Error(`extension ${oid}: the value is not an OCTET STRING`);
    return { oid, critical, value: value.content };
  });
}

function nameText(der: Buffer): string {
  try {
    return der.length === 2 ? '(empty name)' : nameToText(der);
  } catch {
    return `(unreadable name ${der.subarray(0, 16).toString('hex')}…)`;
  }
}

/** Parses a certificate; throws an Error saying what is malformed. */
export function parseCertificate(der: Buffer): ParsedCertificate {
  const cert = single(der, 0x30, 'certificate');
  const [tbs, outerAlg, sigValue, extra] = children(cert.content);
  if (!tbs || !outerAlg || !sigValue || extra || tbs.tag !== 0x30 || sigValue.tag !== 0x03) throw new Error('not an X.509 certificate (Certificate ::= SEQUENCE { tbs, algorithm, signature })');
  if (sigValue.content[0] !== 0) throw new Error('the signature BIT STRING has unused bits');
  const fields = children(tbs.content);
  let i = 0;
  let version = 1;
  if (fields[0]?.tag === 0xa0) {
    const v = single(fields[0].content, 0x02, 'version');
    if (v.content.length !== 1 || v.content[0]! > 2) throw new Error('the version is not v1, v2 or v3');
    version = v.content[0]! + 1;
    i = 1;
  }
  const [serial, inner, issuer, validity, subject, spki, ...rest] = fields.slice(i);
  if (!serial || serial.tag !== 0x02 || serial.content.length === 0) throw new Error('the serial number is not an INTEGER');
  if (!inner || !issuer || issuer.tag !== 0x30 || !validity || validity.tag !== 0x30 || !subject || subject.tag !== 0x30 || !spki || spki.tag !== 0x30) {
    throw new Error('the TBSCertificate lacks a required field');
  }
  const [notBefore, notAfter, moreTimes] = children(validity.content);
  if (!notBefore || !notAfter || moreTimes) throw new Error('the validity is not two times');
  const [keyAlg, keyBits, moreKey] = children(spki.content);
  if (!keyAlg || !keyBits || keyBits.tag !== 0x03 || moreKey) throw new Error('the subject public key info is malformed');
  let extensions: Extension[] = [];
  let lastTag = 0;
  for (const field of rest) {
    // [1] issuerUniqueID, [2] subjectUniqueID, [3] extensions: each at most once, in this order
    if (![0x81, 0xa1, 0x82, 0xa2, 0xa3].includes(field.tag) || (field.tag & 0x1f) <= lastTag) throw new Error(`unexpected field with tag 0x${field.tag.toString(16)} in the TBSCertificate`);
    lastTag = field.tag & 0x1f;
    if (field.tag === 0xa3) {
      if (version !== 3) throw new Error('extensions in a certificate that is not version 3');
      extensions = readExtensions(field);
    }
  }
  return {
    der,
    sha256: sha256Hex(der),
    tbs: tbs.whole,
    version,
    serial: serial.content,
    innerAlgorithm: algorithmId(inner, 'the TBSCertificate signature algorithm'),
    outerAlgorithm: algorithmId(outerAlg, 'the certificate signature algorithm'),
    issuer: issuer.whole,
    subject: subject.whole,
    name: nameText(subject.whole),
    issuerName: nameText(issuer.whole),
    notBefore: readTime(notBefore, 'notBefore'),
    notAfter: readTime(notAfter, 'notAfter'),
    spki: spki.whole,
    keyAlgorithm: algorithmId(keyAlg, 'the public key algorithm'),
    signature: sigValue.content.subarray(1),
    extensions,
    selfIssued: issuer.whole.equals(subject.whole),
  };
}
