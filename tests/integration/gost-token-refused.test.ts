/**
 * Debian's own SoftHSM2 has no GOST: asking our token layer for a GOST key there is refused in
 * words (the token and the algorithm named) before anything is generated.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pkcs11Module, TokenSession, generateKey, listKeys } from '../../src/crypto/pkcs11/index.ts';
import { SoftHsm, SOFTHSM_MODULE, type TestToken } from '../helpers/softhsm.ts';

let hsm: SoftHsm;
let token: TestToken;
let mod: Pkcs11Module;

beforeAll(() => {
  hsm = new SoftHsm('gost-refused');
  token = hsm.initTestToken('PlainToken');
  mod = Pkcs11Module.open(SOFTHSM_MODULE);
});
afterAll(() => hsm.cleanup());

describe('GOST on a token without GOST', () => {
  it('refuses gost2012-256 with a message naming the token and the algorithm, in English and Russian', async () => {
    const s = new TokenSession(mod, mod.findToken(token.serial));
    try {
      await s.login(token.pin);
      const err = await generateKey(s, 'gost2012-256:cryptopro-a', 'gost').then(
        () => expect.fail('a GOST key was generated on plain SoftHSM'),
        (e: unknown) => e as Error & { code: string; localized(locale: 'ru' | 'en'): string },
      );
      expect(err.code).toBe('mechanism.gost-unavailable');
      expect(err.message).toBe(
        `Token PlainToken cannot make gost2012-256 (CryptoPro-A) keys: it does not offer the GOST R 34.10-2012 mechanisms for them (it offers: none). Use a token with GOST support or another algorithm; if this token has GOST, check that ${mod.choice.path} is its module (--module PATH).`,
      );
      expect(err.localized('ru')).toBe(
        `Токен PlainToken не умеет создавать ключи gost2012-256 (CryptoPro-A): в нём нет механизмов ГОСТ Р 34.10-2012 для них (есть: никаких). Используйте токен с поддержкой ГОСТ или другой алгоритм; если ГОСТ в токене есть, проверьте, что ${mod.choice.path} — его модуль (--module ПУТЬ).`,
      );
      expect((await listKeys(s)).length).toBe(0);
    } finally {
      s.close();
    }
  });
});
