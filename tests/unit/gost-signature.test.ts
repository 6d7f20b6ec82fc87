/**
 * GOST R 34.10-2012 signatures in TypeScript (src/crypto/gost): the parameter sets, the standard's
 * own worked examples, the digest-to-α convention, the byte layouts, and property tests.
 *
 * Vectors: GOST R 34.10-2012 Appendix A.1 (256-bit, on the test curve p = 0x8000…0431) and A.2
 * (512-bit), which RFC 7091 reproduces in its test examples. The RFC text itself could not be
 * retrieved this session; the values were taken from pygost's test_gost3410.py (Test34102012
 * test_1/test_2, "from 34.10-2012 standard itself"; the A.1 key and Q also in its RFC 5832 test)
 * and match other independent transcriptions (libakrypt's ak_sign.c, a C++ test labelled
 * "А.2.2 Процесс формирования цифровой подписи"). They check themselves: signing with the
 * example k must give the example r and s, which a single wrong digit anywhere would break.
 * α < q in both examples, so the standard's e equals α.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BANK_CURVES, GOST_CURVES, type GostCurve, gostCurveByOid, gostCurveOids } from '../../src/crypto/gost/curves.ts';
import {
  decodePublicKey,
  decodeSignature,
  encodePublicKey,
  encodeSignature,
  GostEncodingError,
} from '../../src/crypto/gost/encoding.ts';
import { addPoints, basePoint, invert, isOnCurve, mod, multiply } from '../../src/crypto/gost/point.ts';
import {
  alphaOfDigest,
  digestOfAlpha,
  eOfAlpha,
  isValidPublicKey,
  publicKeyOf,
  signAlpha,
  signAlphaWithK,
  signDigest,
  verifyAlpha,
  verifyDigest,
} from '../../src/crypto/gost/signature.ts';

const h = (hex: string): bigint => BigInt(`0x${hex}`);
const hexBE = (n: bigint, size: number): string => n.toString(16).padStart(2 * size, '0');

interface Example {
  curve: GostCurve;
  d: bigint;
  Q: { x: bigint; y: bigint };
  alpha: bigint;
  e: bigint;
  k: bigint;
  r: bigint;
  s: bigint;
}

/** GOST R 34.10-2012 A.1. */
const A1: Example = {
  curve: GOST_CURVES['test-256'],
  d: h('7A929ADE789BB9BE10ED359DD39A72C11B60961F49397EEE1D19CE9891EC3B28'),
  Q: {
    x: h('7F2B49E270DB6D90D8595BEC458B50C58585BA1D4E9B788F6689DBD8E56FD80B'),
    y: h('26F1B489D6701DD185C8413A977B3CBBAF64D1C593D26627DFFB101A87FF77DA'),
  },
  alpha: h('2DFBC1B372D89A1188C09C52E0EEC61FCE52032AB1022E8E67ECE6672B043EE5'),
  e: h('2DFBC1B372D89A1188C09C52E0EEC61FCE52032AB1022E8E67ECE6672B043EE5'),
  k: h('77105C9B20BCD3122823C8CF6FCC7B956DE33814E95B7FE64FED924594DCEAB3'),
  r: h('41AA28D2F1AB148280CD9ED56FEDA41974053554A42767B83AD043FD39DC0493'),
  s: h('01456C64BA4642A1653C235A98A60249BCD6D3F746B631DF928014F6C5BF9C40'),
};

