/**
 * Point arithmetic on a short Weierstrass curve y² = x³ + a·x + b over GF(p), in BigInt.
 *
 * Jacobian coordinates (X : Y : Z) stand for the affine point (X/Z², Y/Z³), so that adding and
 * doubling need no field inversion; one inversion at the end gives the affine result. The twisted
 * Edwards sets (TC26 256-A, 512-C) are used in their Weierstrass form like the others.
 *
 * Where the time goes (issue 14, profiled with node --cpu-prof): BigInt `%` was half of a
 * verification. So:
 * - every field element is kept in [0, p), products are reduced by `FieldOps.reduce`, which for
 *   the primes of the form 2^k − c with a small c (CryptoPro A and B, TC26 256-A, TC26 512-A/B/C:
 *   c = 617, −3225, 569, −111) folds the high half with two shifts and two small multiplications
 *   instead of dividing (so does the 256-bit test curve, c = −1073); CryptoPro C and the 512-bit
 *   test curve keep `%`;
 * - doubling uses the a = −3 formula (3·(X − Z²)·(X + Z²)) where a ≡ −3 (CryptoPro A/B/C,
 *   TC26 512-A/B), the general one elsewhere;
 * - additions take one operand affine (mixed addition), from tables normalised with one inversion;
 * - verification's z1·P + z2·Q is one interleaved (Straus) pass over the width-w NAFs of both
 *   scalars: z1 against a table of 64 odd multiples of the base point, computed once per parameter
 *   set (lazily, cached), z2 against 8 odd multiples of Q computed per call;
 * - k·P for a secret k (signing, public keys: `multiplyBase`) is a fixed-base comb over a regular
 *   signed-odd recoding of k: the same sequence of operations for every k of the curve (one mixed
 *   addition per 4 bits, no doubling, no skipped digit), where the previous double-and-add did an
 *   addition per set bit. BigInt arithmetic itself is not constant-time, so this is "regular", not
 *   a guarantee; it serves tests and the sandbox's software CA, never a customer's key (those stay
 *   on the token).
 * The old double-and-add is kept as the reference in tests/unit/gost-point-fast.test.ts.
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

/** A finite affine table entry with its negation ready: −(x, y) = (x, p − y). */
interface TablePoint {
  readonly x: bigint;
  readonly y: bigint;
  readonly negY: bigint;
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

/** The field of one curve: p, a, and the reduction of a non-negative integer below 2^(2k+8). */
interface FieldOps {
  readonly p: bigint;
  readonly a: bigint;
  readonly aIsMinus3: boolean;
  readonly reduce: (x: bigint) => bigint;
}

/**
 * The reduction for p: for p = 2^k − c with 0 < |c| < 2^32, x = hi·2^k + lo ≡ lo + c·hi (twice,
 * then at most one subtraction: for c > 0 the second fold is below 2^k + 2^8·c², for c < 0 the
 * first fold may go negative and the second, adding, lands in [0, 2^k + 2^8·2^32·|c|)); else x % p.
 * Inputs are non-negative and below 2^(2k+8) (products of two elements, times a small constant).
 */
function makeReduce(p: bigint): (x: bigint) => bigint {
  const bits = p.toString(2).length;
  for (const k of [bits, bits - 1]) {
    const c = (1n << BigInt(k)) - p;
    if (c === 0n || c >= 1n << 32n || c <= -(1n << 32n)) continue;
    const K = BigInt(k);
    const mask = (1n << K) - 1n;
    return (x: bigint): bigint => {
      let r = (x & mask) + (x >> K) * c;
      r = (r & mask) + (r >> K) * c;
      return r >= p ? r - p : r;
    };
  }
  return (x: bigint): bigint => x % p;
}

const FIELDS = new WeakMap<GostCurve, FieldOps>();

function fieldOf(curve: GostCurve): FieldOps {
  let field = FIELDS.get(curve);
  if (field === undefined) {
    const a = mod(curve.a, curve.p);
    field = { p: curve.p, a, aIsMinus3: a === curve.p - 3n, reduce: makeReduce(curve.p) };
    FIELDS.set(curve, field);
  }
  return field;
}

/** 2·P, coordinates in [0, p). */
function double(F: FieldOps, P: Jacobian): Jacobian {
  const { p, reduce } = F;
  const { X, Y, Z } = P;
  if (Z === 0n || Y === 0n) return INFINITY;
  const YY = reduce(Y * Y);
  const S = reduce((X * YY) << 2n); // 4·X·Y²
  const ZZ = reduce(Z * Z);
  let M: bigint; // 3·X² + a·Z⁴
  if (F.aIsMinus3) {
    const diff = X >= ZZ ? X - ZZ : X - ZZ + p;
    M = reduce(3n * diff * (X + ZZ));
  } else {
    M = reduce(3n * reduce(X * X) + F.a * reduce(ZZ * ZZ));
  }
  const X3 = reduce(M * M + 2n * (p - S));
  const YYYY = reduce(YY * YY);
  const Y3 = reduce(M * (S + p - X3) + 8n * (p - YYYY));
  const Z3 = reduce((Y * Z) << 1n);
  return { X: X3, Y: Y3, Z: Z3 };
}

/** P + (x2, y2) for an affine, finite second operand (mixed addition), coordinates in [0, p). */
function addMixed(F: FieldOps, P: Jacobian, x2: bigint, y2: bigint): Jacobian {
  const { p, reduce } = F;
  const { X, Y, Z } = P;
  if (Z === 0n) return { X: x2, Y: y2, Z: 1n };
  const ZZ = reduce(Z * Z);
  const U2 = reduce(x2 * ZZ);
  const S2 = reduce(y2 * reduce(Z * ZZ));
  const H = U2 >= X ? U2 - X : U2 - X + p;
  const R = S2 >= Y ? S2 - Y : S2 - Y + p;
  if (H === 0n) return R === 0n ? double(F, P) : INFINITY;
  const HH = reduce(H * H);
  const HHH = reduce(H * HH);
  const V = reduce(X * HH);
  const X3 = reduce(R * R + (p - HHH) + 2n * (p - V));
  const Y3 = reduce(R * (V + p - X3) + (p - Y) * HHH);
  const Z3 = reduce(Z * H);
  return { X: X3, Y: Y3, Z: Z3 };
}

/** P + Q, both Jacobian (addPoints only; the multiplications add affine table points). */
function add(F: FieldOps, P: Jacobian, Q: Jacobian): Jacobian {
  if (P.Z === 0n) return Q;
  if (Q.Z === 0n) return P;
  const { p, reduce } = F;
  const Z1Z1 = reduce(P.Z * P.Z);
  const Z2Z2 = reduce(Q.Z * Q.Z);
  const U1 = reduce(P.X * Z2Z2);
  const U2 = reduce(Q.X * Z1Z1);
  const S1 = reduce(P.Y * reduce(Q.Z * Z2Z2));
  const S2 = reduce(Q.Y * reduce(P.Z * Z1Z1));
  if (U1 === U2) return S1 === S2 ? double(F, P) : INFINITY;
  const H = U2 >= U1 ? U2 - U1 : U2 - U1 + p;
  const R = S2 >= S1 ? S2 - S1 : S2 - S1 + p;
  const HH = reduce(H * H);
  const HHH = reduce(H * HH);
  const V = reduce(U1 * HH);
  const X3 = reduce(R * R + (p - HHH) + 2n * (p - V));
  const Y3 = reduce(R * (V + p - X3) + (p - S1) * HHH);
  const Z3 = reduce(reduce(H * P.Z) * Q.Z);
  return { X: X3, Y: Y3, Z: Z3 };
}

function toJacobian(curve: GostCurve, point: AffinePoint): Jacobian {
  return point === null ? INFINITY : { X: mod(point.x, curve.p), Y: mod(point.y, curve.p), Z: 1n };
}

function toAffine(F: FieldOps, P: Jacobian): AffinePoint {
  if (P.Z === 0n) return null;
  const { p, reduce } = F;
  const zInv = invert(P.Z, p);
  const zInv2 = reduce(zInv * zInv);
  return { x: reduce(P.X * zInv2), y: reduce(reduce(P.Y * zInv2) * zInv) };
}

/**
 * Affine forms of finite Jacobian points with one inversion (Montgomery's trick); throws on a
 * point at infinity, which a table of multiples of a point of prime order q never holds.
 */
function normalizeAll(F: FieldOps, points: readonly Jacobian[]): TablePoint[] {
  const { p, reduce } = F;
  const prefix: bigint[] = [];
  let acc = 1n;
  for (const P of points) {
    if (P.Z === 0n) throw new RangeError('point at infinity in a table');
    prefix.push(acc);
    acc = reduce(acc * P.Z);
  }
  let inv = invert(acc, p);
  const out = new Array<TablePoint>(points.length);
  for (let i = points.length - 1; i >= 0; i--) {
    const P = points[i] as Jacobian;
    const zInv = reduce(inv * (prefix[i] as bigint));
    inv = reduce(inv * P.Z);
    const zInv2 = reduce(zInv * zInv);
    const x = reduce(P.X * zInv2);
    const y = reduce(reduce(P.Y * zInv2) * zInv);
    out[i] = { x, y, negY: y === 0n ? 0n : p - y };
  }
  return out;
}

/**
 * P, 3P, 5P, …, (2·count − 1)·P for a finite P of order > 2·count, with one inversion: 2P stays
 * Jacobian and each next multiple is a full addition.
 */
function oddMultiples(F: FieldOps, P: { x: bigint; y: bigint }, count: number): TablePoint[] {
  const first: Jacobian = { X: P.x, Y: P.y, Z: 1n };
  const jacobians: Jacobian[] = [first];
  if (count > 1) {
    const twice = double(F, first);
    jacobians.push(addMixed(F, twice, P.x, P.y));
    for (let i = 2; i < count; i++) jacobians.push(add(F, jacobians[i - 1] as Jacobian, twice));
  }
  return normalizeAll(F, jacobians);
}

/** The width-w NAF of k ≥ 0, least significant digit first: digits 0 or odd in (−2^(w−1), 2^(w−1)). */
function wnaf(k: bigint, w: number): Int32Array {
  const out = new Int32Array(k.toString(2).length + 1);
  const full = 1 << w;
  const half = full >> 1;
  const mask = BigInt(full - 1);
  let i = 0;
  while (k > 0n) {
    if ((k & 1n) === 1n) {
      let d = Number(k & mask);
      if (d >= half) d -= full;
      out[i] = d;
      k -= BigInt(d);
    }
    k >>= 1n;
    i++;
  }
  return out.subarray(0, i);
}

/** Adds the table's entry for a NAF digit d ≠ 0 (|d| odd): table[(|d| − 1) / 2], negated for d < 0. */
function addDigit(F: FieldOps, acc: Jacobian, table: readonly TablePoint[], d: number): Jacobian {
  const T = table[(Math.abs(d) - 1) >> 1] as TablePoint;
  return addMixed(F, acc, T.x, d > 0 ? T.y : T.negY);
}

/** The sum of two affine points (for tests and the odd caller). */
export function addPoints(curve: GostCurve, P: AffinePoint, Q: AffinePoint): AffinePoint {
  const F = fieldOf(curve);
  return toAffine(F, add(F, toJacobian(curve, P), toJacobian(curve, Q)));
}

const POINT_WINDOW = 5; // 8 odd multiples of a point that is not the base point
const BASE_WINDOW = 8; // 64 odd multiples of the base point, once per parameter set

/** The base point's odd multiples for verification's interleaved pass, by curve. */
const BASE_TABLES = new WeakMap<GostCurve, TablePoint[]>();

function baseTable(curve: GostCurve): TablePoint[] {
  let table = BASE_TABLES.get(curve);
  if (table === undefined) {
    table = oddMultiples(fieldOf(curve), { x: curve.x, y: curve.y }, 1 << (BASE_WINDOW - 2));
    BASE_TABLES.set(curve, table);
  }
  return table;
}

/**
 * Σ kᵢ·Pᵢ over width-w NAFs, interleaved: one doubling per bit of the longest scalar, one mixed
 * addition per non-zero digit. Variable-time: public scalars only.
 */
function straus(F: FieldOps, terms: readonly { naf: Int32Array; table: readonly TablePoint[] }[]): Jacobian {
  let length = 0;
  for (const t of terms) length = Math.max(length, t.naf.length);
  let acc = INFINITY;
  for (let i = length - 1; i >= 0; i--) {
    acc = double(F, acc);
    for (const t of terms) {
      const d = i < t.naf.length ? (t.naf[i] as number) : 0;
      if (d !== 0) acc = addDigit(F, acc, t.table, d);
    }
  }
  return acc;
}

/**
 * k·P for any non-negative k (k ≥ q is allowed: q·P = O is tested so) and any P on the curve,
 * by a width-5 NAF. Variable-time: for public scalars (the subgroup check q·Q, tests); a secret
 * scalar times the base point goes through `multiplyBase`.
 */
export function multiply(curve: GostCurve, k: bigint, P: AffinePoint): AffinePoint {
  if (k < 0n) throw new RangeError('negative scalar');
  const F = fieldOf(curve);
  if (P === null || k === 0n) return null;
  const point = { x: mod(P.x, curve.p), y: mod(P.y, curve.p) };
  if (point.y === 0n) return k % 2n === 0n ? null : point; // of order 2: no odd multiples table
  const table = oddMultiplesSafe(F, point, 1 << (POINT_WINDOW - 2));
  if (table === null) return multiplySimple(F, k, point);
  return toAffine(F, straus(F, [{ naf: wnaf(k, POINT_WINDOW), table }]));
}

/** oddMultiples, or null when a multiple is O (P of small order: only off the prime-order subgroup). */
function oddMultiplesSafe(F: FieldOps, P: { x: bigint; y: bigint }, count: number): TablePoint[] | null {
  try {
    return oddMultiples(F, P, count);
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

/** Left-to-right double-and-add, for points of small order that have no table. */
function multiplySimple(F: FieldOps, k: bigint, P: { x: bigint; y: bigint }): AffinePoint {
  let acc = INFINITY;
  for (let bits = k.toString(2), j = 0; j < bits.length; j++) {
    acc = double(F, acc);
    if (bits[j] === '1') acc = addMixed(F, acc, P.x, P.y);
  }
  return toAffine(F, acc);
}

/** The Straus terms of k1·P + k2·Q, or null when a table cannot be made (a point of small order). */
function twoTerms(
  curve: GostCurve,
  F: FieldOps,
  k1: bigint,
  P: AffinePoint,
  k2: bigint,
  Q: AffinePoint,
): { naf: Int32Array; table: readonly TablePoint[] }[] | null {
  if (k1 < 0n || k2 < 0n) throw new RangeError('negative scalar');
  const terms: { naf: Int32Array; table: readonly TablePoint[] }[] = [];
  for (const [k, R] of [
    [k1, P],
    [k2, Q],
  ] as const) {
    if (R === null || k === 0n) continue;
    const point = { x: mod(R.x, curve.p), y: mod(R.y, curve.p) };
    const isBase = point.x === curve.x && point.y === curve.y;
    const table = isBase ? baseTable(curve) : oddMultiplesSafe(F, point, 1 << (POINT_WINDOW - 2));
    if (table === null) return null;
    terms.push({ naf: wnaf(k, isBase ? BASE_WINDOW : POINT_WINDOW), table });
  }
  return terms;
}

/**
 * k1·P + k2·Q in one pass (Straus/Shamir). When P is the curve's base point its table is the
 * cached one. Variable-time: public scalars only.
 */
export function multiplyTwo(curve: GostCurve, k1: bigint, P: AffinePoint, k2: bigint, Q: AffinePoint): AffinePoint {
  const F = fieldOf(curve);
  const terms = twoTerms(curve, F, k1, P, k2, Q);
  if (terms === null) return addPoints(curve, multiply(curve, k1, P), multiply(curve, k2, Q));
  return toAffine(F, straus(F, terms));
}

/**
 * Whether C = k1·P + k2·Q is finite with x_C mod q = r, what verification asks (§6.2:
 * C = z1·P + z2·Q, accept iff x_C mod q = r), for 0 ≤ r < q. Without the final inversion: with
 * C = (X : Y : Z), x_C = X/Z², and x_C mod q = r iff x_C = r + j·q for some j ≥ 0 with r + j·q < p,
 * so each such candidate is compared as X = candidate·Z² (mod p): one candidate or two where q is
 * about p, up to five for the cofactor-4 sets.
 */
export function combinationXModQEquals(curve: GostCurve, k1: bigint, P: AffinePoint, k2: bigint, Q: AffinePoint, r: bigint): boolean {
  if (r < 0n || r >= curve.q) return false;
  const F = fieldOf(curve);
  const terms = twoTerms(curve, F, k1, P, k2, Q);
  if (terms === null) {
    const C = multiplyTwo(curve, k1, P, k2, Q);
    return C !== null && mod(C.x, curve.q) === r;
  }
  return xModQEquals(curve, F, straus(F, terms), r);
}

/** Whether C is finite and x_C mod q = r, by candidates x_C = r + j·q (see combinationXModQEquals). */
function xModQEquals(curve: GostCurve, F: FieldOps, C: Jacobian, r: bigint): boolean {
  if (C.Z === 0n || r < 0n || r >= curve.q) return false;
  const ZZ = F.reduce(C.Z * C.Z);
  for (let candidate = r; candidate < curve.p; candidate += curve.q) {
    if (F.reduce(candidate * ZZ) === C.X) return true;
  }
  return false;
}

interface Comb {
  /** table[i][j] = (2j + 1)·2^(w·i)·P. */
  readonly table: readonly (readonly TablePoint[])[];
  readonly window: number;
  /** How many signed digits every scalar below q is recoded into: ⌈bits(q) / w⌉ + 1. */
  readonly digits: number;
}

/** The base point's comb: 32 odd multiples per 6 bits (44 windows at 256 bits, 87 at 512). */
const BASE_COMB_WINDOW = 6;
/** A public key's comb: 8 odd multiples per 4 bits (cheaper to build, see KEY_COMBS). */
const KEY_COMB_WINDOW = 4;

/** The comb of a finite point P of order q: every entry from Jacobian sums, then one inversion. */
function makeComb(F: FieldOps, q: bigint, P: { x: bigint; y: bigint }, window: number): Comb {
  const digits = Math.ceil(q.toString(2).length / window) + 1;
  const odd = 1 << (window - 1);
  const jacobians: Jacobian[] = [];
  let B: Jacobian = { X: P.x, Y: P.y, Z: 1n };
  for (let i = 0; i < digits; i++) {
    const twice = double(F, B);
    let M = B;
    jacobians.push(M);
    for (let j = 1; j < odd; j++) {
      M = add(F, M, twice);
      jacobians.push(M);
    }
    for (let j = 0; j < window; j++) B = double(F, B);
  }
  const flat = normalizeAll(F, jacobians);
  const table: TablePoint[][] = [];
  for (let i = 0; i < digits; i++) table.push(flat.slice(i * odd, (i + 1) * odd));
  return { table, window, digits };
}

const BASE_COMBS = new WeakMap<GostCurve, Comb>();

function baseComb(curve: GostCurve): Comb {
  let comb = BASE_COMBS.get(curve);
  if (comb === undefined) {
    comb = makeComb(fieldOf(curve), curve.q, { x: curve.x, y: curve.y }, BASE_COMB_WINDOW);
    BASE_COMBS.set(curve, comb);
  }
  return comb;
}

/**
 * acc + k·P from P's comb, for 0 ≤ k < q. k is made odd (k' = q − k for an even k, whose sum
 * is then subtracted: −(q − k)·P = k·P), recoded into `digits` signed odd digits
 * dᵢ ∈ {±1, ±3, …, ±(2^w − 1)} (dᵢ = (k mod 2^(w+1)) − 2^w, k = (k − dᵢ)/2^w: no digit is ever
 * zero, and the last is 1 for every k < q), and Σ dᵢ·2^(w·i)·P is added entry by entry: the same
 * count of mixed additions, from the same table rows, for every k.
 */
function addComb(F: FieldOps, acc: Jacobian, comb: Comb, q: bigint, k: bigint): Jacobian {
  const even = (k & 1n) === 0n;
  let rest = even ? q - k : k;
  const { table, digits } = comb;
  const window = BigInt(comb.window);
  const span = 1n << window;
  const mask = (span << 1n) - 1n;
  const recoded = new Int32Array(digits);
  for (let i = 0; i < digits - 1; i++) {
    const d = (rest & mask) - span;
    recoded[i] = Number(d);
    rest = (rest - d) >> window;
  }
  recoded[digits - 1] = Number(rest);
  for (let i = digits - 1; i >= 0; i--) {
    const d = recoded[i] as number;
    acc = addDigit(F, acc, table[i] as readonly TablePoint[], even ? -d : d);
  }
  return acc;
}

/**
 * k·P for the curve's base point P and a secret 0 ≤ k < q (signing's k·P, a key's d·P), by
 * `addComb` over the base point's comb: one mixed addition per 6 bits, no doubling, the same
 * sequence of operations for every k.
 */
export function multiplyBase(curve: GostCurve, k: bigint): AffinePoint {
  if (k < 0n || k >= curve.q) throw new RangeError('scalar out of range');
  const F = fieldOf(curve);
  return toAffine(F, addComb(F, INFINITY, baseComb(curve), curve.q, k));
}

/**
 * Combs of public keys that verified often, for `verifyCombination`. The bank checks many
 * documents by few keys (its signers, its CAs): from a key's KEY_COMB_AFTER + 1-th check on, its
 * z2·Q comes from the key's comb (no doubling at all, 2.5–3 times faster), built once at the cost
 * of about three checks. Counting first means a key seen once or twice (a hostile sender's made-up
 * keys) costs no more than a plain check, and a key's first KEY_COMB_AFTER + 1 checks together
 * cost at most ~1.5 times as many plain ones. Least recently used first; at most KEY_COMB_CACHE keys.
 */
const KEY_COMB_AFTER = 3;
const KEY_COMB_CACHE = 64;
const KEY_COMBS = new Map<string, { uses: number; comb: Comb | null }>();

/** Forgets every key's comb and count (the benchmark's "new key each time" measure; tests). */
export function clearKeyCombs(): void {
  KEY_COMBS.clear();
}

function keyComb(curve: GostCurve, F: FieldOps, Q: { x: bigint; y: bigint }): Comb | null {
  const id = `${curve.name}:${Q.x.toString(16)}:${Q.y.toString(16)}`;
  let entry = KEY_COMBS.get(id);
  if (entry !== undefined) KEY_COMBS.delete(id);
  entry ??= { uses: 0, comb: null };
  KEY_COMBS.set(id, entry);
  if (KEY_COMBS.size > KEY_COMB_CACHE) {
    const oldest = KEY_COMBS.keys().next();
    if (!oldest.done) KEY_COMBS.delete(oldest.value);
  }
  entry.uses++;
  if (entry.comb === null && entry.uses > KEY_COMB_AFTER) entry.comb = makeComb(F, curve.q, Q, KEY_COMB_WINDOW);
  return entry.comb;
}

/**
 * Whether C = z1·P + z2·Q (P the base point) is finite with x_C mod q = r, what verification asks
 * (§6.2: C = z1·P + z2·Q, accept iff x_C mod q = r), for 0 ≤ z1, z2 < q and a finite Q of order q
 * (a key `isValidPublicKey` accepted). Q's comb when the key has one (`keyComb`), otherwise one
 * Straus pass over both scalars' wNAFs; then the comparison without the final inversion
 * (`xModQEquals`).
 */
export function verifyCombination(curve: GostCurve, z1: bigint, z2: bigint, Q: { x: bigint; y: bigint }, r: bigint): boolean {
  if (z1 < 0n || z1 >= curve.q || z2 < 0n || z2 >= curve.q) throw new RangeError('scalar out of range');
  const F = fieldOf(curve);
  const comb = keyComb(curve, F, Q);
  if (comb === null) return combinationXModQEquals(curve, z1, basePoint(curve), z2, Q, r);
  const C = addComb(F, addComb(F, INFINITY, baseComb(curve), curve.q, z1), comb, curve.q, z2);
  return xModQEquals(curve, F, C, r);
}

/** The base point P of the curve. */
export function basePoint(curve: GostCurve): AffinePoint {
  return { x: curve.x, y: curve.y };
}
