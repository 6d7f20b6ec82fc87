/**
 * Streebog: the hash functions of GOST R 34.11-2012 (RFC 6986), 512- and 256-bit codes.
 *
 * Byte order. The standard writes vectors with component 0 on the right (RFC 6986 4.2, 10);
 * OpenSSL's gost engine (the independent check in tests/unit/streebog.test.ts) stores byte a_i of
 * a vector at index i, so the bytes in memory are the RFC's written hex read right to left. That
 * is the order here, for the message and for the hash code alike. So the
 * RFC's example M1, written "3231...3130", is the ASCII text "0123...012", and its 256-bit code,
 * written "00557be5...1e159d", comes out as 9d 15 1e ... 55 00 (what `openssl dgst -engine gost
 * -md_gost12_256` prints for that text).
 *
 * Layout. A 512-bit vector is held as sixteen 32-bit little-endian limbs (Int32Array): limbs 2w and
 * 2w+1 are the low and high halves of the 64-bit subvector a_w of L (section 7), so no BigInt.
 * S, P and L are folded into eight 256-entry tables (the usual "LPS" tables, built at load).
 */

/** Pi' of RFC 6986 6.2: the nonlinear bijection of V_8. */
const PI = Uint8Array.of(
  252, 238, 221, 17, 207, 110, 49, 22, 251, 196, 250, 218, 35, 197, 4, 77,
  233, 119, 240, 219, 147, 46, 153, 186, 23, 54, 241, 187, 20, 205, 95, 193,
  249, 24, 101, 90, 226, 92, 239, 33, 129, 28, 60, 66, 139, 1, 142, 79,
  5, 132, 2, 174, 227, 106, 143, 160, 6, 11, 237, 152, 127, 212, 211, 31,
  235, 52, 44, 81, 234, 200, 72, 171, 242, 42, 104, 162, 253, 58, 206, 204,
  181, 112, 14, 86, 8, 12, 118, 18, 191, 114, 19, 71, 156, 183, 93, 135,
  21, 161, 150, 41, 16, 123, 154, 199, 243, 145, 120, 111, 157, 158, 178, 177,
  50, 117, 25, 61, 255, 53, 138, 126, 109, 84, 198, 128, 195, 189, 13, 87,
  223, 245, 36, 169, 62, 168, 67, 201, 215, 121, 214, 246, 124, 34, 185, 3,
  224, 15, 236, 222, 122, 148, 176, 188, 220, 232, 40, 80, 78, 51, 10, 74,
  167, 151, 96, 115, 30, 0, 98, 68, 26, 184, 56, 130, 100, 159, 38, 65,
  173, 69, 70, 146, 39, 94, 85, 47, 140, 163, 165, 125, 105, 213, 149, 59,
  7, 88, 179, 64, 134, 172, 29, 247, 48, 55, 107, 228, 136, 217, 231, 137,
  225, 27, 131, 73, 76, 63, 248, 254, 141, 83, 170, 144, 202, 216, 133, 97,
  32, 113, 103, 164, 45, 43, 9, 91, 203, 155, 37, 208, 190, 229, 108, 82,
  89, 166, 116, 210, 230, 244, 180, 192, 209, 102, 175, 194, 57, 75, 99, 182,
);

/** Tau of RFC 6986 6.3: the byte permutation P (output byte k is input byte TAU[k]). */
const TAU: readonly number[] = [
  0, 8, 16, 24, 32, 40, 48, 56, 1, 9, 17, 25, 33, 41, 49, 57,
  2, 10, 18, 26, 34, 42, 50, 58, 3, 11, 19, 27, 35, 43, 51, 59,
  4, 12, 20, 28, 36, 44, 52, 60, 5, 13, 21, 29, 37, 45, 53, 61,
  6, 14, 22, 30, 38, 46, 54, 62, 7, 15, 23, 31, 39, 47, 55, 63,
];

