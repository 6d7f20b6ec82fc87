/**
 * The key algorithm the page sends for enrolment and renewal: RSA, EC and GOST R 34.10-2012 with
 * its parameter set go through the gate, anything else is refused with the field named before a
 * handler runs; every choice is one the token layer can generate; which a token offers comes from
 * its mechanism list; and every choice has words in both languages.
 */
import pkcs11 from 'pkcs11js';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../src/main/app-services/dispatch.ts';
import type { Handlers } from '../../src/main/app-services/index.ts';
import { keyAlgorithmsFor } from '../../src/main/tokens/key-algorithms.ts';
import { GOST, KEY_ALGORITHMS } from '../../src/crypto/pkcs11/index.ts';
import { keyAlgorithmWords } from '../../src/shared/i18n/key-algorithm.ts';
import { certificatesChannels, KEY_ALGORITHM_CHOICES, KeyAlgorithmChoice } from '../../src/shared/ipc/areas/certificates.ts';

const SUBJECT = { company: 'ООО «Ромашка»', inn: '7707083893', name: 'Петров Пётр' };
const request = (algorithm: unknown) => ({ token: 'T1', pin: '1234', algorithm, keyLabel: 'k', subject: SUBJECT });
const renewal = (algorithm: unknown) => ({ token: 'T1', pin: '1234', key: 'old', algorithm, newKeyLabel: 'k2' });

function recording() {
  const calls: unknown[] = [];
  const h = {
    'certificates.request': (input: unknown) => {
      calls.push(input);
      return { requestId: '00000000-0000-4000-8000-000000000000', key: { id: 'aa', label: 'k', algorithm: 'x' }, subject: 's', csrPem: 'p', fingerprint: 'f' };
    },
    'certificates.renew': (input: unknown) => {
      calls.push(input);
      return { subject: 's', issuer: 'i', serialNumber: '01', notBefore: 'a', notAfter: 'b', sha256: 'c', keyUsage: [], isCa: false };
    },
  } as unknown as Handlers;
  return { h, calls };
}

describe('KeyAlgorithmChoice', () => {
  it('accepts RSA, EC and every GOST R 34.10-2012 parameter set, through the gate, for enrolment and renewal', async () => {
    expect(KEY_ALGORITHM_CHOICES).toContain('gost2012-256:cryptopro-a');
    expect(KEY_ALGORITHM_CHOICES).toContain('gost2012-512:tc26-512-b');
    for (const a of KEY_ALGORITHM_CHOICES) {
      const { h, calls } = recording();
      expect((await dispatch(h, 'certificates.request', request(a))).ok, a).toBe(true);
      expect((await dispatch(h, 'certificates.renew', renewal(a))).ok, a).toBe(true);
      expect(calls.map((c) => (c as { algorithm: string }).algorithm)).toEqual([a, a]);
    }
  });

  it('refuses a GOST name without its parameter set, an unknown set, another case and nonsense, naming the field, before the handler runs', async () => {
    for (const bad of ['gost2012-256', 'gost2012-256:cryptopro-z', 'gost2012-512:cryptopro-a', 'GOST2012-256:CRYPTOPRO-A', 'gost2001', 'ec-p384', '', 42, null]) {
      const { h, calls } = recording();
      for (const [channel, input] of [
        ['certificates.request', request(bad)],
        ['certificates.renew', renewal(bad)],
      ] as const) {
        const r = await dispatch(h, channel, input);
        expect(r.ok, `${channel} ${String(bad)}`).toBe(false);
        if (r.ok) continue;
        expect(r.error).toMatchObject({ code: 'validation-failed', field: 'algorithm' });
      }
      expect(calls).toEqual([]);
      expect(KeyAlgorithmChoice.safeParse(bad).success).toBe(false);
    }
  });

  it('is in the token information the page gets, and the schema refuses one it does not know there', () => {
    const token = { label: 'T', serial: '1', model: 'm', manufacturer: 'x', pin: { user: 'ok', userMustChange: false, userInitialized: true, so: 'ok', soMustChange: false }, pinLength: { min: 4, max: 8 } };
    const out = certificatesChannels['certificates.tokens'].output;
    expect(out.safeParse([{ ...token, algorithms: ['ec-p256', 'gost2012-256:cryptopro-a'] }]).success).toBe(true);
    expect(out.safeParse([{ ...token, algorithms: ['gost2012-1024'] }]).success).toBe(false);
    expect(out.safeParse([token]).success).toBe(false);
  });

  it('names only algorithms the token layer can generate', () => {
    for (const a of KEY_ALGORITHM_CHOICES) expect(Object.keys(KEY_ALGORITHMS), a).toContain(a);
  });
});

