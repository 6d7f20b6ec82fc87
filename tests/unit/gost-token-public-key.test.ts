/**
 * GOST public keys in the token layer's shape (CKA_VALUE + CKA_GOSTR3410_PARAMS): the point, the
 * SubjectPublicKeyInfo (RFC 9215) and back, CKA_ID, and OpenSSL's gost engine reading a 512-bit
 * SPKI (no token here has 512-bit keys, so the key is made in software).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oid } from '../../src/crypto/der.ts';
import { GOST_CURVES } from '../../src/crypto/gost/curves.ts';
import { encodePublicKey } from '../../src/crypto/gost/encoding.ts';
import { publicKeyOf, randomScalar } from '../../src/crypto/gost/signature.ts';
import { gostPoint, keyIdFor, spkiFromTokenKey, tokenKeyFromSpki, type TokenPublicKey } from '../../src/crypto/pkcs11/public-key.ts';
import { opensslStatus } from '../helpers/openssl.ts';

const pem = (der: Buffer): string => `-----BEGIN PUBLIC KEY-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END PUBLIC KEY-----\n`;

describe('GOST public keys from the token', () => {
  it('a 512-bit key: point, SPKI as OpenSSL writes it (gost/asn1.ts), round trip, CKA_ID, and OpenSSL reads it', () => {
    const curve = GOST_CURVES['tc26-512-a'];
    const Q = publicKeyOf(curve, randomScalar(curve));
    const key: TokenPublicKey = { kind: 'gost', params: oid(curve.oid), value: Buffer.from(encodePublicKey(curve, Q)) };
    expect(gostPoint(key)).toEqual({ curve, point: Q });
    const spki = spkiFromTokenKey(key);
    // the set and the point come back; the digest parameter is written as OpenSSL does (see gost/asn1.ts)
    expect(tokenKeyFromSpki(spki)).toMatchObject({ kind: 'gost', params: key.params, value: key.value });
    expect(keyIdFor(key)).toEqual(createHash('sha1').update(key.value).digest());

    const dir = mkdtempSync(join(tmpdir(), 'gost-spki-'));
    try {
      writeFileSync(join(dir, 'k.pem'), pem(spki));
      const text = opensslStatus(['pkey', '-engine', 'gost', '-pubin', '-in', join(dir, 'k.pem'), '-noout', '-text']);
      expect(text.status).toBe(0);
      expect(text.out).toContain('Parameter set: GOST R 34.10-2012 (512 bit) ParamSet A');
      expect(text.out).toContain(`X:${Q.x.toString(16).toUpperCase()}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an alias OID (TC26 256-B = CryptoPro-A) names the same curve; an unknown set or a point off the curve is refused', () => {
    const curve = GOST_CURVES['cryptopro-a'];
    const Q = publicKeyOf(curve, randomScalar(curve));
    const value = Buffer.from(encodePublicKey(curve, Q));
    expect(gostPoint({ params: oid('1.2.643.7.1.2.1.1.2'), value }).curve).toBe(curve);
    expect(() => gostPoint({ params: oid('1.2.643.2.2.35.9'), value })).toThrow(/1\.2\.643\.2\.2\.35\.9/);
    const off = Buffer.from(value);
    off[0]! ^= 1;
    expect(() => gostPoint({ params: oid(curve.oid), value: off })).toThrow(/not a point/);
  });
});
