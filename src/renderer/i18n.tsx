import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { messages, t as translate, type Locale, type MessageKey, type MessageParams } from '../shared/i18n/index.ts';
import { AppError } from './bank.ts';

export type T = (key: MessageKey, params?: MessageParams) => string;

interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t: T;
  /** An error in the page's language: a catalogue message when it has a code we know, else its detail. */
  describe(error: unknown): string;
  /** Kopecks as the user reads money: 1 500,00 / 1,500.00. */
  money(kopecks: number): string;
  /** An ISO date or timestamp in the page's language. */
  date(iso: string, withTime?: boolean): string;
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
    const tag = locale === 'ru' ? 'ru-RU' : 'en-GB';
    const moneyFormat = new Intl.NumberFormat(tag, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
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
      // integer kopecks: the division is exact to the cent in a double for every real amount
      money: (kopecks) => moneyFormat.format(kopecks / 100),
      date: (iso, withTime = false) => {
        const d = new Date(iso.length === 10 ? `${iso}T00:00:00` : iso);
        return Number.isNaN(d.getTime()) ? iso : withTime ? d.toLocaleString(tag) : d.toLocaleDateString(tag);
      },
    };
  }, [locale]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(Ctx);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
