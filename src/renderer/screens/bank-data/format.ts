import { formatAmount } from '../../../shared/domain/format.ts';
import type { T } from '../../i18n.tsx';

/** Metal account codes (ОМС): their balances are in hundredths of a gram. */
export const METALS = ['XAU', 'XAG', 'XPT', 'XPD'];
export const isMetal = (currency: string): boolean => METALS.includes(currency);

export function sizeText(t: T, bytes: number): string {
  return bytes < 1024 * 1024 ? t('ui.bank-data.size.kb', { value: Math.max(1, Math.round(bytes / 1024)) }) : t('ui.bank-data.size.mb', { value: (bytes / (1024 * 1024)).toFixed(1) });
}

/** Grams from hundredths of a gram, exactly (integers only), grouped as money is (shared/domain/format.ts). */
export function grams(hundredths: number, locale: string): string {
  return formatAmount(hundredths, locale === 'ru' ? 'ru' : 'en');
}

/** A local calendar date as YYYY-MM-DD. */
export function isoDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
