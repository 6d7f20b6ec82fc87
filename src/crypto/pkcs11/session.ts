import pkcs11 from 'pkcs11js';
import { TokenError, ckrOf, toTokenError } from './errors.ts';
import type { Pkcs11Module, TokenInfo } from './module.ts';
import type { OperationQueue } from './operation-queue.ts';
import type { PinState } from './pin-state.ts';

/**
 * A PIN as handed over by a prompt or the environment. A Buffer is zeroed right after use;
 * a string cannot be wiped in JavaScript, so callers should prefer Buffers and drop references.
 */
export type Pin = Buffer | string;

/** Zeroes PIN buffers; strings cannot be wiped, only dropped. */
export function dropPins(...pins: (Pin | undefined)[]): void {
  for (const pin of pins) if (Buffer.isBuffer(pin)) pin.fill(0);
}

function withPin<T>(pin: Pin, use: (text: string) => T): T {
  try {
    // pkcs11js takes the PIN as a string: this copy is dropped as soon as the call returns
    return use(typeof pin === 'string' ? pin : pin.toString('utf8'));
  } finally {
    dropPins(pin);
  }
}

/**
 * A read-write session on one token. Every call goes through the token's queue, so a token is
 * asked to do one thing at a time even when several sessions or callers share it.
 */
export class TokenSession {
  readonly handle: Buffer;
  readonly queue: OperationQueue;
  private closed = false;
  loggedIn: 'user' | 'so' | false = false;

  constructor(
    readonly module: Pkcs11Module,
    readonly token: TokenInfo,
  ) {
    try {
      this.handle = module.lib.C_OpenSession(token.slot, pkcs11.CKF_SERIAL_SESSION | pkcs11.CKF_RW_SESSION);
    } catch (e) {
      throw toTokenError(e, 'C_OpenSession');
    }
    module.openSessions++;
    this.queue = module.queueFor(token);
  }

  get lib(): pkcs11.PKCS11 {
    return this.module.lib;
  }

  /** The token's PIN state as it reports it now. */
  pinState(): PinState {
    const info = this.module.tokenInfo(this.token.slot);
    if (!info) throw new TokenError('token.removed', {}, 'CKR_TOKEN_NOT_PRESENT');
    return info.pin;
  }

  /** Logs in as the user. A wrong PIN's error carries the PIN state the token reports after it. */
  login(pin: Pin): Promise<void> {
    return this.loginAs(pkcs11.CKU_USER, pin);
  }

  /** Logs in as the security officer (for unblocking the user PIN). */
  loginSo(soPin: Pin): Promise<void> {
    return this.loginAs(pkcs11.CKU_SO, soPin);
  }

  private loginAs(userType: number, pin: Pin): Promise<void> {
    const so = userType === pkcs11.CKU_SO;
    return this.queue.run(() => {
      try {
        withPin(pin, (text) => {
          try {
            this.lib.C_Login(this.handle, userType, text);
          } catch (e) {
            // Logged in already (by another session of this process): that proves nothing about
            // this PIN, so log out and check it. Callers serialise logins per token.
            if (ckrOf(e) !== 'CKR_USER_ALREADY_LOGGED_IN') throw e;
            this.lib.C_Logout(this.handle);
            this.lib.C_Login(this.handle, userType, text);
          }
        });
        this.loggedIn = so ? 'so' : 'user';
      } catch (e) {
        const ckr = ckrOf(e);
        if (ckr === 'CKR_PIN_INCORRECT') {
          const state = this.pinStateAfterFailure(so);
          if (state === 'locked') throw new TokenError(so ? 'pin.so-locked' : 'pin.locked', {}, ckr, { cause: e });
          throw new TokenError(so ? 'pin.so-incorrect' : 'pin.incorrect', { state }, ckr, { cause: e });
        }
        if (ckr === 'CKR_PIN_LOCKED' && so) throw new TokenError('pin.so-locked', {}, ckr, { cause: e });
        throw toTokenError(e, 'C_Login');
      }
    });
  }

  private pinStateAfterFailure(so: boolean): string {
    try {
      const state = this.pinState();
      return so ? state.so : state.user;
    } catch {
      return 'unknown';
    }
  }

  logout(): Promise<void> {
    return this.queue.run(() => {
      if (!this.loggedIn) return;
      try {
        this.lib.C_Logout(this.handle);
      } catch (e) {
        if (ckrOf(e) !== 'CKR_USER_NOT_LOGGED_IN') throw toTokenError(e, 'C_Logout');
      }
      this.loggedIn = false;
    });
  }

  /** Changes the PIN of whoever is logged in (the user, or the SO for the SO PIN). */
  changePin(oldPin: Pin, newPin: Pin): Promise<void> {
    return this.queue.run(() => {
      try {
        withPin(oldPin, (o) => withPin(newPin, (n) => this.lib.C_SetPIN(this.handle, o, n)));
      } catch (e) {
        if (ckrOf(e) === 'CKR_PIN_INCORRECT') {
          throw new TokenError('pin.incorrect', { state: this.pinStateAfterFailure(false) }, 'CKR_PIN_INCORRECT', { cause: e });
        }
        throw toTokenError(e, 'C_SetPIN');
      }
    });
  }

  /** Sets a new user PIN while logged in as SO: unblocks a locked PIN or replaces a forgotten one. */
  initUserPin(newPin: Pin): Promise<void> {
    return this.queue.run(() => {
      try {
        withPin(newPin, (n) => this.lib.C_InitPIN(this.handle, n));
      } catch (e) {
        throw toTokenError(e, 'C_InitPIN');
      }
    });
  }

  /** Runs `op` as this token's only operation, mapping PKCS#11 failures to TokenErrors (`context`: e.g. the mechanism). */
  run<T>(fn: string, op: () => Promise<T> | T, context: Record<string, string> = {}): Promise<T> {
    return this.queue.run(async () => {
      try {
        return await op();
      } catch (e) {
        throw toTokenError(e, fn, context);
      }
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.module.openSessions--;
    try {
      this.lib.C_CloseSession(this.handle);
    } catch {
      // the token may be gone; the session is gone with it
    }
  }
}
