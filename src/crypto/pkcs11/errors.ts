import pkcs11 from 'pkcs11js';
import { LocalizedError, type MessageKey, type MessageParams } from '../../shared/i18n/index.ts';

/**
 * A failure of the token layer. `ckr` keeps the PKCS#11 return value's name (CKR_PIN_INCORRECT)
 * for logs and support; the message never contains a PIN, since no PIN is ever passed in.
 */
export class TokenError extends LocalizedError {
  constructor(
    code: MessageKey,
    params: MessageParams = {},
    readonly ckr?: string,
    options?: { cause?: unknown },
  ) {
    super(code, params, options);
    this.name = 'TokenError';
  }
}

/** The CKR_* codes a user can meet, and what each means for them. */
const USER_FACING: Record<string, MessageKey> = {
  CKR_PIN_INCORRECT: 'pin.incorrect',
  CKR_PIN_LOCKED: 'pin.locked',
  CKR_PIN_EXPIRED: 'pin.expired',
  CKR_PIN_INVALID: 'pin.invalid',
  CKR_PIN_LEN_RANGE: 'pin.length',
  CKR_USER_NOT_LOGGED_IN: 'token.not-logged-in',
  CKR_USER_ANOTHER_ALREADY_LOGGED_IN: 'pin.already-logged-in',
  CKR_USER_PIN_NOT_INITIALIZED: 'pin.user-not-initialized',
  CKR_DEVICE_REMOVED: 'token.removed',
  CKR_TOKEN_NOT_PRESENT: 'token.removed',
  CKR_SESSION_HANDLE_INVALID: 'token.removed',
  CKR_SESSION_CLOSED: 'token.removed',
  CKR_TOKEN_NOT_RECOGNIZED: 'token.not-recognized',
  CKR_TOKEN_WRITE_PROTECTED: 'token.write-protected',
  CKR_DEVICE_MEMORY: 'token.memory-full',
  CKR_OPERATION_ACTIVE: 'token.busy',
  CKR_SESSION_COUNT: 'token.busy',
  CKR_MECHANISM_INVALID: 'mechanism.unsupported',
  CKR_MECHANISM_PARAM_INVALID: 'mechanism.unsupported',
  CKR_KEY_TYPE_INCONSISTENT: 'key.invalid',
  CKR_KEY_FUNCTION_NOT_PERMITTED: 'key.invalid',
  CKR_KEY_HANDLE_INVALID: 'key.invalid',
  CKR_OBJECT_HANDLE_INVALID: 'key.invalid',
  CKR_KEY_SIZE_RANGE: 'mechanism.unsupported',
  CKR_DOMAIN_PARAMS_INVALID: 'mechanism.unsupported',
  CKR_CURVE_NOT_SUPPORTED: 'mechanism.unsupported',
  CKR_FUNCTION_NOT_SUPPORTED: 'token.function-unsupported',
  CKR_TEMPLATE_INCONSISTENT: 'token.template-refused',
  CKR_TEMPLATE_INCOMPLETE: 'token.template-refused',
  CKR_ATTRIBUTE_VALUE_INVALID: 'token.template-refused',
  CKR_ATTRIBUTE_TYPE_INVALID: 'token.template-refused',
  CKR_DEVICE_ERROR: 'token.device-error',
  CKR_FUNCTION_FAILED: 'token.device-error',
  CKR_SESSION_READ_ONLY: 'token.write-protected',
  CKR_CRYPTOKI_NOT_INITIALIZED: 'module.not-initialized',
};

/** The name of a CKR_* value, e.g. 0xA0 -> CKR_PIN_INCORRECT. */
export function ckrName(code: number): string {
  for (const [name, value] of Object.entries(pkcs11)) {
    if (name.startsWith('CKR_') && value === code) return name;
  }
  return `CKR_0x${code.toString(16).toUpperCase()}`;
}

interface NativePkcs11Error {
  code: number;
  method?: string;
  message: string;
}

function isPkcs11Error(e: unknown): e is NativePkcs11Error {
  return e instanceof Error && typeof (e as Partial<NativePkcs11Error>).code === 'number';
}

/**
 * Turns whatever pkcs11js threw into a TokenError. `fn` names the PKCS#11 call, `params`
 * adds context the caller knows (the mechanism's name, the PIN state).
 */
export function toTokenError(e: unknown, fn: string, params: MessageParams = {}): Error {
  if (e instanceof TokenError) return e;
  if (!isPkcs11Error(e)) return e instanceof Error ? e : new Error(String(e));
  const name = ckrName(e.code);
  const key = USER_FACING[name] ?? 'pkcs11.failed';
  return new TokenError(key, { fn, ckr: name, mechanism: fn, ...params }, name, { cause: e });
}

/** The CKR_* name of a pkcs11js error, or undefined for anything else. */
export function ckrOf(e: unknown): string | undefined {
  if (e instanceof TokenError) return e.ckr;
  return isPkcs11Error(e) ? ckrName(e.code) : undefined;
}
