import { type Locale } from './locale.ts';
import { messages, type MessageKey } from './messages.ts';

export { LOCALES, localeFrom, type Locale } from './locale.ts';
export { messages, type MessageKey } from './messages.ts';

export type MessageParams = Record<string, string | number>;

/** The text of a message in a locale. */
export function t(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  return messages[key][locale](params);
}

/**
 * An error whose message exists in every locale: `message` is English, `localized(locale)`
 * gives the text for the user's language. `code` is stable for programs (and --json).
 */
export class LocalizedError extends Error {
  constructor(
    readonly code: MessageKey,
    readonly params: MessageParams = {},
    options?: { cause?: unknown },
  ) {
    super(t('en', code, params), options);
    this.name = 'LocalizedError';
  }

  localized(locale: Locale): string {
    return t(locale, this.code, this.params);
  }
}
