/** The languages every user-facing string exists in. */
export const LOCALES = ['en', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];

/** Picks the locale from a POSIX locale string (LANG=ru_RU.UTF-8) or a BCP 47 tag; English otherwise. */
export function localeFrom(tag: string | undefined | null): Locale {
  return tag && /^ru\b|^ru[-_]/i.test(tag) ? 'ru' : 'en';
}
