import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Streebog, streebog256, streebog512, type StreebogBits } from '../../src/crypto/gost/streebog.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/**
 * RFC 6986 writes vectors with component 0 on the right (section 10); in memory (OpenSSL, PKCS#11,
 * CMS and this module) byte 0 comes first. So a value as the RFC writes it is its bytes reversed.
 */
const written = (rfcHex: string): Uint8Array => Uint8Array.from(Buffer.from(rfcHex.replace(/\s+/g, ''), 'hex').reverse());

// RFC 6986 section 10.1 (GOST R 34.11-2012 Appendix A, example 1).
const M1 = written(`
  32313039383736353433323130393837 36353433323130393837363534333231
  30393837363534333231303938373635 343332313039383736353433323130`);
const M1_512 = written(`
  486f64c1917879417fef082b3381a4e2 11c324f074654c38823a7b76f830ad00
  fa1fbae42b1285c0352f227524bc9ab1 6254288dd6863dccd5b9f54a1ad0541b`);
const M1_256 = written('00557be5e584fd52a449b16b0251d05d 27f94ab76cbaa6da890b59d8ef1e159d');

// RFC 6986 section 10.2 (example 2: 72 bytes, so one full block and a partial one).
const M2 = written(`
  fbe2e5f0eee3c820fbeafaebef20fffb f0e1e0f0f520e0ed20e8ece0ebe5f0f2
  f120fff0eeec20f120faf2fee5e2202c e8f6f3ede220e8e6eee1e8f0f2d1202c
  e8f0f2e5e220e5d1`);
const M2_512 = written(`
  28fbc9bada033b1460642bdcddb90c3f b3e56c497ccd0f62b8a2ad4935e85f03
  7613966de4ee00531ae60f3b5a47f8da e06915d5f2f194996fcabf2622e6881e`);
const M2_256 = written('508f7e553c06501d749a66fc28c6cac0 b005746d97537fa85d9e40904efed29d');

describe('Streebog: the standard examples (RFC 6986 section 10)', () => {
  it('M1, 512 and 256 bits', () => {
    expect(hex(streebog512(M1))).toBe(hex(M1_512));
    expect(hex(streebog256(M1))).toBe(hex(M1_256));
  });
  it('M2, 512 and 256 bits', () => {
    expect(M2.length).toBe(72);
    expect(hex(streebog512(M2))).toBe(hex(M2_512));
    expect(hex(streebog256(M2))).toBe(hex(M2_256));
  });
  it('byte order: M1 in memory is the text "0123...012", its code is the RFC value read right to left', () => {
    expect(Buffer.from(M1).toString('latin1')).toBe('0123456789'.repeat(6) + '012');
    // As `openssl dgst -engine gost -md_gost12_256` prints it for that text.
    expect(hex(streebog256(M1))).toBe('9d151eefd8590b89daa6ba6cb74af9275dd051026bb149a452fd84e5e57b5500');
  });
  it('the empty message (values printed by OpenSSL gost engine 3.0.1 for empty input)', () => {
    expect(hex(streebog256(new Uint8Array(0)))).toBe('3f539a213e97c802cc229d474c6aa32a825a360b2a933a949fd925208d9ce1bb');
    expect(hex(streebog512(new Uint8Array(0)))).toBe(
      '8e945da209aa869f0455928529bcae4679e9873ab707b55315f56ceb98bef0a7' +
        '362f715528356ee83cda5f2aac4c6ad2ba3a715c1bcd81cb8e9f90bf4c1c1a8a',
    );
  });
});

/** Streebog by OpenSSL's gost engine; fails (never skips) when the engine is not installed. */
function opensslStreebog(bits: StreebogBits, data: Uint8Array): string {
  const r = spawnSync('openssl', ['dgst', '-engine', 'gost', `-md_gost12_${String(bits)}`, '-binary'], { input: data, maxBuffer: 1 << 20 });
  if (r.error || r.status !== 0 || r.stdout.length !== bits / 8) {
    throw new Error(
      "OpenSSL's gost engine is needed for this check and did not work (Debian: libengine-gost-openssl; " +
        `run scripts/setup-debian.sh): ${r.error?.message ?? r.stderr.toString().trim()}`,
    );
  }
  return r.stdout.toString('hex');
}

describe('Streebog against OpenSSL (gost engine) on random inputs', () => {
  it.each([0, 1, 63, 64, 65, 127, 128, 129, 1000, 100_000])('%i bytes', (length) => {
    const data = randomBytes(length);
    expect(hex(streebog256(data)), `256, input ${data.toString('hex').slice(0, 64)}...`).toBe(opensslStreebog(256, data));
    expect(hex(streebog512(data)), `512, input ${data.toString('hex').slice(0, 64)}...`).toBe(opensslStreebog(512, data));
  });
  it('reads a Uint8Array view at an odd offset into a larger buffer', () => {
    const backing = randomBytes(300);
    const view = new Uint8Array(backing.buffer, backing.byteOffset + 3, 200);
    expect(hex(streebog256(view))).toBe(opensslStreebog(256, Buffer.from(view)));
  });
});

describe('Streebog incremental form', () => {
  it('any split of the input gives the one-shot hash', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 400 }),
        fc.array(fc.nat({ max: 400 }), { maxLength: 8 }),
        fc.constantFrom<StreebogBits>(256, 512),
        (data, cuts, bits) => {
          const points = [...new Set(cuts.map((c) => Math.min(c, data.length)))].sort((a, b) => a - b);
          const h = new Streebog(bits);
          let from = 0;
          for (const p of [...points, data.length]) {
            h.update(data.subarray(from, p));
            from = p;
          }
          const oneShot = bits === 256 ? streebog256(data) : streebog512(data);
          expect(hex(h.digest())).toBe(hex(oneShot));
        },
      ),
      { numRuns: 300 },
    );
  });
  it('byte by byte over several blocks', () => {
    const data = randomBytes(200);
    const h = new Streebog(512);
    for (const b of data) h.update(Uint8Array.of(b));
    expect(hex(h.digest())).toBe(hex(streebog512(data)));
  });
  it('is spent after digest(), and knows only 256 and 512 bits', () => {
    const h = new Streebog(256);
    h.digest();
    expect(() => h.update(new Uint8Array(1))).toThrow(/after digest/);
    expect(() => h.digest()).toThrow(/twice/);
    expect(() => new Streebog(384 as StreebogBits)).toThrow(/256 or 512/);
  });
});
