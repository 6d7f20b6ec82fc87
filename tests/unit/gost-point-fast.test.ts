/**
 * Issue 14: the fast point arithmetic (pseudo-Mersenne reduction, a = −3 doubling, mixed
 * additions, wNAF/Straus for verification with a cached base-point table, a regular fixed-base
 * comb for signing, the inversion-free x comparison) against the simple double-and-add it
 * replaced, kept here as the reference, on every parameter set: random scalars and the edges
 * (0, 1, 2, q − 1, q, q + 1, scalars with long runs of zeros or ones, powers of two). And the
 * refusals that must not have moved: r or s = 0 or ≥ q, a point off the curve, a changed digest.
 * Scalars come from a seeded generator, so a failure names a scalar that reproduces.
 */
import { describe, expect, it } from 'vitest';
import { GOST_CURVES, type GostCurve } from '../../src/crypto/gost/curves.ts';
import {
  type AffinePoint,
  addPoints,
  basePoint,
  combinationXModQEquals,
  invert,
  isOnCurve,
  mod,
  multiply,
  multiplyBase,
  multiplyTwo,
  verifyCombination,
  clearKeyCombs,
} from '../../src/crypto/gost/point.ts';
import { digestOfAlpha, signAlphaWithK, signDigest, verifyAlpha, verifyDigest } from '../../src/crypto/gost/signature.ts';

// ---- the reference: the double-and-add over Jacobian coordinates that src/crypto/gost/point.ts had before issue 14 ----
interface J {
  X: bigint;
  Y: bigint;
  Z: bigint;
}
const O: J = { X: 1n, Y: 1n, Z: 0n };
function refDouble(c: GostCurve, P: J): J {
  const { p, a } = c;
  if (P.Z === 0n || P.Y === 0n) return O;
  const XX = mod(P.X * P.X, p);
  const YY = mod(P.Y * P.Y, p);
  const ZZ = mod(P.Z * P.Z, p);
  const S = mod(4n * P.X * YY, p);
  const M = mod(3n * XX + a * ZZ * ZZ, p);
  const X3 = mod(M * M - 2n * S, p);
  return { X: X3, Y: mod(M * (S - X3) - 8n * YY * YY, p), Z: mod(2n * P.Y * P.Z, p) };
}
function refAdd(c: GostCurve, P: J, Q: J): J {
  const { p } = c;
  if (P.Z === 0n) return Q;
  if (Q.Z === 0n) return P;
  const Z1Z1 = mod(P.Z * P.Z, p);
  const Z2Z2 = mod(Q.Z * Q.Z, p);
  const U1 = mod(P.X * Z2Z2, p);
  const U2 = mod(Q.X * Z1Z1, p);
  const S1 = mod(P.Y * Q.Z * Z2Z2, p);
  const S2 = mod(Q.Y * P.Z * Z1Z1, p);
  if (U1 === U2) return S1 === S2 ? refDouble(c, P) : O;
  const H = mod(U2 - U1, p);
  const R = mod(S2 - S1, p);
  const HH = mod(H * H, p);
  const HHH = mod(H * HH, p);
  const V = mod(U1 * HH, p);
  const X3 = mod(R * R - HHH - 2n * V, p);
  return { X: X3, Y: mod(R * (V - X3) - S1 * HHH, p), Z: mod(H * P.Z * Q.Z, p) };
}
function refAffine(c: GostCurve, P: J): AffinePoint {
  if (P.Z === 0n) return null;
  const zi = invert(P.Z, c.p);
  return { x: mod(P.X * zi * zi, c.p), y: mod(P.Y * zi * zi * zi, c.p) };
}
function refMultiply(c: GostCurve, k: bigint, P: AffinePoint): AffinePoint {
  if (P === null) return null;
  const base = { X: P.x, Y: P.y, Z: 1n };
  let acc = O;
  for (const bit of k.toString(2)) {
    acc = refDouble(c, acc);
    if (bit === '1') acc = refAdd(c, acc, base);
  }
  return refAffine(c, acc);
}
function refAddAffine(c: GostCurve, P: AffinePoint, Q: AffinePoint): AffinePoint {
  const j = (R: AffinePoint): J => (R === null ? O : { X: R.x, Y: R.y, Z: 1n });
  return refAffine(c, refAdd(c, j(P), j(Q)));
}

// ---- scalars ----
/** xorshift128+ over BigInt words, seeded: reproducible "random" scalars. */
function generator(seed: bigint): (bits: number) => bigint {
  let s0 = seed | 1n;
  let s1 = (seed * 0x9e3779b97f4a7c15n) | 1n;
  const M64 = (1n << 64n) - 1n;
  const next64 = (): bigint => {
    let x = s0;
    const y = s1;
    s0 = y;
    x = (x ^ (x << 23n)) & M64;
    s1 = x ^ y ^ (x >> 17n) ^ (y >> 26n);
    return (s1 + y) & M64;
  };
  return (bits) => {
    let n = 0n;
    for (let i = 0; i < bits; i += 64) n = (n << 64n) | next64();
    return n & ((1n << BigInt(bits)) - 1n);
  };
}