/** Rows 0..63 of the matrix A of the linear map l (RFC 6986 6.4), each as written (high nibble first). */
const A: readonly string[] = [
  '8e20faa72ba0b470', '47107ddd9b505a38', 'ad08b0e0c3282d1c', 'd8045870ef14980e',
  '6c022c38f90a4c07', '3601161cf205268d', '1b8e0b0e798c13c8', '83478b07b2468764',
  'a011d380818e8f40', '5086e740ce47c920', '2843fd2067adea10', '14aff010bdd87508',
  '0ad97808d06cb404', '05e23c0468365a02', '8c711e02341b2d01', '46b60f011a83988e',
  '90dab52a387ae76f', '486dd4151c3dfdb9', '24b86a840e90f0d2', '125c354207487869',
  '092e94218d243cba', '8a174a9ec8121e5d', '4585254f64090fa0', 'accc9ca9328a8950',
  '9d4df05d5f661451', 'c0a878a0a1330aa6', '60543c50de970553', '302a1e286fc58ca7',
  '18150f14b9ec46dd', '0c84890ad27623e0', '0642ca05693b9f70', '0321658cba93c138',
  '86275df09ce8aaa8', '439da0784e745554', 'afc0503c273aa42a', 'd960281e9d1d5215',
  'e230140fc0802984', '71180a8960409a42', 'b60c05ca30204d21', '5b068c651810a89e',
  '456c34887a3805b9', 'ac361a443d1c8cd2', '561b0d22900e4669', '2b838811480723ba',
  '9bcf4486248d9f5d', 'c3e9224312c8c1a0', 'effa11af0964ee50', 'f97d86d98a327728',
  'e4fa2054a80b329c', '727d102a548b194e', '39b008152acb8227', '9258048415eb419d',
  '492c024284fbaec0', 'aa16012142f35760', '550b8e9e21f7a530', 'a48b474f9ef5dc18',
  '70a6a56e2440598e', '3853dc371220a247', '1ca76e95091051ad', '0edd37c48a08a6d8',
  '07e095624504536c', '8d70c431ac02a736', 'c83862965601dd1b', '641c314b2b8ee083',
];

/** Iteration constants C[1..12] of RFC 6986 6.5, each as written (most significant quarter first). */
const C_HEX: readonly (readonly string[])[] = [
  ['b1085bda1ecadae9ebcb2f81c0657c1f', '2f6a76432e45d016714eb88d7585c4fc', '4b7ce09192676901a2422a08a460d315', '05767436cc744d23dd806559f2a64507'],
  ['6fa3b58aa99d2f1a4fe39d460f70b5d7', 'f3feea720a232b9861d55e0f16b50131', '9ab5176b12d699585cb561c2db0aa7ca', '55dda21bd7cbcd56e679047021b19bb7'],
  ['f574dcac2bce2fc70a39fc286a3d8435', '06f15e5f529c1f8bf2ea7514b1297b7b', 'd3e20fe490359eb1c1c93a376062db09', 'c2b6f443867adb31991e96f50aba0ab2'],
  ['ef1fdfb3e81566d2f948e1a05d71e4dd', '488e857e335c3c7d9d721cad685e353f', 'a9d72c82ed03d675d8b71333935203be', '3453eaa193e837f1220cbebc84e3d12e'],
  ['4bea6bacad4747999a3f410c6ca92363', '7f151c1f1686104a359e35d7800fffbd', 'bfcd1747253af5a3dfff00b723271a16', '7a56a27ea9ea63f5601758fd7c6cfe57'],
  ['ae4faeae1d3ad3d96fa4c33b7a3039c0', '2d66c4f95142a46c187f9ab49af08ec6', 'cffaa6b71c9ab7b40af21f66c2bec6b6', 'bf71c57236904f35fa68407a46647d6e'],
  ['f4c70e16eeaac5ec51ac86febf240954', '399ec6c7e6bf87c9d3473e33197a93c9', '0992abc52d822c3706476983284a0504', '3517454ca23c4af38886564d3a14d493'],
  ['9b1f5b424d93c9a703e7aa020c6e4141', '4eb7f8719c36de1e89b4443b4ddbc49a', 'f4892bcb929b069069d18d2bd1a5c42f', '36acc2355951a8d9a47f0dd4bf02e71e'],
  ['378f5a541631229b944c9ad8ec165fde', '3a7d3a1b258942243cd955b7e00d0984', '800a440bdbb2ceb17b2b8a9aa6079c54', '0e38dc92cb1f2a607261445183235adb'],
  ['abbedea680056f52382ae548b2e4f3f3', '8941e71cff8a78db1fffe18a1b336103', '9fe76702af69334b7a1e6c303b7652f4', '3698fad1153bb6c374b4c7fb98459ced'],
  ['7bcd9ed0efc889fb3002c6cd635afe94', 'd8fa6bbbebab07612001802114846679', '8a1d71efea48b9caefbacd1d7d476e98', 'dea2594ac06fd85d6bcaa4cd81f32d1b'],
  ['378ee767f11631bad21380b00449b17a', 'cda43c32bcdf1d77f82012d430219f9b', '5d80ef9d1891cc86e71da4aa88e12852', 'faf417d5d9b21b9948bc924af11bd720'],
];

