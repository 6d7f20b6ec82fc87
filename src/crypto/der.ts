/**
 * The few DER encodings this layer builds by hand: public keys from token attributes and the
 * fixed parts of CMS signer infos. Everything is definite-length, as DER requires.
 */

/** Bytes that are not the DER (or BER) they should be: what the readers here throw, and only that. */
export class DerError extends Error {
  override name = 'DerError';
}

export function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One TLV around the concatenated content, built with a single allocation (this is on the signing hot path). */
export function tlv(tag: number, ...content: Uint8Array[]): Buffer {
  return tlvOf(tag, content);
}

/** The same, from an array: a value read from untrusted BER may have more items than a call can take as arguments. */
function tlvOf(tag: number, content: readonly Uint8Array[]): Buffer {
  let length = 0;
  for (const c of content) length += c.length;
  const lengthBytes = length < 0x80 ? 1 : length < 0x100 ? 2 : length < 0x10000 ? 3 : length < 0x1000000 ? 4 : 5;
  const out = Buffer.allocUnsafe(1 + lengthBytes + length);
  out[0] = tag;
  if (lengthBytes === 1) out[1] = length;
  else {
    out[1] = 0x80 | (lengthBytes - 1);
    for (let i = lengthBytes - 1, v = length; i >= 1; i--, v = Math.floor(v / 256)) out[1 + i] = v & 0xff;
  }
  let at = 1 + lengthBytes;
  for (const c of content) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export const sequence = (...items: Uint8Array[]): Buffer => tlv(0x30, ...items);
export const set = (...items: Uint8Array[]): Buffer => tlv(0x31, ...items);
export const octetString = (bytes: Uint8Array): Buffer => tlv(0x04, bytes);
export const bitString = (bytes: Uint8Array): Buffer => tlv(0x03, Buffer.from([0]), bytes);
export const derNull = (): Buffer => Buffer.from([0x05, 0x00]);
export const contextTag = (n: number, ...items: Uint8Array[]): Buffer => tlv(0xa0 + n, ...items);

/** A non-negative INTEGER from big-endian bytes: leading zeros stripped, a zero added when the top bit is set. */
export function unsignedInteger(bytes: Uint8Array): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = Buffer.from(bytes.subarray(start));
  return tlv(0x02, (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

export function smallInteger(n: number): Buffer {
  const bytes: number[] = [];
  let v = n;
  do {
    bytes.unshift(v & 0xff);
    v = Math.floor(v / 256);
  } while (v > 0);
  return unsignedInteger(Buffer.from(bytes));
}

export function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const [first = 0, second = 0, ...rest] = parts;
  const out: number[] = [];
  for (const arc of [first * 40 + second, ...rest]) {
    const chunk: number[] = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** The dotted text of an OID from its content bytes (the inverse of `oid`). */
export function decodeOid(bytes: Uint8Array): string {
  const arcs: number[] = [];
  let v = 0;
  for (const b of bytes) {
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      arcs.push(v);
      v = 0;
    }
  }
  const [first = 0, ...rest] = arcs;
  const top = Math.min(2, Math.floor(first / 40));
  return [top, first - 40 * top, ...rest].join('.');
}

/** Reads one TLV at `offset`: its tag, where its content starts, and where it ends. */
export function readTlv(buf: Uint8Array, offset = 0): { tag: number; start: number; end: number } {
  if (offset + 2 > buf.length) throw new DerError(`DER truncated at byte ${offset}`);
  const tag = buf[offset]!;
  let len = buf[offset + 1]!;
  let start = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > buf.length) throw new DerError(`bad DER length at byte ${offset + 1}`);
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[start + i]!;
    start += n;
  }
  const end = start + len;
  if (end > buf.length) throw new DerError(`DER value at byte ${offset} runs past the end`);
  return { tag, start, end };
}

/**
 * Nesting deeper than this is refused by berToDer. CMS with certificates nests about 20 deep;
 * the limit keeps hostile input (a 256 KB body is 100,000 levels of 30 80) from overflowing the
 * stack, and bounds the copying (each level copies its content once).
 */
export const MAX_BER_DEPTH = 100;

/**
 * Re-encodes BER with indefinite lengths (as OpenSSL's streaming output has) as definite-length
 * encoding, value for value. Single-byte tags only, which is all CMS uses.
 */
export function berToDer(buf: Uint8Array): Buffer {
  const parse = (at: number, depth: number): { der: Buffer; end: number } => {
    if (depth > MAX_BER_DEPTH) throw new DerError(`BER nested more than ${MAX_BER_DEPTH} deep at byte ${at}`);
    const tag = buf[at];
    const lenByte = buf[at + 1];
    if (tag === undefined || lenByte === undefined || (tag & 0x1f) === 0x1f) throw new DerError(`unreadable BER at byte ${at}`);
    if (lenByte === 0x80) {
      if (!(tag & 0x20)) throw new DerError(`indefinite length on a primitive value at byte ${at}`);
      const children: Buffer[] = [];
      let p = at + 2;
      while (!(buf[p] === 0 && buf[p + 1] === 0)) {
        if (p >= buf.length) throw new DerError('BER value without its end-of-contents');
        const child = parse(p, depth + 1);
        children.push(child.der);
        p = child.end;
      }
      return { der: tlvOf(tag, children), end: p + 2 };
    }
    const t = readTlv(buf, at);
    if (!(tag & 0x20)) return { der: Buffer.from(buf.subarray(at, t.end)), end: t.end };
    const children: Buffer[] = [];
    for (let p = t.start; p < t.end; ) {
      const child = parse(p, depth + 1);
      children.push(child.der);
      p = child.end;
    }
    return { der: tlvOf(tag, children), end: t.end };
  };
  const { der, end } = parse(0, 0);
  if (end !== buf.length) throw new DerError(`${buf.length - end} stray bytes after the structure`);
  return der;
}
