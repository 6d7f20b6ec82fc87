/** Dates and amounts as 1C exchange files write them: DD.MM.YYYY and 1500.50 (roubles). */
import { isIsoDate } from '../../../shared/domain/dates.ts';
import type { Kopecks } from '../../../shared/domain/money.ts';

/** "25.11.2026" -> "2026-11-25"; undefined unless it is a real calendar date. */
export function oneCDateToIso(text: string): string | undefined {
  if (text.length !== 10 || text[2] !== '.' || text[5] !== '.') return undefined;
  const iso = `${text.slice(6, 10)}-${text.slice(3, 5)}-${text.slice(0, 2)}`;
  return isIsoDate(iso) ? iso : undefined;
}

/** "2026-11-25" -> "25.11.2026". */
export const isoToOneCDate = (iso: string): string => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

export interface ReadAmount {
  kopecks: Kopecks;
  /** How the text departs from the usual "1500.50": no kopecks, a comma, or one decimal. */
  quirk?: 'no-kopecks' | 'unusual';
}

const isDigits = (s: string): boolean => {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
};

/**
 * Roubles as text -> kopecks, by string arithmetic (never a float). Accepts "1500.50"; "1500"
 * (no kopecks), "1500,50" and "1500.5" are read too but reported as quirks. Anything else
 * (signs, spaces inside, three decimals, more kopecks than an integer holds exactly) is undefined.
 */
export function readRoubles(text: string): ReadAmount | undefined {
  const sep = Math.max(text.indexOf('.'), text.indexOf(','));
  const whole = sep < 0 ? text : text.slice(0, sep);
  const fraction = sep < 0 ? '' : text.slice(sep + 1);
  if (!isDigits(whole) || whole.length > 15) return undefined;
  if (sep >= 0 && (!isDigits(fraction) || fraction.length > 2)) return undefined;
  const kopecks = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if (!Number.isSafeInteger(kopecks)) return undefined;
  if (sep < 0) return { kopecks, quirk: 'no-kopecks' };
  if (text[sep] === ',' || fraction.length !== 2) return { kopecks, quirk: 'unusual' };
  return { kopecks };
}
