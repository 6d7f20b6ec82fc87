import { describe, expect, it } from 'vitest';
import { canonicalBytes, canonicalize, utf8 } from '../../src/shared/domain/canonical-json.ts';
import { formatRubles, isValidAmount, parseRubles } from '../../src/shared/domain/money.ts';

describe('RFC 8785 canonical JSON', () => {
  it('matches the RFC example (numbers, escapes, literals)', () => {
    const input = JSON.parse(
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    );
    expect(canonicalize(input)).toBe('{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
  });

  it('sorts member names by UTF-16 code units (the RFC sorting example)', () => {
    const input = { '\u20ac': 'Euro Sign', '\r': 'Carriage Return', '\ufb33': 'Hebrew Letter Dalet With Dagesh', '1': 'One', '\ud83d\ude00': 'Emoji: Grinning Face', '\u0080': 'Control', '\u00f6': 'Latin Small Letter O With Diaeresis' };
    // (JSON.parse would reorder the member "1" first: compare the text itself)
    const expected = ['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33'].map((k) => `${JSON.stringify(k)}:${JSON.stringify(input[k as keyof typeof input])}`);
    expect(canonicalize(input)).toBe(`{${expected.join(',')}}`);
  });

  it('drops undefined members, writes -0 as 0, refuses what JSON cannot hold, naming where', () => {
    expect(canonicalize({ b: undefined, a: -0 })).toBe('{"a":0}');
    expect(() => canonicalize({ a: [1, Number.NaN] })).toThrow('$.a[1]: NaN has no JSON form');
    expect(() => canonicalize({ f: () => 1 })).toThrow('$.f: a function has no JSON form');
  });

  it('encodes UTF-8 exactly as Node does', () => {
    for (const s of ['', 'ascii', 'Платёж №1', '€ 𝄞 😀', 'a\u0000b']) expect(Buffer.from(utf8(s)).equals(Buffer.from(s, 'utf8'))).toBe(true);
  });

  it('gives the canonical bytes as utf8 of the text, lone surrogates and all (escaped), and names a bad value deep down', () => {
    const values = [{ a: 'Платёж №1', b: ['€ 𝄞 😀', 'x\ud800y', '\udfff'], 'ключ\ud83d': { n: -0, m: 1e21, z: null } }, [], 'a\u0000b', 12.5];
    for (const v of values) expect(Buffer.from(canonicalBytes(v)).equals(Buffer.from(utf8(canonicalize(v))))).toBe(true);
    expect(Buffer.from(canonicalBytes({ s: '\ud800' })).toString('latin1')).toBe('{"s":"\\ud800"}');
    expect(() => canonicalize({ a: { b: [{ c: 1 }, { d: [Number.POSITIVE_INFINITY] }] } }, '$doc')).toThrow('$doc.a.b[1].d[0]: Infinity has no JSON form');
  });
});

describe('money in kopecks', () => {
  it.each([
    ['1234.56', 123456],
    ['1234,5', 123450],
    ['1 234,56', 123456],
    ['1234', 123400],
    ['0.01', 1],
    ['9999999999999.99', 999999999999999],
  ])('parses %s as %i kopecks', (text, kopecks) => expect(parseRubles(text)).toBe(kopecks));

  it.each(['12.345', '-5', '1e3', 'abc', '', '1.2.3', '0x10'])('refuses %j', (text) => expect(parseRubles(text)).toBeUndefined());

  it('formats without floating point and round-trips', () => {
    expect(formatRubles(123456)).toBe('1234.56');
    expect(formatRubles(5)).toBe('0.05');
    for (const k of [1, 99, 100, 123456789012345]) expect(parseRubles(formatRubles(k))).toBe(k);
    expect(() => formatRubles(1.5)).toThrow(/not a whole number/);
  });

  it('accepts only positive safe integers as amounts', () => {
    expect(isValidAmount(100)).toBe(true);
    expect([0, -1, 1.5, '100', Number.MAX_SAFE_INTEGER + 1].map(isValidAmount)).toEqual([false, false, false, false, false]);
  });
});