function scalars(c: GostCurve, random: (bits: number) => bigint, count: number): bigint[] {
  const { q } = c;
  const bits = q.toString(2).length;
  const edges = [
    0n,
    1n,
    2n,
    3n,
    15n,
    16n,
    17n,
    q - 1n,
    q - 2n,
    (q - 1n) / 2n,
    (q + 1n) / 2n,
    1n << BigInt(bits - 1), // one bit and a long run of zeros
    (1n << BigInt(bits - 1)) + 1n,
    (1n << 128n) + 1n, // 127 zeros between two ones
    (1n << BigInt(bits - 2)) - 1n, // a long run of ones
    q - (1n << 100n), // q's high bits, then a run that borrows
    mod(q - 1n, 1n << 64n) << BigInt(bits - 70), // a 64-bit pattern followed by zeros
    0x5555555555555555n << BigInt(bits - 66), // alternating bits (wNAF's worst case), then zeros
  ].map((k) => mod(k, q));
  const randoms = Array.from({ length: count }, () => mod(random(bits + 8), q));
  return [...edges, ...randoms];
}

const ALL = Object.values(GOST_CURVES);
const RANDOM_COUNT = 6;

describe('fast point arithmetic = the simple double-and-add, on every parameter set', () => {
  for (const curve of ALL) {
    it(`${curve.name}: k·P, k·Q, k·P + m·Q, the regular comb, x mod q without inversion`, () => {
      clearKeyCombs();
      const random = generator(BigInt(curve.oid.replaceAll('.', '')) + 14n);
      const P = basePoint(curve);
      const Q = refMultiply(curve, mod(random(curve.bits + 8), curve.q - 1n) + 1n, P);
      expect(isOnCurve(curve, Q)).toBe(true);
      const ks = scalars(curve, random, RANDOM_COUNT);
      for (const [i, k] of ks.entries()) {
        const label = `${curve.name} k=0x${k.toString(16)}`;
        const kP = refMultiply(curve, k, P);
        expect(multiply(curve, k, P), label).toEqual(kP);
        expect(multiplyBase(curve, k), label).toEqual(kP);
        const kQ = refMultiply(curve, k, Q);
        expect(multiply(curve, k, Q), label).toEqual(kQ);
        const m = ks[(i * 7 + 3) % ks.length] as bigint;
        const sum = refAddAffine(curve, kP, refMultiply(curve, m, Q));
        expect(multiplyTwo(curve, k, P, m, Q), `${label} m=0x${m.toString(16)}`).toEqual(sum);
        if (sum !== null) {
          const r = mod(sum.x, curve.q);
          expect(combinationXModQEquals(curve, k, P, m, Q, r), label).toBe(true);
          expect(combinationXModQEquals(curve, k, P, m, Q, mod(r + 1n, curve.q)), label).toBe(false);
          // the first checks by Q are Straus passes, the later ones use Q's own comb
          if (Q !== null) expect(verifyCombination(curve, k, m, Q, r), `${label} check ${i + 1} by Q`).toBe(true);
          if (Q !== null) expect(verifyCombination(curve, k, m, Q, mod(r + 1n, curve.q)), label).toBe(false);
        } else {
          expect(combinationXModQEquals(curve, k, P, m, Q, 0n), label).toBe(false);
        }
      }
      // Scalars of q and above (the subgroup check computes q·Q), and the sum's exceptional cases.
      expect(multiply(curve, curve.q, P)).toBeNull();
      expect(multiply(curve, curve.q, Q)).toBeNull();
      expect(multiply(curve, curve.q + 1n, Q)).toEqual(Q);
      expect(multiply(curve, 2n * curve.q + 5n, P)).toEqual(refMultiply(curve, 5n, P));
      expect(() => multiplyBase(curve, curve.q)).toThrow(RangeError);
      expect(() => multiplyBase(curve, -1n)).toThrow(RangeError);
      expect(multiplyTwo(curve, 1n, P, curve.q - 1n, P)).toBeNull(); // P + (−P)
      expect(multiplyTwo(curve, 3n, Q, 3n, Q)).toEqual(refMultiply(curve, 6n, Q)); // the doubling inside an addition
      expect(multiplyTwo(curve, 5n, P, 0n, Q)).toEqual(refMultiply(curve, 5n, P));
      expect(multiplyTwo(curve, 0n, P, 0n, Q)).toBeNull();
      expect(addPoints(curve, Q, Q)).toEqual(refMultiply(curve, 2n, Q));
      expect(addPoints(curve, Q, Q === null ? null : { x: Q.x, y: curve.p - Q.y })).toBeNull();
      expect(addPoints(curve, null, Q)).toEqual(Q);
    });
  }
});