/** A vector written as hex (RFC order, component 0 last) -> 32-bit little-endian limbs. */
function limbsOfWrittenHex(hex: string): Int32Array {
  const limbs = new Int32Array(hex.length / 8);
  for (let k = 0; k < limbs.length; k++) {
    const end = hex.length - 8 * k;
    limbs[k] = Number.parseInt(hex.slice(end - 8, end), 16) | 0;
  }
  return limbs;
}

// The fast LPS below reads "byte i of word j" for output word i, i.e. it relies on P being the
// 8x8 byte transpose. Check that against the standard's table rather than assume it.
for (let k = 0; k < 64; k++) {
  if (TAU[k] !== 8 * (k % 8) + Math.floor(k / 8)) throw new Error('streebog: Tau is not the byte transpose');
}

/**
 * LPS tables. Byte j (bits 8j..8j+7) of output word i before l is Pi of input byte 8j+i (S, then
 * P as the transpose), and bit t of l's input selects row A[63-t] (6.4). l is linear, so
 * word i = XOR over j of T_j[input byte 8j+i], where T_j[v] = XOR of the rows A[63-8j-s] over the
 * set bits s of Pi(v). T stores [low limb, high limb] pairs, table j at offset 512 * j.
 */
const T = new Int32Array(8 * 256 * 2);
{
  const rows = A.map(limbsOfWrittenHex);
  for (let j = 0; j < 8; j++) {
    for (let v = 0; v < 256; v++) {
      const s = PI[v]!;
      let lo = 0;
      let hi = 0;
      for (let bit = 0; bit < 8; bit++) {
        if ((s >>> bit) & 1) {
          const row = rows[63 - 8 * j - bit]!;
          lo ^= row[0]!;
          hi ^= row[1]!;
        }
      }
      T[2 * (j * 256 + v)] = lo;
      T[2 * (j * 256 + v) + 1] = hi;
    }
  }
}

const C = C_HEX.map((quarters) => limbsOfWrittenHex(quarters.join('')));