/** GOST R 34.10-2012 A.2. */
const A2: Example = {
  curve: GOST_CURVES['test-512'],
  d: h(
    '0BA6048AADAE241BA40936D47756D7C93091A0E8514669700EE7508E508B1020' +
      '72E8123B2200A0563322DAD2827E2714A2636B7BFD18AADFC62967821FA18DD4',
  ),
  Q: {
    x: h(
      '115DC5BC96760C7B48598D8AB9E740D4C4A85A65BE33C1815B5C320C854621DD' +
        '5A515856D13314AF69BC5B924C8B4DDFF75C45415C1D9DD9DD33612CD530EFE1',
    ),
    y: h(
      '37C7C90CD40B0F5621DC3AC1B751CFA0E2634FA0503B3D52639F5D7FB72AFD61' +
        'EA199441D943FFE7F0C70A2759A3CDB84C114E1F9339FDF27F35ECA93677BEEC',
    ),
  },
  alpha: h(
    '3754F3CFACC9E0615C4F4A7C4D8DAB531B09B6F9C170C533A71D147035B0C591' +
      '7184EE536593F4414339976C647C5D5A407ADEDB1D560C4FC6777D2972075B8C',
  ),
  e: h(
    '3754F3CFACC9E0615C4F4A7C4D8DAB531B09B6F9C170C533A71D147035B0C591' +
      '7184EE536593F4414339976C647C5D5A407ADEDB1D560C4FC6777D2972075B8C',
  ),
  k: h(
    '0359E7F4B1410FEACC570456C6801496946312120B39D019D455986E364F3658' +
      '86748ED7A44B3E794434006011842286212273A6D14CF70EA3AF71BB1AE679F1',
  ),
  r: h(
    '2F86FA60A081091A23DD795E1E3C689EE512A3C82EE0DCC2643C78EEA8FCACD3' +
      '5492558486B20F1C9EC197C90699850260C93BCBCD9C5C3317E19344E173AE36',
  ),
  s: h(
    '1081B394696FFE8E6585E7A9362D26B6325F56778AADBC081C0BFBE933D52FF5' +
      '823CE288E8C4F362526080DF7F70CE406A6EEB1F56919CB92A9853BDE73E5B4A',
  ),
};

/** A crude primality check (Fermat, several bases) to catch a mistyped p or q. */
function probablyPrime(n: bigint): boolean {
  const powMod = (b: bigint, e: bigint, m: bigint): bigint => {
    let r = 1n;
    let x = b % m;
    for (let k = e; k > 0n; k >>= 1n) {
      if (k & 1n) r = (r * x) % m;
      x = (x * x) % m;
    }
    return r;
  };
  return [2n, 3n, 5n, 7n, 11n, 13n].every((a) => powMod(a, n - 1n, n) === 1n);
}

