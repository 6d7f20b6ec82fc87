/**
 * Red team on the canonical bytes (issue 14): canonicalBytes now encodes with the platform's
 * TextEncoder and builds an error's path only when it throws. On fuzzed values full of what
 * differs between encoders and escapers (lone surrogates in strings and in member names, U+2028
 * and U+2029, controls, non-BMP characters, U+FFFF, -0, the number forms), the bytes and the
 * error messages must be exactly the previous implementation's (commit a261de4, kept here as
 * `previous`, with the `utf8` encoder that is unchanged); deep nesting fails the same way (a
 * RangeError, no hang, no wrong bytes); and the strict read-back refuses a document differing in
 * any one byte.
 */
import { describe, expect, it } from 'vitest';
import { canonicalBytes, canonicalize, utf8 } from '../../src/shared/domain/canonical-json.ts';
import { readSignedDocument, signedDocumentBytes } from '../../src/shared/bank-api/documents/signed.ts';
import { DOCUMENT_EXAMPLES } from '../../src/shared/bank-api/documents/index.ts';

/** canonicalize as of a261de4: the path built for every member, TypeError on what has no JSON form. */
function previous(value: unknown, path = '$'): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${path}: ${value} has no JSON form`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + previous(value[i], `${path}[${i}]`);
        return `${out}]`;
      }
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj).sort();
      let out = '{';
      let first = true;
      for (const k of keys) {
        const v = obj[k];
        if (v === undefined) continue;
        out += `${first ? '' : ','}${JSON.stringify(k)}:${previous(v, `${path}.${k}`)}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`${path}: a ${typeof value} has no JSON form`);
  }
}

