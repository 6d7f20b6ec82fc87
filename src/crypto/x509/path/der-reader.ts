import { decodeOid, readTlv } from '../../der.ts';

/** One DER value: its tag, its content, and the whole encoding (tag, length and content). */
export interface Tlv {
  tag: number;
  content: Buffer;
  whole: Buffer;
}

/** Reads the value at `at`; it must lie inside `buf`. */
export function tlvAt(buf: Buffer, at = 0): Tlv & { end: number } {
  const t = readTlv(buf, at);
  return { tag: t.tag, content: buf.subarray(t.start, t.end), whole: buf.subarray(at, t.end), end: t.end };
}

/** Reads `buf` as exactly one value with the given tag: nothing may follow it. */
export function single(buf: Buffer, tag: number, what: string): Tlv {
  const t = tlvAt(buf);
  if (t.tag !== tag) throw new Error(`${what}: expected tag 0x${tag.toString(16)}, found 0x${t.tag.toString(16)}`);
  if (t.end !== buf.length) throw new Error(`${what}: ${buf.length - t.end} stray bytes after the value`);
  return t;
}

/** The values inside a constructed value's content, in order. */
export function children(content: Buffer): Tlv[] {
  const out: Tlv[] = [];
  for (let at = 0; at < content.length; ) {
    const t = tlvAt(content, at);
    out.push(t);
    at = t.end;
  }
  return out;
}

export const oidText = (t: Tlv, what: string): string => {
  if (t.tag !== 0x06 || t.content.length === 0) throw new Error(`${what} is not an OBJECT IDENTIFIER`);
  return decodeOid(t.content);
};

/** An AlgorithmIdentifier: the OID and the parameters' whole encoding, if any. */
export interface AlgorithmId {
  oid: string;
  params?: Buffer;
  whole: Buffer;
}

export function algorithmId(t: Tlv, what: string): AlgorithmId {
  if (t.tag !== 0x30) throw new Error(`${what} is not an AlgorithmIdentifier`);
  const [id, params, extra] = children(t.content);
  if (!id || extra) throw new Error(`${what} is not an AlgorithmIdentifier`);
  return { oid: oidText(id, what), whole: t.whole, ...(params ? { params: params.whole } : {}) };
}

export const isNull = (params: Buffer | undefined): boolean => params !== undefined && params.length === 2 && params[0] === 0x05 && params[1] === 0x00;