describe('GOST R 34.10-2012 parameter sets', () => {
  const all = Object.values(GOST_CURVES);

  it.each(all.map((c) => [c.name, c] as const))('%s: P on the curve, q·P = O, p and q prime, sizes', (_, c) => {
    const P = basePoint(c);
    expect(isOnCurve(c, P)).toBe(true);
    expect(multiply(c, c.q, P)).toBeNull();
    expect(multiply(c, c.q - 1n, P)).toEqual({ x: c.x, y: mod(-c.y, c.p) });
    expect(probablyPrime(c.p)).toBe(true);
    expect(probablyPrime(c.q)).toBe(true);
    // the discriminant is not 0: a real elliptic curve
    expect(mod(4n * c.a ** 3n + 27n * c.b ** 2n, c.p)).not.toBe(0n);
    expect(c.size * 8).toBe(c.bits);
    expect(c.p.toString(2).length).toBeLessThanOrEqual(c.bits);
    expect(c.q.toString(2).length).toBeGreaterThan(c.bits - 3); // 254 for 256-A, 510 for 512-C
    // Hasse: the group order h·q is within 2√p of p + 1
    const order = c.cofactor * c.q;
    const diff = order > c.p + 1n ? order - c.p - 1n : c.p + 1n - order;
    expect(diff * diff).toBeLessThanOrEqual(4n * c.p);
  });

  it.each(all.filter((c) => c.edwards).map((c) => [c.name, c] as const))(
    '%s: the twisted Edwards (e, d) give the Weierstrass (a, b)',
    (_, c) => {
      // e·u² + v² = 1 + d·u²·v² is birationally y² = x³ + a·x + b with s = (e − d)/4,
      // t = (e + d)/6, a = s² − 3t², b = 2t³ − t·s² (RFC 7836's appendix; pygost's st()).
      const { p } = c;
      const { e, d } = c.edwards ?? { e: 0n, d: 0n };
      const s = mod((e - d) * invert(4n, p), p);
      const t = mod((e + d) * invert(6n, p), p);
      expect(mod(s * s - 3n * t * t, p)).toBe(c.a);
      expect(mod(2n * t ** 3n - t * s * s, p)).toBe(c.b);
      expect(c.cofactor).toBe(4n);
    },
  );

  it('the bank sets are CryptoPro A/B/C, TC26 256-A and 512-A/B/C, with their OIDs', () => {
    expect(BANK_CURVES.map((c) => [c.name, c.oid])).toEqual([
      ['cryptopro-a', '1.2.643.2.2.35.1'],
      ['cryptopro-b', '1.2.643.2.2.35.2'],
      ['cryptopro-c', '1.2.643.2.2.35.3'],
      ['tc26-256-a', '1.2.643.7.1.2.1.1.1'],
      ['tc26-512-a', '1.2.643.7.1.2.1.2.1'],
      ['tc26-512-b', '1.2.643.7.1.2.1.2.2'],
      ['tc26-512-c', '1.2.643.7.1.2.1.2.3'],
    ]);
    expect(gostCurveByOid('1.2.643.7.1.2.1.1.2')).toBe(GOST_CURVES['cryptopro-a']);
    expect(gostCurveByOid('1.2.643.7.1.2.1.1.3')).toBe(GOST_CURVES['cryptopro-b']);
    expect(gostCurveByOid('1.2.643.7.1.2.1.1.4')).toBe(GOST_CURVES['cryptopro-c']);
    expect(gostCurveByOid('1.2.643.2.2.36.0')).toBe(GOST_CURVES['cryptopro-a']);
    expect(gostCurveByOid('1.2.643.2.2.36.1')).toBe(GOST_CURVES['cryptopro-c']);
    expect(gostCurveByOid('1.2.840.10045.3.1.7')).toBeUndefined();
    expect(gostCurveOids(GOST_CURVES['cryptopro-a'])).toEqual(['1.2.643.2.2.35.1', '1.2.643.7.1.2.1.1.2', '1.2.643.2.2.36.0']);
  });

  it('point addition agrees with multiplication (2P + P = 3P, P + (−P) = O)', () => {
    for (const c of BANK_CURVES) {
      const P = basePoint(c);
      expect(addPoints(c, multiply(c, 2n, P), P)).toEqual(multiply(c, 3n, P));
      expect(addPoints(c, P, { x: c.x, y: mod(-c.y, c.p) })).toBeNull();
      expect(addPoints(c, null, P)).toEqual(P);
    }
  });
});

