import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { formatAmount, formatBasisPoints, formatDate, formatDateTime, formatMoney } from '../shared/domain/format.ts';
import { messages, t as translate, type Locale, type MessageKey, type MessageParams } from '../shared/i18n/index.ts';
import { AppError } from './bank.ts';

export type T = (key: MessageKey, params?: MessageParams) => string;

interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t: T;
  /** An error in the page's language: a catalogue message when it has a code we know, else its detail. */
  describe(error: unknown): string;
  /**
   * Kopecks as the user reads money (shared/domain/format.ts): 1 500,00 / 1,500.00; with a
   * currency, its sign too: 1 500,00 ₽ / 1,500.00 ₽.
   */
  money(kopecks: number, currency?: string): string;
  /** An ISO date as dd.mm.yyyy, or a timestamp as dd.mm.yyyy hh:mm in the computer's time zone. */
  date(iso: string, withTime?: boolean): string;
  /** A rate in basis points: 12,90 % / 12.90%. */
  rate(bp: number): string;
}

const Ctx = createContext<I18n | null>(null);
const STORAGE_KEY = 'bankclient.locale';

export function initialLocale(): Locale {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === 'en' || saved === 'ru') return saved;
  return navigator.language.toLowerCase().startsWith('en') ? 'en' : 'ru';
}

export function I18nProvider({ children, locale: given }: { children: ReactNode; locale?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(given ?? initialLocale());
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const value = useMemo<I18n>(() => {
    const t: T = (key, params) => translate(locale, key, params);
    return {
      locale,
      setLocale(next) {
        localStorage.setItem(STORAGE_KEY, next);
        setLocaleState(next);
      },
      t,
      describe(error) {
        if (error instanceof AppError) {
          const { code, params, field, detail } = error.wire;
          const text = code in messages ? t(code as MessageKey, params) : (detail ?? code);
          return field && !(code in messages) ? t('ui.error.field', { field, message: text }) : text;
        }
        return error instanceof Error ? error.message : String(error);
      },
      // whole kopecks always; anything else (never expected) is shown as it is rather than breaking the screen
      money: (kopecks, currency) => (!Number.isSafeInteger(kopecks) ? String(kopecks) : currency === undefined ? formatAmount(kopecks, locale) : formatMoney(kopecks, locale, currency)),
      date: (iso, withTime = false) => (withTime ? formatDateTime(iso, locale) : formatDate(iso, locale)),
      rate: (bp) => formatBasisPoints(bp, locale),
    };
  }, [locale]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(Ctx);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
