/** keyAlgorithm: the spellings the CLI's --algorithm accepts, GOST parameter sets, and the refusal naming the allowed values. */
import { describe, expect, it } from 'vitest';
import { oid } from '../../src/crypto/der.ts';
import { GOST_CURVES } from '../../src/crypto/gost/curves.ts';
import { GOST } from '../../src/crypto/pkcs11/gost-mechanisms.ts';
import {
  KEY_ALGORITHMS,
  algorithmLabel,
  gostAlgorithmFromCurve,
  keyAlgorithm,
  signInput,
  signMechanism,
} from '../../src/crypto/pkcs11/mechanisms.ts';

describe('keyAlgorithm', () => {
  it.each([
    ['ec-p256', 'ec-p256'],
    ['rsa-3072', 'rsa-3072'],
    ['gost2012-256', 'gost2012-256:cryptopro-a'],
    ['gost2012-256:cryptopro-a', 'gost2012-256:cryptopro-a'],
    ['GOST2012-256:CryptoPro-B', 'gost2012-256:cryptopro-b'],
    ['gost2012-256:cryptopro-c', 'gost2012-256:cryptopro-c'],
    ['gost2012-256:tc26-256-a', 'gost2012-256:tc26-256-a'],
    ['gost2012-512', 'gost2012-512:tc26-512-a'],
    ['gost2012-512:tc26-512-b', 'gost2012-512:tc26-512-b'],
    [' gost2012-512:TC26-512-C ', 'gost2012-512:tc26-512-c'],
  ])('%s -> %s', (input, expected) => {
    expect(keyAlgorithm(input)).toBe(expected);
  });

  it.each(['gost2012-256:tc26-512-a', 'gost2012-512:cryptopro-a', 'gost2012-256:test-256', 'gost2012-1024', 'gost2001', 'ec-p521', '', 'gost2012-256:'])(
    'refuses %j, naming the allowed values',
    (input) => {
      expect(() => keyAlgorithm(input)).toThrow(
        `Unknown algorithm "${input}". Use one of: ec-p256, ec-p384, rsa-2048, rsa-3072, gost2012-256[:cryptopro-a|cryptopro-b|cryptopro-c|tc26-256-a], gost2012-512[:tc26-512-a|tc26-512-b|tc26-512-c].`,
      );
    },
  );

  it('refuses with code algorithm.unknown (a TokenError)', () => {
    expect(() => keyAlgorithm('gost')).toThrow(expect.objectContaining({ name: 'TokenError', code: 'algorithm.unknown' }) as Error);
  });
});

describe('GOST key specs', () => {
  it('carry the curve, CKA_GOSTR3410_PARAMS (its OID) and CKA_GOSTR3411_PARAMS (Streebog of the key size)', () => {
    expect(KEY_ALGORITHMS['gost2012-256:cryptopro-a']).toMatchObject({
      kind: 'gost',
      bits: 256,
      curve: GOST_CURVES['cryptopro-a'],
      paramsDer: oid('1.2.643.2.2.35.1'),
      hashParamsDer: oid('1.2.643.7.1.1.2.2'),
    });
    expect(KEY_ALGORITHMS['gost2012-256:tc26-256-a']).toMatchObject({ paramsDer: oid('1.2.643.7.1.2.1.1.1'), hashParamsDer: oid('1.2.643.7.1.1.2.2') });
    expect(KEY_ALGORITHMS['gost2012-512:tc26-512-b']).toMatchObject({ bits: 512, paramsDer: oid('1.2.643.7.1.2.1.2.2'), hashParamsDer: oid('1.2.643.7.1.1.2.3') });
    for (const spec of Object.values(KEY_ALGORITHMS)) if (spec.kind === 'gost') expect(spec.curve.bits).toBe(spec.bits);
  });

  it('name the algorithm of a curve read from a token, and label it for listings', () => {
    expect(gostAlgorithmFromCurve(GOST_CURVES['cryptopro-c'])).toBe('gost2012-256:cryptopro-c');
    expect(gostAlgorithmFromCurve(GOST_CURVES['test-256'])).toBeUndefined();
    expect(algorithmLabel('gost2012-256:cryptopro-a')).toBe('gost2012-256 (CryptoPro-A)');
    expect(algorithmLabel('gost2012-256:tc26-256-a')).toBe('gost2012-256 (TC26-256-A)');
    expect(algorithmLabel('gost2012-512:tc26-512-c')).toBe('gost2012-512 (TC26-512-C)');
    expect(algorithmLabel('ec-p256')).toBe('ec-p256');
  });
});

describe('GOST sign mechanisms', () => {
  it('raw GOST signs the Streebog digest with CKM_GOSTR3410 (256) or TC26 CKM_GOSTR3410_512; the combined TC26 ones take the message', () => {
    expect(signMechanism('gost', 'STREEBOG-256')).toEqual({ mechanism: GOST.CKM_GOSTR3410.value });
    expect(signMechanism('gost', 'STREEBOG-512')).toEqual({ mechanism: GOST.CKM_GOSTR3410_512.value });
    expect(signMechanism('gost-hash-on-token', 'STREEBOG-256')).toEqual({ mechanism: GOST.CKM_GOSTR3410_WITH_GOSTR3411_12_256.value });
    expect(signMechanism('gost-hash-on-token', 'STREEBOG-512')).toEqual({ mechanism: GOST.CKM_GOSTR3410_WITH_GOSTR3411_12_512.value });
    const data = Buffer.alloc(32, 7);
    expect(signInput('gost', 'STREEBOG-256', data)).toBe(data);
    expect(() => signMechanism('gost', 'SHA-256')).toThrow(/gost with SHA-256/);
    expect(() => signInput('rsa-pkcs1', 'STREEBOG-256', data)).toThrow(/RSA PKCS#1 with STREEBOG-256/);
  });
});
