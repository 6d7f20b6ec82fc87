/**
 * Point arithmetic on a short Weierstrass curve y² = x³ + a·x + b over GF(p), in BigInt.
 *
 * Jacobian coordinates (X : Y : Z) stand for the affine point (X/Z², Y/Z³), so that adding and
 * doubling need no field inversion; one inversion at the end gives the affine result. Nothing
 * here is constant-time: it is written for verification (public inputs) and for signing in tests
 * and the sandbox's software CA, never for a real customer's key (those stay on the token).
 */
import type { GostCurve } from './curves.ts';

/** An affine point; `null` is the point at infinity O. */
export type AffinePoint = { readonly x: bigint; readonly y: bigint } | null;

interface Jacobian {
  readonly X: bigint;
  readonly Y: bigint;
  /** 0n for the point at infinity. */
  readonly Z: bigint;
}

const INFINITY: Jacobian = { X: 1n, Y: 1n, Z: 0n };

export function mod(n: bigint, m: bigint): bigint {
  const r = n % m;
  return r < 0n ? r + m : r;
}

/** a⁻¹ mod m for m prime (or a, m coprime), by the extended Euclidean algorithm. */
export function invert(a: bigint, m: bigint): bigint {
  let [oldR, r] = [mod(a, m), m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const quotient = oldR / r;
    [oldR, r] = [r, oldR - quotient * r];
    [oldS, s] = [s, oldS - quotient * s];
  }
  if (oldR !== 1n) throw new RangeError('not invertible');
  return mod(oldS, m);
}

/** Whether (x, y) satisfies the curve equation, with both coordinates in [0, p). */
export function isOnCurve(curve: GostCurve, point: AffinePoint): boolean {
  if (point === null) return false;
  const { p, a, b } = curve;
  const { x, y } = point;
  if (x < 0n || x >= p || y < 0n || y >= p) return false;
  return mod(y * y - (x * x * x + a * x + b), p) === 0n;
}

function double(curve: GostCurve, P: Jacobian): Jacobian {
  const { p, a } = curve;
  if (P.Z === 0n || P.Y === 0n) return INFINITY;
  const XX = mod(P.X * P.X, p);
  const YY = mod(P.Y * P.Y, p);
  const ZZ = mod(P.Z * P.Z, p);
  const S = mod(4n * P.X * YY, p);
  const M = mod(3n * XX + a * ZZ * ZZ, p);
  const X3 = mod(M * M - 2n * S, p);
  const Y3 = mod(M * (S - X3) - 8n * YY * YY, p);
  const Z3 = mod(2n * P.Y * P.Z, p);
  return { X: X3, Y: Y3, Z: Z3 };
}

function add(curve: GostCurve, P: Jacobian, Q: Jacobian): Jacobian {
  const { p } = curve;
  if (P.Z === 0n) return Q;
  if (Q.Z === 0n) return P;
  const Z1Z1 = mod(P.Z * P.Z, p);
  const Z2Z2 = mod(Q.Z * Q.Z, p);
  const U1 = mod(P.X * Z2Z2, p);
  const U2 = mod(Q.X * Z1Z1, p);
  const S1 = mod(P.Y * Q.Z * Z2Z2, p);
  const S2 = mod(Q.Y * P.Z * Z1Z1, p);
  if (U1 === U2) return S1 === S2 ? double(curve, P) : INFINITY;
  const H = mod(U2 - U1, p);
  const R = mod(S2 - S1, p);
  const HH = mod(H * H, p);
  const HHH = mod(H * HH, p);
  const V = mod(U1 * HH, p);
  const X3 = mod(R * R - HHH - 2n * V, p);
  const Y3 = mod(R * (V - X3) - S1 * HHH, p);
  const Z3 = mod(H * P.Z * Q.Z, p);
  return { X: X3, Y: Y3, Z: Z3 };
}

function toJacobian(point: AffinePoint): Jacobian {
  return point === null ? INFINITY : { X: point.x, Y: point.y, Z: 1n };
}

function toAffine(curve: GostCurve, P: Jacobian): AffinePoint {
  if (P.Z === 0n) return null;
  const { p } = curve;
  const zInv = invert(P.Z, p);
  const zInv2 = mod(zInv * zInv, p);
  return { x: mod(P.X * zInv2, p), y: mod(P.Y * zInv2 * zInv, p) };
}

/** The sum of two affine points (for tests and the odd caller; the multiplications below stay Jacobian). */
export function addPoints(curve: GostCurve, P: AffinePoint, Q: AffinePoint): AffinePoint {
  return toAffine(curve, add(curve, toJacobian(P), toJacobian(Q)));
}

/** k·P by left-to-right double-and-add; k may be any non-negative integer (k ≥ q is allowed: q·P = O is tested so). */
export function multiply(curve: GostCurve, k: bigint, P: AffinePoint): AffinePoint {
  if (k < 0n) throw new RangeError('negative scalar');
  const base = toJacobian(P);
  let acc = INFINITY;
  for (let i = k.toString(2), j = 0; j < i.length; j++) {
    acc = double(curve, acc);
    if (i[j] === '1') acc = add(curve, acc, base);
  }
  return toAffine(curve, acc);
}

/**
 * k1·P + k2·Q in one pass (Shamir's trick), what verification computes (§6.2: C = z1·P + z2·Q).
 */
export function multiplyTwo(curve: GostCurve, k1: bigint, P: AffinePoint, k2: bigint, Q: AffinePoint): AffinePoint {
  if (k1 < 0n || k2 < 0n) throw new RangeError('negative scalar');
  const jp = toJacobian(P);
  const jq = toJacobian(Q);
  const both = add(curve, jp, jq);
  let acc = INFINITY;
  const bits = Math.max(k1.toString(2).length, k2.toString(2).length);
  for (let i = bits - 1; i >= 0; i--) {
    acc = double(curve, acc);
    const b1 = (k1 >> BigInt(i)) & 1n;
    const b2 = (k2 >> BigInt(i)) & 1n;
    if (b1 === 1n && b2 === 1n) acc = add(curve, acc, both);
    else if (b1 === 1n) acc = add(curve, acc, jp);
    else if (b2 === 1n) acc = add(curve, acc, jq);
  }
  return toAffine(curve, acc);
}

/** The base point P of the curve. */
export function basePoint(curve: GostCurve): AffinePoint {
  return { x: curve.x, y: curve.y };
}
