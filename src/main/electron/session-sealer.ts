/**
 * The desktop app keeps the bank session's bearer token sealed with the operating system's key
 * store (Electron's safeStorage: DPAPI on Windows, the Keychain on macOS, the Secret Service or
 * KWallet on Linux), so a profile file copied to another machine or user holds no usable token.
 *
 * The synchronous calls are used because the session is read synchronously all over main
 * (src/main/bank/session.ts); Electron 45 marks them deprecated in favour of the async ones.
 */
import type { SafeStorage } from 'electron';
import { PLAIN_SEALER, type SessionSealer } from '../bank/session.ts';

export type SealerStorage = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'>;

export type SealerChoice =
  | { protection: 'os'; sealer: SessionSealer }
  /**
   * No real protection here: safeStorage is unavailable, or on Linux it would only encrypt with a
   * password built into Chromium ('basic_text': no key store found). The token is then kept as
   * the CLI keeps it, in the 0600 profile, rather than behind an encryption that only looks safe.
   */
  | { protection: 'none'; sealer: SessionSealer; why: 'unavailable' | 'basic-text' };

/** The scheme written next to a token sealed this way (src/main/bank/session.ts). */
export const OS_SCHEME = 'electron-safe-storage';

/** Chooses how to keep the token; call once the app is ready (before that, Linux and Windows report no encryption). */
export function chooseSessionSealer(storage: SealerStorage, platform: NodeJS.Platform = process.platform): SealerChoice {
  if (!storage.isEncryptionAvailable()) return { protection: 'none', sealer: PLAIN_SEALER, why: 'unavailable' };
  if (platform === 'linux' && ['basic_text', 'unknown'].includes(storage.getSelectedStorageBackend())) return { protection: 'none', sealer: PLAIN_SEALER, why: 'basic-text' };
  return {
    protection: 'os',
    sealer: {
      scheme: OS_SCHEME,
      seal: (token) => storage.encryptString(token).toString('base64'),
      // throws for text sealed under another user's or machine's key: the session reads as none
      open: (text) => storage.decryptString(Buffer.from(text, 'base64')),
    },
  };
}