/** dst := LPS(a XOR b); dst must not alias a or b. */
function lpsXor(a: Int32Array, b: Int32Array, dst: Int32Array): void {
  const x0 = a[0]! ^ b[0]!;
  const x1 = a[1]! ^ b[1]!;
  const x2 = a[2]! ^ b[2]!;
  const x3 = a[3]! ^ b[3]!;
  const x4 = a[4]! ^ b[4]!;
  const x5 = a[5]! ^ b[5]!;
  const x6 = a[6]! ^ b[6]!;
  const x7 = a[7]! ^ b[7]!;
  const x8 = a[8]! ^ b[8]!;
  const x9 = a[9]! ^ b[9]!;
  const x10 = a[10]! ^ b[10]!;
  const x11 = a[11]! ^ b[11]!;
  const x12 = a[12]! ^ b[12]!;
  const x13 = a[13]! ^ b[13]!;
  const x14 = a[14]! ^ b[14]!;
  const x15 = a[15]! ^ b[15]!;
  // Unrolled over j, input in locals (about twice the speed of a plain double loop). Pass i builds output word i from
  // byte i of every word j (in the low limbs) and word i + 4 from byte i + 4 (the high limbs).
  for (let i = 0, s = 0; i < 4; i++, s += 8) {
    let p = ((x0 >>> s) & 255) << 1;
    let q = ((x1 >>> s) & 255) << 1;
    let lo = T[p]!;
    let hi = T[p + 1]!;
    let lo4 = T[q]!;
    let hi4 = T[q + 1]!;
    p = 512 | (((x2 >>> s) & 255) << 1);
    q = 512 | (((x3 >>> s) & 255) << 1);
    lo ^= T[p]!;
    hi ^= T[p + 1]!;
    lo4 ^= T[q]!;
    hi4 ^= T[q + 1]!;
    p = 1024 | (((x4 >>> s) & 255) << 1);
    q = 1024 | (((x5 >>> s) & 255) << 1);
    lo ^= T[p]!;
    hi ^= T[p + 1]!;
    lo4 ^= T[q]!;
    hi4 ^= T[q + 1]!;
    p = 1536 | (((x6 >>> s) & 255) << 1);
    q = 1536 | (((x7 >>> s) & 255) << 1);
    lo ^= T[p]!;
    hi ^= T[p + 1]!;
    lo4 ^= T[q]!;
    hi4 ^= T[q + 1]!;
    p = 2048 | (((x8 >>> s) & 255) << 1);
    q = 2048 | (((x9 >>> s) & 255) << 1);
    lo ^= T[p]!;
    hi ^= T[p + 1]!;
    lo4 ^= T[q]!;
    hi4 ^= T[q + 1]!;
    p = 2560 | (((x10 >>> s) & 255) << 1);
    q = 2560 | (((x11 >>> s) & 255) << 1);
    lo ^= T[p]!;
    hi ^= T[p + 1]!;
    lo4 ^= T[q]!;
    hi4 ^= T[q + 1]!;
    p = 3072 | (((x12 >>> s) & 255) << 1);
    q = 3072 | (((x13 >>> s) & 255) << 1);
    lo ^= T[p]!;
    hi ^= T[p + 1]!;
    lo4 ^= T[q]!;
    hi4 ^= T[q + 1]!;
    p = 3584 | (((x14 >>> s) & 255) << 1);
    q = 3584 | (((x15 >>> s) & 255) << 1);
    lo ^= T[p]!;
    hi ^= T[p + 1]!;
    lo4 ^= T[q]!;
    hi4 ^= T[q + 1]!;
    dst[2 * i] = lo;
    dst[2 * i + 1] = hi;
    dst[2 * i + 8] = lo4;
    dst[2 * i + 9] = hi4;
  }
}

/** acc := acc + b mod 2^512 (both as limbs). */
function add512(acc: Int32Array, b: Int32Array): void {
  let carry = 0;
  for (let k = 0; k < 16; k++) {
    const s = (acc[k]! >>> 0) + (b[k]! >>> 0) + carry;
    acc[k] = s | 0;
    carry = s > 0xffffffff ? 1 : 0;
  }
}

/** acc := acc + n mod 2^512, for the bit counter N (n < 2^32). */
function addSmall(acc: Int32Array, n: number): void {
  let carry = n;
  for (let k = 0; k < 16 && carry !== 0; k++) {
    const s = (acc[k]! >>> 0) + carry;
    acc[k] = s | 0;
    carry = s > 0xffffffff ? 1 : 0;
  }
}

const ZERO = new Int32Array(16);

/** Scratch for g: one module-level set is safe, JavaScript runs g to completion. */
const kA = new Int32Array(16);
const kB = new Int32Array(16);
const tA = new Int32Array(16);
const tB = new Int32Array(16);

/** h := g_N(h, m) = E(LPS(h ^ N), m) ^ h ^ m (RFC 6986 section 8). */
function compress(h: Int32Array, n: Int32Array, m: Int32Array): void {
  let k = kA;
  let kNext = kB;
  lpsXor(h, n, k); // K[1]
  lpsXor(k, m, tA); // LPS X[K1](m)
  let t = tA;
  let tNext = tB;
  for (let i = 0; i < 11; i++) {
    lpsXor(k, C[i]!, kNext); // K[i+2] = LPS(K[i+1] ^ C[i+1])
    let swap = k;
    k = kNext;
    kNext = swap;
    lpsXor(k, t, tNext);
    swap = t;
    t = tNext;
    tNext = swap;
  }
  lpsXor(k, C[11]!, kNext); // K[13]
  for (let w = 0; w < 16; w++) h[w] = h[w]! ^ kNext[w]! ^ t[w]! ^ m[w]!;
}

