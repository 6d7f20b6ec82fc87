/**
 * Money is an integer number of kopecks, never a float. These helpers convert to and from the
 * decimal text that people and files use, exactly (no floating-point arithmetic).
 */
export type Kopecks = number;

/** The most a single document can carry: below 2^53, with room to spare (10^15 kopecks = 10 trillion roubles). */
export const MAX_AMOUNT: Kopecks = 1_000_000_000_000_000;

/**
 * Parses "1234.56", "1234,5", "1 234,56", "1234" (roubles) into kopecks. Returns undefined for
 * anything else: more than two decimals, signs, exponents, letters.
 */
export function parseRubles(text: string): Kopecks | undefined {
  const t = text.trim().replace(/[\s\u00a0]/g, '');
  const m = /^(\d{1,13})(?:[.,](\d{1,2}))?$/.exec(t);
  if (!m) return undefined;
  const kopecks = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(kopecks) ? kopecks : undefined;
}

/** "1234.56" from 123456: the dot-separated form 1C files and XML use. */
export function formatRubles(amount: Kopecks): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`amount ${amount} is not a whole number of kopecks`);
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function isValidAmount(amount: unknown): amount is Kopecks {
  return typeof amount === 'number' && Number.isSafeInteger(amount) && amount > 0 && amount <= MAX_AMOUNT;
}
