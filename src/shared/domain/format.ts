/**
 * Numbers, money and dates as people read them, in Russian and English: one module for the whole
 * app (the signer's text, the screens, the CLI, messages), so the same value is written the same
 * way everywhere.
 *
 *   formatMoney(120000000, 'ru')   -> "1 200 000,00 ₽"     (en: "1,200,000.00 ₽")
 *   formatAmount(120000000, 'ru')  -> "1 200 000,00"       (no currency sign, for table columns)
 *   formatDate('2027-12-05', …)    -> "05.12.2027"         (the same in English: a bank's form)
 *   formatDateTime(iso, …, tz)     -> "05.12.2027 14:30 (UTC+03:00)"
 *   formatPercent(12.9, 'ru')      -> "12,90 %"            (en: "12.90%")
 *   formatInteger(1234567, 'ru')   -> "1 234 567"
 *
 * The spaces that group digits and keep a number with its unit are no-break spaces (U+00A0),
 * everywhere, so a line never breaks inside an amount. Money is integer kopecks, formatted with
 * integer arithmetic (no floats). Pure: no DOM, no Node.
 */
import type { Kopecks } from './money.ts';

export type FormatLocale = 'ru' | 'en';

/** The no-break space every grouped number and unit uses. */
export const NBSP = '\u00a0';

const CURRENCY_SIGNS: Record<string, string> = { RUB: '₽', USD: '$', EUR: '€', CNY: '¥' };

/** Digits of a non-negative whole number in groups of three: "1 234 567" / "1,234,567". */
function group(digits: string, locale: FormatLocale): string {
  const sep = locale === 'ru' ? NBSP : ',';
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

/** A whole number with its digits grouped: "1 234 567" / "1,234,567"; "−5" for negatives. */
export function formatInteger(value: number, locale: FormatLocale): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${value} is not a whole number`);
  return `${value < 0 ? '-' : ''}${group(String(Math.abs(value)), locale)}`;
}

/** Kopecks as a number with two decimals, digits grouped: "1 200 000,00" / "1,200,000.00". */
export function formatAmount(amount: Kopecks, locale: FormatLocale): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`amount ${amount} is not a whole number of kopecks`);
  const abs = Math.abs(amount);
  const whole = group(String(Math.floor(abs / 100)), locale);
  const cents = String(abs % 100).padStart(2, '0');
  return `${amount < 0 ? '-' : ''}${whole}${locale === 'ru' ? ',' : '.'}${cents}`;
}

/** Kopecks (or cents of another currency) with the currency's sign: "1 200 000,00 ₽" / "1,200,000.00 ₽"; an unknown code is written out ("1 000,00 GBP"). */
export function formatMoney(amount: Kopecks, locale: FormatLocale, currency = 'RUB'): string {
  return `${formatAmount(amount, locale)}${NBSP}${CURRENCY_SIGNS[currency] ?? currency}`;
}

/** A number with a fixed count of decimals from a value in hundredths (exact): 1290 -> "12,90". */
function hundredths(value: number, locale: FormatLocale): string {
  const abs = Math.abs(value);
  return `${value < 0 ? '-' : ''}${group(String(Math.floor(abs / 100)), locale)}${locale === 'ru' ? ',' : '.'}${String(abs % 100).padStart(2, '0')}`;
}

/**
 * A percentage with two decimals: "12,90 %" in Russian (a no-break space before the sign, as
 * Russian typography writes it), "12.90%" in English. `percent` is the percentage itself (12.9).
 */
export function formatPercent(percent: number, locale: FormatLocale): string {
  if (!Number.isFinite(percent)) throw new RangeError(`${percent} is not a number`);
  const text = hundredths(Math.round(percent * 100), locale);
  return locale === 'ru' ? `${text}${NBSP}%` : `${text}%`;
}

/** A rate in basis points (1290 = 12.90 %), exactly: "12,90 %" / "12.90%". */
export function formatBasisPoints(bp: number, locale: FormatLocale): string {
  if (!Number.isSafeInteger(bp)) throw new RangeError(`${bp} is not a whole number of basis points`);
  const text = hundredths(bp, locale);
  return locale === 'ru' ? `${text}${NBSP}%` : `${text}%`;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function realDay(y: number, m: number, d: number): boolean {
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d); // not Date.UTC, which reads years 0-99 as 1900-1999
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * A calendar date as dd.mm.yyyy, in both languages (the form a Russian bank's documents use):
 * "2027-12-05" -> "05.12.2027". A timestamp is shown as the date it is in `timeZone` (the
 * computer's own by default). Text that is not a real date is returned as it is, so a message
 * about a wrong date still shows what was typed.
 */
export function formatDate(iso: string, _locale: FormatLocale, timeZone?: string): string {
  const m = ISO_DAY.exec(iso);
  if (m) return realDay(Number(m[1]), Number(m[2]), Number(m[3])) ? `${m[3]}.${m[2]}.${m[1]}` : iso;
  const parts = wallClock(iso, timeZone);
  return parts ? `${parts.day}.${parts.month}.${parts.year}` : iso;
}

/** A moment as a wall clock shows it in a time zone: date and time as printed, and the zone's offset then. */
export interface WallClock {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  /** "+03:00" */
  offset: string;
}

/** A timestamp's date and time on the wall clock of a time zone, and that zone's offset then. */
export function wallClock(at: string | Date, timeZone?: string): WallClock | undefined {
  // a bare "YYYY-MM-DDTHH:MM" without a zone is not an instant: refused rather than guessed
  if (typeof at === 'string' && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(at)) return undefined;
  const date = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(date.getTime())) return undefined;
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  } catch {
    return undefined; // an unknown time zone
  }
  const p = Object.fromEntries(format.formatToParts(date).map((part) => [part.type, part.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  const minutes = Math.round((wall - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
  const abs = Math.abs(minutes);
  const offset = `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return { year: String(p.year).padStart(4, '0'), month: String(p.month), day: String(p.day), hour: String(p.hour), minute: String(p.minute), offset };
}

/**
 * A moment as people read it: "05.12.2027 14:30" in the time zone given (the computer's own by
 * default); with `offset`, the zone's offset too: "05.12.2027 14:30 (UTC+03:00)". A calendar
 * date alone is shown as a date; anything else is returned as it is.
 */
export function formatDateTime(iso: string, locale: FormatLocale, options: { timeZone?: string | undefined; offset?: boolean } = {}): string {
  if (ISO_DAY.test(iso)) return formatDate(iso, locale);
  const p = wallClock(iso, options.timeZone);
  if (!p) return iso;
  return `${p.day}.${p.month}.${p.year} ${p.hour}:${p.minute}${options.offset ? ` (UTC${p.offset})` : ''}`;
}
