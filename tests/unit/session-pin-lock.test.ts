import { describe, expect, it } from 'vitest';
import pkcs11 from 'pkcs11js';
import { TokenSession } from '../../src/crypto/pkcs11/session.ts';
import { OperationQueue } from '../../src/crypto/pkcs11/operation-queue.ts';
import { pinStateFromFlags } from '../../src/crypto/pkcs11/pin-state.ts';
import type { Pkcs11Module, TokenInfo } from '../../src/crypto/pkcs11/module.ts';

/**
 * A token that counts PIN tries down and locks, as USB tokens do. SoftHSM2 never locks a PIN
 * (it only raises CKF_USER_PIN_COUNT_LOW), so this one stand-in plays the token's side of
 * C_Login; the session code under test is the real one.
 */
function lockingToken(pin: string, tries = 3) {
  let left = tries;
  const flags = (): number =>
    left === 0 ? pkcs11.CKF_USER_PIN_LOCKED : left === 1 ? pkcs11.CKF_USER_PIN_FINAL_TRY | pkcs11.CKF_USER_PIN_COUNT_LOW : left < tries ? pkcs11.CKF_USER_PIN_COUNT_LOW : 0;
  const fail = (code: number): never => {
    throw Object.assign(new Error(code === pkcs11.CKR_PIN_LOCKED ? 'CKR_PIN_LOCKED' : 'CKR_PIN_INCORRECT'), { code });
  };
  const lib = {
    C_OpenSession: () => Buffer.from([1]),
    C_CloseSession: () => undefined,
    C_Login: (_s: Buffer, _type: number, given: string) => {
      if (left === 0) fail(pkcs11.CKR_PIN_LOCKED);
      if (given !== pin) {
        left--;
        fail(pkcs11.CKR_PIN_INCORRECT);
      }
      left = tries;
    },
    C_InitPIN: (_s: Buffer, newPin: string) => {
      pin = newPin;
      left = tries;
    },
  };
  const module = {
    lib,
    openSessions: 0,
    queueFor: () => new OperationQueue(),
    tokenInfo: () => ({ pin: pinStateFromFlags(flags()) }),
  } as unknown as Pkcs11Module;
  return new TokenSession(module, { slot: Buffer.from([0]), label: 'Rutoken', serial: '1' } as TokenInfo);
}

describe('a token that locks its PIN', () => {
  it('says how many tries the token reports left, then that the PIN is locked, and the SO PIN unblocks it', async () => {
    const session = lockingToken('1234');
    expect(session.pinState().user).toBe('ok');
    await expect(session.login('0000')).rejects.toThrow('Wrong PIN. The token reports that few tries are left before the PIN locks.');
    await expect(session.login(Buffer.from('0001'))).rejects.toThrow('Wrong PIN. The token reports one try left before the PIN locks.');
    await expect(session.login('0002')).rejects.toMatchObject({ code: 'pin.locked' });
    await expect(session.login('0003')).rejects.toThrow('The PIN is locked after too many wrong tries. The security officer can unblock it with the SO PIN.');
    // even the right PIN is refused now, with the same clear message
    await expect(session.login('1234')).rejects.toMatchObject({ code: 'pin.locked' });
    expect(session.pinState().user).toBe('locked');
    await session.initUserPin('5678');
    await session.login('5678');
    expect(session.pinState().user).toBe('ok');
  });

  it('zeroes a PIN given as a buffer, whether the login succeeds or fails', async () => {
    const session = lockingToken('1234');
    const wrong = Buffer.from('9999');
    await session.login(wrong).catch(() => undefined);
    const right = Buffer.from('1234');
    await session.login(right);
    expect([...wrong, ...right].every((b) => b === 0)).toBe(true);
  });
});

describe('one operation at a time per token', () => {
  it('never runs two queued operations at once, keeps their order, and goes on after a failure', async () => {
    const queue = new OperationQueue();
    let active = 0;
    let maxActive = 0;
    const order: number[] = [];
    const op = (n: number, fail = false) => async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise((r) => setTimeout(r, 2 + (n % 3)));
      order.push(n);
      active--;
      if (fail) throw new Error(`op ${n} failed`);
      return n;
    };
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, n) => queue.run(op(n, n === 7))));
    expect(maxActive).toBe(1);
    expect(order).toEqual(Array.from({ length: 20 }, (_, n) => n));
    expect(results[7]).toMatchObject({ status: 'rejected' });
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(19);
    expect(queue.size).toBe(0);
  });
});
