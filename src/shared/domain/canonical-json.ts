/**
 * RFC 8785 JSON canonicalisation: object members sorted by the UTF-16 code units of their
 * names, no whitespace, strings escaped as ECMAScript's JSON.stringify does, numbers in
 * ECMAScript's shortest form. These bytes are what is signed, sent and verified.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function canonicalize(value: unknown, path = '$'): string {
  try {
    return canon(value);
  } catch (e) {
    if (e instanceof NoJsonForm) throw new TypeError(`${path}${e.where}: ${e.what}`, { cause: e });
    throw e;
  }
}

/** What has no JSON form and where below the value canonicalised: the place is put together only when it is thrown. */
class NoJsonForm {
  where = '';
  constructor(readonly what: string) {}
}

// built with += rather than map/join, and with no path per member: this runs for every document of a signing batch
function canon(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new NoJsonForm(`${value} has no JSON form`);
      return JSON.stringify(value); // ECMAScript Number.prototype.toString, which RFC 8785 adopts; -0 becomes 0
    case 'object': {
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          try {
            out += (i ? ',' : '') + canon(value[i]);
          } catch (e) {
            if (e instanceof NoJsonForm) e.where = `[${i}]${e.where}`;
            throw e;
          }
        }
        return `${out}]`;
      }
      const obj = value as Record<string, unknown>;
      // default sort compares UTF-16 code units, as RFC 8785 requires
      const keys = Object.keys(obj).sort();
      let out = '{';
      let first = true;
      for (const k of keys) {
        const v = obj[k];
        if (v === undefined) continue;
        try {
          out += `${first ? '' : ','}${JSON.stringify(k)}:${canon(v)}`;
        } catch (e) {
          if (e instanceof NoJsonForm) e.where = `.${k}${e.where}`;
          throw e;
        }
        first = false;
      }
      return `${out}}`;
    }
    default:
      throw new NoJsonForm(`a ${typeof value} has no JSON form`);
  }
}

/** UTF-8 bytes of a string (src/shared runs where TextEncoder may not be typed). */
export function utf8(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return Uint8Array.from(out);
}

/** The platform's UTF-8 encoder (Node and browsers have one; `utf8` where there is none). */
const encoder = (globalThis as { TextEncoder?: new () => { encode(text: string): Uint8Array } }).TextEncoder;
const nativeUtf8 = encoder ? new encoder() : undefined;

/**
 * The canonical bytes of a value. Canonical text has no lone surrogates (JSON.stringify escapes
 * them), so the platform's encoder gives exactly `utf8`'s bytes, natively.
 */
export function canonicalBytes(value: unknown): Uint8Array {
  const text = canonicalize(value);
  return nativeUtf8 ? nativeUtf8.encode(text) : utf8(text);
}

/**
 * The string of UTF-8 bytes; a malformed sequence becomes U+FFFD. Lenient on purpose: whoever
 * needs exact bytes encodes the result again and compares (see readSignedDocument).
 */
export function fromUtf8(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    let c = need === 0 ? b : need === 1 ? b & 0x1f : need === 2 ? b & 0x0f : b & 0x07;
    let ok = need >= 0;
    for (let k = 1; ok && k <= need; k++) {
      const n = bytes[i + k];
      if (n === undefined || (n & 0xc0) !== 0x80) ok = false;
      else c = (c << 6) | (n & 0x3f);
    }
    // overlong forms, surrogates and values past U+10FFFF are malformed too
    if (ok && ((need === 2 && (c < 0x800 || (c >= 0xd800 && c < 0xe000))) || (need === 3 && (c < 0x10000 || c > 0x10ffff)))) ok = false;
    out += ok ? String.fromCodePoint(c) : '\ufffd';
    i += ok ? need + 1 : 1;
  }
  return out;
}
