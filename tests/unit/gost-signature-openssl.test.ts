/**
 * GOST R 34.10-2012 against an independent implementation: OpenSSL's gost engine (Debian's
 * libengine-gost-openssl). It settles the byte orders the unit tests can only assert: OpenSSL's
 * signature value (s || r), its SubjectPublicKeyInfo key (x || y little-endian), and how it turns
 * a digest's bytes into α (little-endian). Without the engine it fails, saying to run scripts/setup-debian.sh.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GOST_ENV, gostEngineAvailable, NO_GOST_ENGINE, OPENSSL_GOST_SETS, opensslGost as openssl, opensslGostBytes as opensslBytes } from '../helpers/gost-openssl.ts';
import { GOST_CURVES, type GostCurve } from '../../src/crypto/gost/curves.ts';
import { decodePublicKey, decodeSignature, encodeSignature } from '../../src/crypto/gost/encoding.ts';
import { publicKeyOf, signDigest, verifyDigest } from '../../src/crypto/gost/signature.ts';




const SETS = OPENSSL_GOST_SETS;

describe('GOST R 34.10-2012 and OpenSSL gost engine', () => {
  it('has the independent checker: OpenSSL with the gost engine', () => {
    expect(gostEngineAvailable, NO_GOST_ENGINE).toBe(true);
  });

  const dir = mkdtempSync(join(tmpdir(), 'gost-sig-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A key pair made by OpenSSL: its files, and d and Q as OpenSSL prints them. */
  function opensslKey(curve: GostCurve, algorithm: string, paramset: string) {
    const key = join(dir, `${curve.name}.pem`);
    const pub = join(dir, `${curve.name}.pub.pem`);
    openssl(['genpkey', '-engine', 'gost', '-algorithm', algorithm, '-pkeyopt', `paramset:${paramset}`, '-out', key]);
    openssl(['pkey', '-engine', 'gost', '-in', key, '-pubout', '-out', pub]);
    const text = openssl(['pkey', '-engine', 'gost', '-in', key, '-text', '-noout']);
    const field = (name: string): bigint => {
      const m = new RegExp(`${name}:\\s*([0-9A-F]+)`).exec(text.replace(/\n\s+/g, ''));
      if (!m?.[1]) throw new Error(`no ${name} in openssl's output`);
      return BigInt(`0x${m[1]}`);
    };
    return { key, pub, d: field('Private key'), x: field('X'), y: field('Y') };
  }

  it.each(SETS)('%s: keys, signatures both ways, digest order', (name, algorithm, paramset) => {
    const curve = GOST_CURVES[name];
    const k = opensslKey(curve, algorithm, paramset);
    // the public key OpenSSL prints is d·P on our curve
    expect(publicKeyOf(curve, k.d)).toEqual({ x: k.x, y: k.y });

    // SPKI: the BIT STRING holds OCTET STRING(x || y, little-endian each); its last 2·size bytes
    const spki = opensslBytes(['pkey', '-engine', 'gost', '-pubin', '-in', k.pub, '-outform', 'DER']);
    expect(decodePublicKey(curve, spki.subarray(spki.length - 2 * curve.size))).toEqual({ x: k.x, y: k.y });
    // the OCTET STRING's header is right before: 04 40 (64 bytes) or 04 81 80 (128 bytes)
    const header = curve.size === 32 ? [0x04, 0x40] : [0x04, 0x81, 0x80];
    expect([...spki.subarray(spki.length - 2 * curve.size - header.length, spki.length - 2 * curve.size)]).toEqual(header);

    // OpenSSL signs a raw digest; we verify it, and refuse it with the digest reversed or a bit flipped
    const digest = randomBytes(curve.size);
    const dgstFile = join(dir, `${name}.dgst`);
    const sigFile = join(dir, `${name}.sig`);
    writeFileSync(dgstFile, digest);
    openssl(['pkeyutl', '-engine', 'gost', '-sign', '-inkey', k.key, '-in', dgstFile, '-out', sigFile]);
    const theirs = readFileSync(sigFile);
    expect(theirs.length).toBe(2 * curve.size);
    const Q = { x: k.x, y: k.y };
    expect(verifyDigest(curve, Q, digest, decodeSignature(curve, theirs))).toBe(true);
    expect(verifyDigest(curve, Q, Buffer.from(digest).reverse(), decodeSignature(curve, theirs))).toBe(false);
    const flipped = Buffer.from(theirs);
    flipped[3] = (flipped[3] ?? 0) ^ 0x10;
    expect(verifyDigest(curve, Q, digest, decodeSignature(curve, flipped))).toBe(false);
    // read as r || s it does not verify: the order is not a matter of taste
    const swapped = Buffer.concat([theirs.subarray(curve.size), theirs.subarray(0, curve.size)]);
    expect(verifyDigest(curve, Q, digest, decodeSignature(curve, swapped))).toBe(false);

    // we sign with OpenSSL's d; OpenSSL verifies our s || r
    const ours = encodeSignature(curve, signDigest(curve, k.d, digest));
    writeFileSync(sigFile, ours);
    const ok = spawnSync('openssl', ['pkeyutl', '-engine', 'gost', '-verify', '-pubin', '-inkey', k.pub, '-in', dgstFile, '-sigfile', sigFile], {
      encoding: 'utf8',
      env: GOST_ENV,
    });
    expect(ok.stdout).toContain('Signature Verified Successfully');
    const oursFlipped = Buffer.from(ours);
    oursFlipped[curve.size + 5] = (oursFlipped[curve.size + 5] ?? 0) ^ 1;
    writeFileSync(sigFile, oursFlipped);
    const bad = spawnSync('openssl', ['pkeyutl', '-engine', 'gost', '-verify', '-pubin', '-inkey', k.pub, '-in', dgstFile, '-sigfile', sigFile], {
      encoding: 'utf8',
      env: GOST_ENV,
    });
    expect(bad.stdout).not.toContain('Signature Verified Successfully');
  });

  it('over a Streebog digest of a message, as `openssl dgst -sign` makes it', () => {
    const curve = GOST_CURVES['cryptopro-a'];
    const k = opensslKey(curve, 'gost2012_256', 'A');
    const data = join(dir, 'message.txt');
    writeFileSync(data, 'Платёжное поручение № 1\n');
    const sigFile = join(dir, 'message.sig');
    openssl(['dgst', '-engine', 'gost', '-md_gost12_256', '-sign', k.key, '-out', sigFile, data]);
    // the digest exactly as Streebog's byte output (what src/crypto/gost/streebog.ts will return)
    const digest = opensslBytes(['dgst', '-engine', 'gost', '-md_gost12_256', '-binary', data]);
    expect(digest.length).toBe(32);
    expect(verifyDigest(curve, { x: k.x, y: k.y }, digest, decodeSignature(curve, readFileSync(sigFile)))).toBe(true);
  });
});
