/** An application to open an account: roubles, a foreign currency, or an unallocated metal account (gold, silver, platinum, palladium). */
import { z } from 'zod';
import { ACCOUNT_CURRENCIES, isMetalCurrency, validateAccountOpening, type AccountCurrency, type AccountOpeningApplication } from '../../domain/applications.ts';
import { defineKind, excerpt, Text, type Assert, type LocalizedText, type Same } from './common.ts';

export const AccountOpening = z
  .object({
    currency: z.enum(ACCOUNT_CURRENCIES).meta({ description: 'RUB, USD, EUR, CNY; or a metal account: XAU, XAG, XPT, XPD' }),
    purpose: Text.meta({ description: 'What the account is for' }),
  })
  .strict();
export type AccountOpening = z.infer<typeof AccountOpening>;

type _AccountOpening = Assert<Same<AccountOpening, AccountOpeningApplication>>;

export const CURRENCY_NAMES: Record<AccountCurrency, LocalizedText> = {
  RUB: { en: 'rouble', ru: 'рублёвого' },
  USD: { en: 'US dollar', ru: 'долларового' },
  EUR: { en: 'euro', ru: 'счёта в евро' },
  CNY: { en: 'yuan', ru: 'счёта в юанях' },
  XAU: { en: 'gold', ru: 'в золоте' },
  XAG: { en: 'silver', ru: 'в серебре' },
  XPT: { en: 'platinum', ru: 'в платине' },
  XPD: { en: 'palladium', ru: 'в палладии' },
};

function what(locale: 'en' | 'ru', c: AccountCurrency): string {
  const name = CURRENCY_NAMES[c][locale];
  if (locale === 'en') return isMetalCurrency(c) ? `a ${name} metal account (${c})` : `a ${name} account (${c})`;
  if (isMetalCurrency(c)) return `металлического счёта ${name} (${c})`;
  return name.startsWith('счёта') ? `${name} (${c})` : `${name} счёта (${c})`;
}

export const accountOpeningKind = defineKind({
  version: 1,
  schema: AccountOpening,
  title: { en: 'Account opening application', ru: 'Заявление на открытие счёта' },
  validate: (content, context) => validateAccountOpening(content, context),
  summary: (c, locale = 'en') => ({
    text: locale === 'ru' ? `Открытие ${what(locale, c.currency)}: ${excerpt(c.purpose)}` : `Opening ${what(locale, c.currency)}: ${excerpt(c.purpose)}`,
  }),
});