function readBlock(src: Uint8Array, offset: number, dst: Int32Array): void {
  for (let w = 0, o = offset; w < 16; w++, o += 4) {
    dst[w] = src[o]! | (src[o + 1]! << 8) | (src[o + 2]! << 16) | (src[o + 3]! << 24);
  }
}

export type StreebogBits = 256 | 512;

/**
 * Incremental Streebog: update() any number of times, then digest() once. Blocks are compressed
 * as soon as 64 bytes are in (step 2 of section 9 takes a block whenever |M| >= 512, so a full
 * block never has to wait for the end), and only a partial block is buffered.
 */
export class Streebog {
  readonly bits: StreebogBits;
  private readonly h = new Int32Array(16);
  private readonly n = new Int32Array(16);
  private readonly sigma = new Int32Array(16);
  private readonly m = new Int32Array(16);
  private readonly pending = new Uint8Array(64);
  private pendingLength = 0;
  private done = false;

  constructor(bits: StreebogBits) {
    if (bits !== 256 && bits !== 512) throw new Error(`streebog: no ${String(bits)}-bit variant (256 or 512)`);
    this.bits = bits;
    // IV (6.1): 0^512 for 512 bits, (00000001)^64 (every byte 0x01) for 256 bits.
    if (bits === 256) this.h.fill(0x01010101);
  }

  update(data: Uint8Array): this {
    if (this.done) throw new Error('streebog: update() after digest()');
    let offset = 0;
    if (this.pendingLength > 0) {
      const take = Math.min(64 - this.pendingLength, data.length);
      this.pending.set(data.subarray(0, take), this.pendingLength);
      this.pendingLength += take;
      offset = take;
      if (this.pendingLength < 64) return this;
      this.block(this.pending, 0);
      this.pendingLength = 0;
    }
    for (; offset + 64 <= data.length; offset += 64) this.block(data, offset);
    if (offset < data.length) {
      this.pending.set(data.subarray(offset), 0);
      this.pendingLength = data.length - offset;
    }
    return this;
  }

  /** The hash code in the byte order of the module comment (OpenSSL's); the object is spent after. */
  digest(): Uint8Array {
    if (this.done) throw new Error('streebog: digest() called twice');
    this.done = true;
    // Step 3: m = 0^(511-|M|) || 1 || M, the padding bit is the byte after the data.
    const last = new Uint8Array(64);
    last.set(this.pending.subarray(0, this.pendingLength));
    last[this.pendingLength] = 0x01;
    readBlock(last, 0, this.m);
    compress(this.h, this.n, this.m);
    addSmall(this.n, this.pendingLength * 8);
    add512(this.sigma, this.m);
    compress(this.h, ZERO, this.n);
    compress(this.h, ZERO, this.sigma);
    const out = new Uint8Array(64);
    for (let w = 0; w < 16; w++) {
      const v = this.h[w]!;
      out[4 * w] = v & 255;
      out[4 * w + 1] = (v >>> 8) & 255;
      out[4 * w + 2] = (v >>> 16) & 255;
      out[4 * w + 3] = v >>> 24;
    }
    // MSB_256 (3.6): the left half as written, i.e. bytes 32..63 here.
    return this.bits === 512 ? out : out.slice(32);
  }

  private block(src: Uint8Array, offset: number): void {
    readBlock(src, offset, this.m);
    compress(this.h, this.n, this.m);
    addSmall(this.n, 512);
    add512(this.sigma, this.m);
  }
}

/** Streebog-256 of data (GOST R 34.11-2012, 256-bit hash code), 32 bytes. */
export function streebog256(data: Uint8Array): Uint8Array {
  return new Streebog(256).update(data).digest();
}

/** Streebog-512 of data (GOST R 34.11-2012, 512-bit hash code), 64 bytes. */
export function streebog512(data: Uint8Array): Uint8Array {
  return new Streebog(512).update(data).digest();
}
