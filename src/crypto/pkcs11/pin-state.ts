import pkcs11 from 'pkcs11js';

/** What a token says about a PIN's retry counter. PKCS#11 gives flags, not a number. */
export type PinCounter = 'ok' | 'count-low' | 'final-try' | 'locked';

export interface PinState {
  user: PinCounter;
  userMustChange: boolean;
  userInitialized: boolean;
  so: PinCounter;
  soMustChange: boolean;
}

function counter(flags: number, low: number, final: number, locked: number): PinCounter {
  if (flags & locked) return 'locked';
  if (flags & final) return 'final-try';
  if (flags & low) return 'count-low';
  return 'ok';
}

/** Decodes CK_TOKEN_INFO.flags into the PIN state shown before and after each login. */
export function pinStateFromFlags(flags: number): PinState {
  return {
    user: counter(flags, pkcs11.CKF_USER_PIN_COUNT_LOW, pkcs11.CKF_USER_PIN_FINAL_TRY, pkcs11.CKF_USER_PIN_LOCKED),
    userMustChange: (flags & pkcs11.CKF_USER_PIN_TO_BE_CHANGED) !== 0,
    userInitialized: (flags & pkcs11.CKF_USER_PIN_INITIALIZED) !== 0,
    so: counter(flags, pkcs11.CKF_SO_PIN_COUNT_LOW, pkcs11.CKF_SO_PIN_FINAL_TRY, pkcs11.CKF_SO_PIN_LOCKED),
    soMustChange: (flags & pkcs11.CKF_SO_PIN_TO_BE_CHANGED) !== 0,
  };
}

const TOKEN_FLAG_NAMES = [
  'CKF_RNG',
  'CKF_WRITE_PROTECTED',
  'CKF_LOGIN_REQUIRED',
  'CKF_USER_PIN_INITIALIZED',
  'CKF_RESTORE_KEY_NOT_NEEDED',
  'CKF_CLOCK_ON_TOKEN',
  'CKF_PROTECTED_AUTHENTICATION_PATH',
  'CKF_DUAL_CRYPTO_OPERATIONS',
  'CKF_TOKEN_INITIALIZED',
  'CKF_USER_PIN_COUNT_LOW',
  'CKF_USER_PIN_FINAL_TRY',
  'CKF_USER_PIN_LOCKED',
  'CKF_USER_PIN_TO_BE_CHANGED',
  'CKF_SO_PIN_COUNT_LOW',
  'CKF_SO_PIN_FINAL_TRY',
  'CKF_SO_PIN_LOCKED',
  'CKF_SO_PIN_TO_BE_CHANGED',
] as const;

/** The names of the flags set, for `token info` and support. */
export function tokenFlagNames(flags: number): string[] {
  const table = pkcs11 as unknown as Record<string, number>;
  return TOKEN_FLAG_NAMES.filter((n) => (flags & (table[n] ?? 0)) !== 0).map((n) => n.slice(4).toLowerCase());
}