describe('what a token offers, from its mechanism list', () => {
  const m = (...names: (keyof typeof GOST)[]) => names.map((n) => GOST[n].value);
  const vendor = { manufacturer: 'Aktiv Co.' };

  it('RSA and EC by their key-pair generators, GOST by gostOffers: 256 bits with every 256-bit set, 512 with every 512-bit set', () => {
    expect(keyAlgorithmsFor([pkcs11.CKM_EC_KEY_PAIR_GEN], vendor)).toEqual(['ec-p256']);
    expect(keyAlgorithmsFor([pkcs11.CKM_RSA_PKCS_KEY_PAIR_GEN, pkcs11.CKM_EC_KEY_PAIR_GEN], vendor)).toEqual(['ec-p256', 'rsa-2048']);
    expect(keyAlgorithmsFor(m('CKM_GOSTR3410_KEY_PAIR_GEN', 'CKM_GOSTR3410'), vendor)).toEqual(['gost2012-256:cryptopro-a', 'gost2012-256:cryptopro-b', 'gost2012-256:cryptopro-c', 'gost2012-256:tc26-256-a']);
    expect(keyAlgorithmsFor(m('CKM_GOSTR3410_512_KEY_PAIR_GEN', 'CKM_GOSTR3410_WITH_GOSTR3411_12_512'), vendor)).toEqual(['gost2012-512:tc26-512-a', 'gost2012-512:tc26-512-b', 'gost2012-512:tc26-512-c']);
    // generation without a signing mechanism, or signing only with GOST R 34.11-94: nothing
    expect(keyAlgorithmsFor(m('CKM_GOSTR3410_KEY_PAIR_GEN', 'CKM_GOSTR3410_WITH_GOSTR3411'), vendor)).toEqual([]);
    expect(keyAlgorithmsFor([], vendor)).toEqual([]);
  });

  it('SoftHSM, which generates CryptoPro A only, is offered CryptoPro A only', () => {
    const mechs = [pkcs11.CKM_EC_KEY_PAIR_GEN, ...m('CKM_GOSTR3410_KEY_PAIR_GEN', 'CKM_GOSTR3410')];
    expect(keyAlgorithmsFor(mechs, { manufacturer: 'SoftHSM project' })).toEqual(['ec-p256', 'gost2012-256:cryptopro-a']);
  });
});

describe('algorithms in words', () => {
  it('names every choice in Russian and English, GOST with its size and parameter set', () => {
    expect(keyAlgorithmWords('ru', 'gost2012-256:cryptopro-a')).toBe('ГОСТ Р 34.10-2012, 256 бит (CryptoPro A)');
    expect(keyAlgorithmWords('en', 'gost2012-256:cryptopro-a')).toBe('GOST R 34.10-2012, 256-bit (CryptoPro A)');
    expect(keyAlgorithmWords('ru', 'gost2012-512:tc26-512-b')).toBe('ГОСТ Р 34.10-2012, 512 бит (ТК 26 B)');
    expect(keyAlgorithmWords('en', 'gost2012-512:tc26-512-c')).toBe('GOST R 34.10-2012, 512-bit (TC 26 C)');
    expect(keyAlgorithmWords('en', 'ec-p256')).toBe('ECDSA P-256');
    for (const a of KEY_ALGORITHM_CHOICES) {
      for (const locale of ['ru', 'en'] as const) {
        const words = keyAlgorithmWords(locale, a);
        expect(words, a).not.toContain(':');
        expect(words, a).not.toMatch(/gost|cryptopro-|tc26-/);
      }
    }
    // a name it does not know stays as it is
    expect(keyAlgorithmWords('ru', 'ECDSA P-384')).toBe('ECDSA P-384');
    expect(keyAlgorithmWords('ru', 'gost2012-256:unknown-set')).toBe('gost2012-256:unknown-set');
  });
});
