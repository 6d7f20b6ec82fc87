import { describe, expect, it } from 'vitest';
import pkcs11 from 'pkcs11js';
import { pinStateFromFlags } from '../../src/crypto/pkcs11/pin-state.ts';
import { ckrName, toTokenError, TokenError } from '../../src/crypto/pkcs11/errors.ts';

describe('PIN state from token flags', () => {
  it('decodes each counter state, worst first', () => {
    expect(pinStateFromFlags(0).user).toBe('ok');
    expect(pinStateFromFlags(pkcs11.CKF_USER_PIN_COUNT_LOW).user).toBe('count-low');
    expect(pinStateFromFlags(pkcs11.CKF_USER_PIN_COUNT_LOW | pkcs11.CKF_USER_PIN_FINAL_TRY).user).toBe('final-try');
    expect(pinStateFromFlags(pkcs11.CKF_USER_PIN_FINAL_TRY | pkcs11.CKF_USER_PIN_LOCKED).user).toBe('locked');
    expect(pinStateFromFlags(pkcs11.CKF_SO_PIN_LOCKED)).toMatchObject({ user: 'ok', so: 'locked' });
    expect(pinStateFromFlags(pkcs11.CKF_USER_PIN_TO_BE_CHANGED).userMustChange).toBe(true);
  });
});

describe('PKCS#11 errors users can meet', () => {
  const native = (code: number): Error => Object.assign(new Error(ckrName(code)), { code });

  it.each([
    [pkcs11.CKR_PIN_LOCKED, 'pin.locked', 'The PIN is locked after too many wrong tries. The security officer can unblock it with the SO PIN.', 'PIN-код заблокирован'],
    [pkcs11.CKR_DEVICE_REMOVED, 'token.removed', 'The token was removed during the operation. Insert it again and repeat.', 'Токен извлечён'],
    [pkcs11.CKR_TOKEN_NOT_PRESENT, 'token.removed', 'The token was removed during the operation. Insert it again and repeat.', 'Токен извлечён'],
    [pkcs11.CKR_MECHANISM_INVALID, 'mechanism.unsupported', 'The token does not support CKM_ECDSA.', 'не поддерживает механизм CKM_ECDSA'],
    [pkcs11.CKR_KEY_HANDLE_INVALID, 'key.invalid', 'The token refused the key for this operation.', 'отказался'],
    [pkcs11.CKR_PIN_EXPIRED, 'pin.expired', 'The PIN has expired and must be changed before use.', 'истёк'],
    [pkcs11.CKR_KEY_SIZE_RANGE, 'mechanism.unsupported', 'The token does not support CKM_ECDSA.', 'не поддерживает механизм'],
    [pkcs11.CKR_DEVICE_ERROR, 'token.device-error', 'The token failed in C_SignInit (CKR_DEVICE_ERROR). Take it out, insert it again and repeat; if it keeps failing, it may be damaged.', 'Сбой токена'],
    [pkcs11.CKR_TEMPLATE_INCONSISTENT, 'token.template-refused', "The token refused the object's attributes in C_SignInit (CKR_TEMPLATE_INCONSISTENT); it may not support this kind of key or certificate.", 'отклонил атрибуты'],
  ])('CKR 0x%s becomes %s with a message in English and Russian', (code, key, en, ru) => {
    const e = toTokenError(native(code), 'C_SignInit', { mechanism: 'CKM_ECDSA' }) as TokenError;
    expect(e).toBeInstanceOf(TokenError);
    expect(e.code).toBe(key);
    expect(e.message).toBe(en);
    expect(e.localized('ru')).toContain(ru);
    expect(e.ckr).toBe(ckrName(code));
  });

  it('says how many tries the token reports for a wrong PIN', () => {
    const err = (state: string) => new TokenError('pin.incorrect', { state });
    expect(err('final-try').message).toBe('Wrong PIN. The token reports one try left before the PIN locks.');
    expect(err('final-try').localized('ru')).toBe('Неверный PIN-код. Токен сообщает: осталась одна попытка до блокировки PIN-кода.');
    expect(err('ok').message).toBe('Wrong PIN. The token does not report how many tries are left.');
  });

  it('keeps an unknown return value readable', () => {
    expect(ckrName(0x12345)).toBe('CKR_0x12345');
    const e = toTokenError(native(0x12345), 'C_Sign') as TokenError;
    expect(e.message).toBe('The token reported an error in C_Sign: CKR_0x12345.');
  });
});