/** A small deterministic generator (xorshift), so a failure can be replayed by its seed. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x1_0000_0000;
  };
}

const UNITS = [0x00, 0x08, 0x0a, 0x1f, 0x22, 0x2f, 0x5c, 0x41, 0x7f, 0x80, 0xe9, 0x416, 0x7ff, 0x800, 0x2028, 0x2029, 0x202e, 0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000, 0xfeff, 0xfffd, 0xfffe, 0xffff];
const NUMBERS = [0, -0, 1, -1, 0.1, 1e21, 1e-7, 123456789012345680000, 5e-324, Number.MAX_VALUE, Number.MIN_SAFE_INTEGER, 2 ** 53, 1.5e300, -1e-300, 333333333.3333333];

function text(r: () => number): string {
  const n = Math.floor(r() * 8);
  let s = '';
  for (let i = 0; i < n; i++) {
    const pick = r();
    if (pick < 0.5) s += String.fromCharCode(UNITS[Math.floor(r() * UNITS.length)]!);
    else if (pick < 0.7) s += String.fromCodePoint(0x10000 + Math.floor(r() * 0xfffff)); // a pair
    else s += String.fromCharCode(Math.floor(r() * 0x10000)); // any unit, lone surrogates included
  }
  return s;
}

function value(r: () => number, depth: number, bad: boolean): unknown {
  const pick = r();
  if (depth > 4 || pick < 0.35) {
    const leaf = r();
    if (bad && leaf < 0.03) return [Number.NaN, Infinity, () => 1, 10n, Symbol('x')][Math.floor(r() * 5)];
    if (leaf < 0.1) return null;
    if (leaf < 0.2) return r() < 0.5;
    if (leaf < 0.5) return NUMBERS[Math.floor(r() * NUMBERS.length)]! * (r() < 0.5 ? 1 : -1) || (r() - 0.5) * 10 ** Math.floor(r() * 40 - 20);
    return text(r);
  }
  if (pick < 0.6) return Array.from({ length: Math.floor(r() * 5) }, () => (bad && r() < 0.03 ? undefined : value(r, depth + 1, bad)));
  const obj: Record<string, unknown> = {};
  for (let i = Math.floor(r() * 6); i > 0; i--) obj[text(r)] = r() < 0.05 ? undefined : value(r, depth + 1, bad);
  return obj;
}

const outcome = (f: () => Uint8Array | string): { ok: string } | { error: string } => {
  try {
    const v = f();
    return { ok: typeof v === 'string' ? v : Buffer.from(v).toString('hex') };
  } catch (e) {
    return { error: `${(e as Error).constructor.name}: ${(e as Error).message}` };
  }
};

describe('red team: canonical bytes against the previous implementation', () => {
  it('20,000 fuzzed values: the same bytes, the same text, and the same errors with the same paths', () => {
    for (let seed = 1; seed <= 20_000; seed++) {
      const r = rng(seed);
      const v = value(r, 0, seed % 4 === 0);
      const before = outcome(() => utf8(previous(v)));
      expect([seed, outcome(() => canonicalBytes(v))]).toEqual([seed, before]);
      expect([seed, outcome(() => canonicalize(v))]).toEqual([seed, outcome(() => previous(v))]);
    }
  });

  it('lone surrogates, U+2028/U+2029 and non-BMP characters, in values and in names: escaped or encoded as before, never U+FFFD', () => {
    const v = { '\ud800': '\udfff', '\u2028': ['\u2029', '😀', '\ud83d', '\ude00\ud83d'], '𝄞': { '\uffff': '\u0000\u001f"\\' } };
    const bytes = canonicalBytes(v);
    expect(Buffer.from(bytes)).toEqual(Buffer.from(utf8(previous(v))));
    expect(Buffer.from(bytes).includes(Buffer.from('\ufffd'))).toBe(false);
    expect(Buffer.from(bytes).toString('utf8')).toContain('"\\ud800":"\\udfff"');
  });

  it('very deep nesting fails as before (a RangeError, not a hang or other bytes); nesting both can do gives the same bytes', () => {
    const nest = (n: number, leaf: unknown, arr: boolean): unknown => {
      let v = leaf;
      for (let i = 0; i < n; i++) v = arr ? [v] : { a: v };
      return v;
    };
    for (const arr of [true, false]) {
      const ok = nest(1000, '\ud800', arr);
      expect(Buffer.from(canonicalBytes(ok))).toEqual(Buffer.from(utf8(previous(ok))));
      const deep = nest(1_000_000, 1, arr);
      expect(() => canonicalBytes(deep)).toThrow(RangeError);
      // a bad value deep down is named by its whole path, as before
      const bad = nest(500, Number.NaN, arr);
      expect(outcome(() => canonicalize(bad))).toEqual(outcome(() => previous(bad)));
    }
  });

  it('the strict read-back takes one byte changed only as the exact bytes of another document, and refuses a byte more or less', () => {
    const bytes = Buffer.from(signedDocumentBytes({ id: '0b8a9d3e-1c7a-4c1e-9a55-3f1f0e6b2a10', companyId: '5f0c2a44-8d3b-4f7e-a1c2-9e8d7c6b5a40' }, { kind: 'payment-order', version: 1, content: DOCUMENT_EXAMPLES['payment-order'] } as never));
    expect(readSignedDocument(bytes).ok).toBe(true);
    let refused = 0;
    for (let i = 0; i < bytes.length; i++) {
      const changed = Buffer.from(bytes);
      changed[i] = changed[i]! === 0x20 ? 0x09 : changed[i]! ^ 0x01;
      // refused, or (a changed letter of a value) read as the other document those bytes are, exactly
      const read = readSignedDocument(changed);
      if (!read.ok) refused++;
      expect([i, read.ok ? Buffer.from(signedDocumentBytes(read.binding, read.body)).equals(changed) && !changed.equals(bytes) : 'refused']).toEqual([i, read.ok ? true : 'refused']);
    }
    expect(refused).toBeGreaterThan(bytes.length / 4);
    expect(readSignedDocument(Buffer.concat([bytes, Buffer.from(' ')])).ok).toBe(false);
    expect(readSignedDocument(bytes.subarray(0, bytes.length - 1)).ok).toBe(false);
  });
});