describe('signatures: the fast path signs and checks as before, and refuses what it refused', () => {
  for (const curve of ALL) {
    it(`${curve.name}: a signature with a fixed k is the reference's; bad r, s, keys and digests are refused`, () => {
      const random = generator(BigInt(curve.bits) * 1000003n + BigInt(curve.name.length));
      const d = mod(random(curve.bits + 8), curve.q - 1n) + 1n;
      const Q = multiplyBase(curve, d);
      expect(Q).toEqual(refMultiply(curve, d, basePoint(curve)));
      const alpha = random(curve.bits);
      const k = mod(random(curve.bits + 8), curve.q - 1n) + 1n;
      const signature = signAlphaWithK(curve, d, alpha, k);
      expect(signature).not.toBeNull();
      if (signature === null) return;
      // r = x(k·P) mod q by the reference arithmetic
      const C = refMultiply(curve, k, basePoint(curve));
      expect(signature.r).toBe(mod(C?.x ?? 0n, curve.q));
      expect(verifyAlpha(curve, Q, alpha, signature)).toBe(true);
      const { q } = curve;
      const { r, s } = signature;
      for (const [bad, label] of [
        [{ r: 0n, s }, 'r = 0'],
        [{ r, s: 0n }, 's = 0'],
        [{ r: q, s }, 'r = q'],
        [{ r, s: q }, 's = q'],
        [{ r: r + q, s }, 'r + q'],
        [{ r, s: s + q }, 's + q'],
        [{ r: -r, s }, 'r < 0'],
        [{ r: mod(r + 1n, q) || 1n, s }, 'r + 1'],
        [{ r, s: mod(s + 1n, q) || 1n }, 's + 1'],
      ] as const) {
        expect(verifyAlpha(curve, Q, alpha, bad), label).toBe(false);
      }
      expect(verifyAlpha(curve, Q, alpha + 1n, signature)).toBe(false);
      if (Q === null) return;
      expect(verifyAlpha(curve, { x: Q.x, y: mod(Q.y + 1n, curve.p) }, alpha, signature), 'Q off the curve').toBe(false);
      expect(verifyAlpha(curve, { x: Q.x, y: curve.p - Q.y }, alpha, signature), '−Q').toBe(false);
      expect(verifyAlpha(curve, null, alpha, signature), 'Q = O').toBe(false);
      // over digest bytes, with a random k each time
      const digest = digestOfAlpha(random(curve.bits), curve.size);
      const byDigest = signDigest(curve, d, digest);
      expect(verifyDigest(curve, Q, digest, byDigest)).toBe(true);
      const changed = Uint8Array.from(digest);
      changed[0] = (changed[0] ?? 0) ^ 1;
      expect(verifyDigest(curve, Q, changed, byDigest)).toBe(false);
    });
  }
});

describe('points outside the order-q subgroup (the cofactor-4 sets): multiplication as before, keys refused', () => {
  for (const curve of ALL.filter((c) => c.cofactor !== 1n)) {
    it(`${curve.name}: k·R for a point R of order 2q or 4q, and R as a key is refused`, () => {
      const { p, a, b } = curve;
      expect(p % 4n).toBe(3n); // so that y = (y²)^((p+1)/4)
      const random = generator(BigInt(curve.bits) + 4n);
      let R: AffinePoint = null;
      for (let tries = 0; R === null && tries < 200; tries++) {
        const x = mod(random(curve.bits + 8), p);
        const y2 = mod(x * x * x + a * x + b, p);
        let y = 1n;
        for (let e = (p + 1n) / 4n, base = y2; e > 0n; e >>= 1n, base = mod(base * base, p)) if (e & 1n) y = mod(y * base, p);
        if (mod(y * y, p) === y2 && y !== 0n && refMultiply(curve, curve.q, { x, y }) !== null) R = { x, y };
      }
      expect(R).not.toBeNull();
      for (const k of [1n, 2n, 3n, 4n, curve.q, curve.q + 1n, 2n * curve.q, 4n * curve.q, mod(random(curve.bits + 8), curve.q)]) {
        expect(multiply(curve, k, R), `k=0x${k.toString(16)}`).toEqual(refMultiply(curve, k, R));
      }
      const P = basePoint(curve);
      expect(multiplyTwo(curve, 5n, P, 7n, R)).toEqual(refAddAffine(curve, refMultiply(curve, 5n, P), refMultiply(curve, 7n, R)));
      // as a public key: refused, however often it is tried (no key comb is ever made for it)
      const signature = { r: 1n, s: 1n };
      for (let i = 0; i < 6; i++) expect(verifyAlpha(curve, R, 1n, signature)).toBe(false);
    });
  }
});
