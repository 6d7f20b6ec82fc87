import { decodeOid, readTlv } from '../der.ts';
import { OID } from './oids.ts';

/**
 * A SignedData read straight from DER, keeping every part as the bytes it came in: the bank
 * verifies thousands of signatures, and a generic ASN.1 object model costs milliseconds each.
 * Only definite lengths are read; anything else returns undefined and the caller re-encodes.
 */
export interface DerSignerInfo {
  issuer: Buffer;
  /** The serial number as a whole DER INTEGER. */
  serial: Buffer;
  digestOid: string;
  /** The signed attributes as stored ([0] IMPLICIT), undefined when there are none. */
  signedAttrs?: Buffer;
  /** Each signed attribute's first value, as DER, by OID. */
  attributes: Map<string, Buffer>;
  signatureOid: string;
  signatureParams?: Buffer;
  signature: Buffer;
}

export interface DerSignedData {
  certificates: Buffer[];
  signers: DerSignerInfo[];
}

const slice = (b: Buffer, t: { start: number; end: number }): Buffer => b.subarray(t.start, t.end);
const whole = (b: Buffer, at: number, t: { end: number }): Buffer => b.subarray(at, t.end);

/** The items of a constructed value, each as its full TLV. */
function items(b: Buffer, t: { start: number; end: number }): Buffer[] {
  const out: Buffer[] = [];
  for (let at = t.start; at < t.end; ) {
    const item = readTlv(b, at);
    out.push(whole(b, at, item));
    at = item.end;
  }
  return out;
}

function algorithm(b: Buffer): { oid: string; params?: Buffer } {
  const seq = readTlv(b);
  const id = readTlv(b, seq.start);
  return { oid: decodeOid(slice(b, id)), ...(id.end < seq.end ? { params: b.subarray(id.end, seq.end) } : {}) };
}

function signerInfo(b: Buffer): DerSignerInfo {
  const [version, sid, digestAlg, ...rest] = items(b, readTlv(b));
  if (!version || !sid || !digestAlg || sid[0] !== 0x30) throw new Error('SignerInfo without IssuerAndSerialNumber');
  const sidItems = items(sid, readTlv(sid));
  let i = 0;
  let signedAttrs: Buffer | undefined;
  const attributes = new Map<string, Buffer>();
  if (rest[i]?.[0] === 0xa0) {
    signedAttrs = rest[i++]!;
    for (const attr of items(signedAttrs, readTlv(signedAttrs))) {
      const [type, values] = items(attr, readTlv(attr));
      const first = values ? items(values, readTlv(values))[0] : undefined;
      if (type && first) attributes.set(decodeOid(slice(type, readTlv(type))), first);
    }
  }
  const sigAlg = algorithm(rest[i++]!);
  const sigValue = rest[i]!;
  const digest = algorithm(digestAlg);
  return {
    issuer: sidItems[0]!,
    serial: sidItems[1]!,
    digestOid: digest.oid,
    ...(signedAttrs ? { signedAttrs } : {}),
    attributes,
    signatureOid: sigAlg.oid,
    ...(sigAlg.params ? { signatureParams: sigAlg.params } : {}),
    signature: slice(sigValue, readTlv(sigValue)),
  };
}

/** Parses a DER ContentInfo holding SignedData; undefined when it is not plain DER (e.g. indefinite lengths). */
export function readSignedDataDer(der: Buffer): DerSignedData | undefined {
  try {
    const info = readTlv(der);
    if (info.end !== der.length) return undefined;
    const [type, explicit] = items(der, info);
    if (!type || !explicit || decodeOid(slice(type, readTlv(type))) !== OID.signedData) return undefined;
    const sd = readTlv(explicit, readTlv(explicit).start);
    const parts = items(explicit, sd);
    const certificates: Buffer[] = [];
    let signerSet: Buffer | undefined;
    for (const part of parts.slice(3)) {
      if (part[0] === 0xa0) certificates.push(...items(part, readTlv(part)).filter((c) => c[0] === 0x30));
      else if (part[0] === 0x31) signerSet = part;
    }
    if (!signerSet) return undefined;
    return { certificates, signers: items(signerSet, readTlv(signerSet)).map(signerInfo) };
  } catch {
    return undefined;
  }
}

/** The time of a signingTime value (UTCTime or GeneralizedTime, Z). */
export function readTime(value: Buffer): Date | undefined {
  const t = readTlv(value);
  const text = slice(value, t).toString('latin1');
  const m = t.tag === 0x17 ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text) : t.tag === 0x18 ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.\d+)?Z$/.exec(text) : null;
  if (!m) return undefined;
  let year = Number(m[1]);
  if (t.tag === 0x17) year += year < 50 ? 2000 : 1900;
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
}

/** The content of an OCTET STRING value. */
export const octets = (value: Buffer): Buffer => slice(value, readTlv(value));

/** The OID of an OBJECT IDENTIFIER value. */
export const oidOf = (value: Buffer): string => decodeOid(slice(value, readTlv(value)));

/** Items of a SEQUENCE value, as full TLVs. */
export const sequenceItems = (value: Buffer): Buffer[] => items(value, readTlv(value));
