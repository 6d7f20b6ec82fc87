/**
 * Which GOST mechanism signGost uses, with a stand-in token (no real token has only the TC26
 * combined mechanism here): raw CKM_GOSTR3410 over Streebog computed here when the token has it,
 * else CKM_GOSTR3410_WITH_GOSTR3411_12_256 over the message; refused in words with neither.
 */
import { describe, expect, it } from 'vitest';
import type pkcs11 from 'pkcs11js';
import { oid } from '../../src/crypto/der.ts';
import { streebog256 } from '../../src/crypto/gost/streebog.ts';
import { GOST } from '../../src/crypto/pkcs11/gost-mechanisms.ts';
import { gostSchemeFor, signGost, type TokenKey } from '../../src/crypto/pkcs11/keys.ts';
import type { TokenSession } from '../../src/crypto/pkcs11/session.ts';

function fakeSession(mechanisms: number[]): { session: TokenSession; calls: { mechanism: number; input: Buffer }[] } {
  const calls: { mechanism: number; input: Buffer }[] = [];
  let current = 0;
  const session = {
    token: { label: 'Fake', serial: '1', slot: Buffer.alloc(8) },
    handle: Buffer.alloc(8),
    module: { mechanisms: () => mechanisms, choice: { path: '/fake/libtoken.so' } },
    lib: {
      C_SignInit: (_s: Buffer, m: pkcs11.Mechanism) => void (current = m.mechanism),
      C_SignAsync: (_s: Buffer, input: Buffer) => {
        calls.push({ mechanism: current, input });
        return Promise.resolve(Buffer.alloc(64, 1));
      },
    },
    run: <T>(_fn: string, body: () => T) => Promise.resolve(body()),
  } as unknown as TokenSession;
  return { session, calls };
}

const key = {
  id: 'aa',
  label: 'g',
  algorithm: 'gost2012-256:cryptopro-a',
  publicKey: { kind: 'gost', params: oid('1.2.643.2.2.35.1'), value: Buffer.alloc(64) },
  spki: Buffer.alloc(0),
  privateKey: Buffer.alloc(8),
} as TokenKey;

const message = Buffer.from('Платёжное поручение № 1');

describe('GOST signing mechanism choice', () => {
  it('raw CKM_GOSTR3410 over the Streebog-256 digest when the token has it (even beside the combined one)', async () => {
    const { session, calls } = fakeSession([GOST.CKM_GOSTR3410_KEY_PAIR_GEN.value, GOST.CKM_GOSTR3410.value, GOST.CKM_GOSTR3410_WITH_GOSTR3411_12_256.value]);
    expect(gostSchemeFor(session, key)).toBe('gost');
    await signGost(session, key, message);
    expect(calls).toEqual([{ mechanism: GOST.CKM_GOSTR3410.value, input: Buffer.from(streebog256(message)) }]);
  });

  it('the TC26 combined mechanism over the message itself when the token has no raw one', async () => {
    const { session, calls } = fakeSession([GOST.CKM_GOSTR3410_KEY_PAIR_GEN.value, GOST.CKM_GOSTR3410_WITH_GOSTR3411_12_256.value]);
    expect(gostSchemeFor(session, key)).toBe('gost-hash-on-token');
    await signGost(session, key, message);
    expect(calls).toEqual([{ mechanism: GOST.CKM_GOSTR3410_WITH_GOSTR3411_12_256.value, input: message }]);
  });

  it('refuses in words a token with only the GOST R 34.11-94 combined mechanism', async () => {
    const { session, calls } = fakeSession([GOST.CKM_GOSTR3410_KEY_PAIR_GEN.value, GOST.CKM_GOSTR3410_WITH_GOSTR3411.value]);
    await expect(signGost(session, key, message)).rejects.toThrow(
      'Token Fake cannot sign with its gost2012-256 (CryptoPro-A) key: it does not offer the GOST R 34.10-2012 signing mechanisms for it (it offers: none).',
    );
    expect(calls).toEqual([]);
  });
});