describe.each([
  ['A.1 (256-bit)', A1],
  ['A.2 (512-bit)', A2],
] as const)('GOST R 34.10-2012 Appendix %s', (_, x) => {
  const { curve } = x;
  const sig = { r: x.r, s: x.s };

  it('Q = d·P, e = α mod q', () => {
    expect(publicKeyOf(curve, x.d)).toEqual(x.Q);
    expect(eOfAlpha(curve, x.alpha)).toBe(x.e);
  });

  it('signing with the example k gives the example r and s', () => {
    expect(signAlphaWithK(curve, x.d, x.alpha, x.k)).toEqual(sig);
  });

  it('verify accepts the example signature, over α and over the digest bytes', () => {
    expect(verifyAlpha(curve, x.Q, x.alpha, sig)).toBe(true);
    // the digest as Streebog/OpenSSL/PKCS#11 hand it over: α little-endian
    const digest = Buffer.from(hexBE(x.alpha, curve.size), 'hex').reverse();
    expect(alphaOfDigest(digest)).toBe(x.alpha);
    expect(verifyDigest(curve, x.Q, digest, sig)).toBe(true);
    // the same bytes read the other way round are another α: refused
    expect(verifyDigest(curve, x.Q, Buffer.from(digest).reverse(), sig)).toBe(false);
  });

  it('a one-bit change in r, s, e or Q is refused', () => {
    for (const bit of [0n, 1n, 77n, BigInt(curve.bits - 8)]) {
      const flip = (n: bigint): bigint => n ^ (1n << bit);
      expect(verifyAlpha(curve, x.Q, x.alpha, { r: flip(x.r), s: x.s })).toBe(false);
      expect(verifyAlpha(curve, x.Q, x.alpha, { r: x.r, s: flip(x.s) })).toBe(false);
      expect(verifyAlpha(curve, x.Q, flip(x.alpha), sig)).toBe(false);
      expect(verifyAlpha(curve, { x: flip(x.Q.x), y: x.Q.y }, x.alpha, sig)).toBe(false);
      expect(verifyAlpha(curve, { x: x.Q.x, y: flip(x.Q.y) }, x.alpha, sig)).toBe(false);
    }
    // another valid key of the curve, not the signer's
    expect(verifyAlpha(curve, publicKeyOf(curve, x.d + 1n), x.alpha, sig)).toBe(false);
  });

  it('r or s out of (0, q) is refused', () => {
    const { q } = curve;
    for (const bad of [0n, q, q + x.r, -x.r]) {
      expect(verifyAlpha(curve, x.Q, x.alpha, { r: bad, s: x.s })).toBe(false);
    }
    for (const bad of [0n, q, q + x.s, -x.s]) {
      expect(verifyAlpha(curve, x.Q, x.alpha, { r: x.r, s: bad })).toBe(false);
    }
    // r + q has the same residue: accepting it would make signatures malleable
    expect(verifyAlpha(curve, x.Q, x.alpha, { r: x.r + q, s: x.s })).toBe(false);
  });

  it('the signature value is s || r big-endian, the public key x || y little-endian', () => {
    const value = encodeSignature(curve, sig);
    expect(Buffer.from(value).toString('hex')).toBe(hexBE(x.s, curve.size) + hexBE(x.r, curve.size));
    expect(decodeSignature(curve, value)).toEqual(sig);
    const key = encodePublicKey(curve, x.Q);
    expect(Buffer.from(key.subarray(0, curve.size)).reverse().toString('hex')).toBe(hexBE(x.Q.x, curve.size));
    expect(Buffer.from(key.subarray(curve.size)).reverse().toString('hex')).toBe(hexBE(x.Q.y, curve.size));
    expect(decodePublicKey(curve, key)).toEqual(x.Q);
  });
});

describe('digest bytes and α', () => {
  it('the digest is read little-endian: first byte least significant', () => {
    const d = new Uint8Array(32);
    d[0] = 1;
    expect(alphaOfDigest(d)).toBe(1n);
    d[0] = 0;
    d[31] = 0x80;
    expect(alphaOfDigest(d)).toBe(1n << 255n);
    expect(digestOfAlpha(1n << 255n, 32)).toEqual(d);
    expect(() => digestOfAlpha(1n << 256n, 32)).toThrow(RangeError);
  });

  it('e = 1 when α ≡ 0 (mod q), and such a signature verifies', () => {
    const c = GOST_CURVES['cryptopro-a'];
    expect(eOfAlpha(c, 0n)).toBe(1n);
    expect(eOfAlpha(c, c.q)).toBe(1n);
    const d = 12345n;
    const sig = signAlpha(c, d, c.q);
    expect(verifyAlpha(c, publicKeyOf(c, d), 0n, sig)).toBe(true);
    expect(verifyAlpha(c, publicKeyOf(c, d), 1n, sig)).toBe(true);
    expect(verifyAlpha(c, publicKeyOf(c, d), 2n, sig)).toBe(false);
  });

  it('a digest of the wrong length for the curve is refused', () => {
    const c = GOST_CURVES['cryptopro-a'];
    const d = 99n;
    const digest = new Uint8Array(32).fill(7);
    const sig = signDigest(c, d, digest);
    expect(verifyDigest(c, publicKeyOf(c, d), digest, sig)).toBe(true);
    expect(verifyDigest(c, publicKeyOf(c, d), new Uint8Array([...digest, 0]), sig)).toBe(false);
  });
});

describe('encodings refuse what is not a key or signature of the curve', () => {
  const c = GOST_CURVES['cryptopro-b'];

  it('wrong lengths', () => {
    expect(() => decodeSignature(c, new Uint8Array(63))).toThrow(GostEncodingError);
    expect(() => decodeSignature(c, new Uint8Array(128))).toThrow(GostEncodingError);
    expect(() => decodePublicKey(c, new Uint8Array(65))).toThrow(GostEncodingError);
  });

  it('a point not on the curve, and the all-zero key', () => {
    const key = encodePublicKey(c, publicKeyOf(c, 5n));
    key[0] = (key[0] ?? 0) ^ 1;
    expect(() => decodePublicKey(c, key)).toThrow(/not a point/);
    expect(() => decodePublicKey(c, new Uint8Array(64))).toThrow(GostEncodingError);
  });

  it('a point of small order on a cofactor-4 curve is not a valid key', () => {
    // (t, 0) with t = (e + d)/6 is on the curve: t³ + (s² − 3t²)·t + 2t³ − t·s² = 0. It has order
    // 2, outside the subgroup of order q: on the curve, yet not a key (the Edwards point (0, −1)).
    const t = GOST_CURVES['tc26-256-a'];
    const { p } = t;
    const { e, d } = t.edwards ?? { e: 0n, d: 0n };
    const s = mod((e - d) * invert(4n, p), p);
    const tt = mod((e + d) * invert(6n, p), p);
    const twoTorsion = { x: tt, y: 0n };
    expect(isOnCurve(t, twoTorsion)).toBe(true);
    expect(multiply(t, 2n, twoTorsion)).toBeNull();
    expect(isValidPublicKey(t, twoTorsion)).toBe(false);
    expect(s).not.toBe(0n);
  });
});

describe('property: sign → verify on every bank parameter set', () => {
  it.each(BANK_CURVES.map((c) => [c.name, c] as const))('%s', (_, c) => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: c.q - 1n }),
        fc.uint8Array({ minLength: c.size, maxLength: c.size }),
        fc.nat({ max: 2 * c.size * 8 - 1 }),
        (d, digest, bit) => {
          const Q = publicKeyOf(c, d);
          const sig = signDigest(c, d, digest);
          expect(verifyDigest(c, Q, digest, sig)).toBe(true);
          // through the wire format and back (PKCS#11 C_Sign output / CMS signatureValue)
          const value = encodeSignature(c, sig);
          const key = encodePublicKey(c, Q);
          expect(verifyDigest(c, decodePublicKey(c, key), digest, decodeSignature(c, value))).toBe(true);
          // any one bit of the value flipped: refused
          const mutated = Uint8Array.from(value);
          mutated[bit >> 3] = (mutated[bit >> 3] ?? 0) ^ (1 << (bit & 7));
          expect(verifyDigest(c, Q, digest, decodeSignature(c, mutated))).toBe(false);
          // any one bit of the digest flipped: refused
          const other = Uint8Array.from(digest);
          other[(bit >> 3) % c.size] = (other[(bit >> 3) % c.size] ?? 0) ^ (1 << (bit & 7));
          expect(verifyDigest(c, Q, other, sig)).toBe(false);
        },
      ),
      { numRuns: c.bits === 512 ? 6 : 12 },
    );
  });
});
