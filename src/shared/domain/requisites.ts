/**
 * Check digits of Russian company and person identifiers. Each function says only whether the
 * value is well-formed; callers name the field in their own error.
 */

const digits = (s: string): number[] => [...s].map(Number);

function weighted(ds: number[], weights: number[]): number {
  return weights.reduce((sum, w, i) => sum + w * (ds[i] ?? 0), 0);
}

/** INN: 10 digits for a legal entity, 12 for a person or sole trader, with check digits. */
export function isValidInn(inn: string): boolean {
  if (!/^\d{10}$|^\d{12}$/.test(inn)) return false;
  const d = digits(inn);
  const check = (weights: number[]): number => (weighted(d, weights) % 11) % 10;
  if (d.length === 10) return check([2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[9];
  return check([7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[10] && check([3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[11];
}

/** OGRN (13 digits, check = first 12 mod 11 mod 10) or OGRNIP (15 digits, first 14 mod 13 mod 10). */
export function isValidOgrn(ogrn: string): boolean {
  if (!/^\d{13}$|^\d{15}$/.test(ogrn)) return false;
  const body = BigInt(ogrn.slice(0, -1));
  const modulus = ogrn.length === 13 ? 11n : 13n;
  return Number((body % modulus) % 10n) === Number(ogrn.at(-1));
}

/** SNILS: 11 digits; the last two check the first nine (weights 9..1, mod 101, 100 -> 00). */
export function isValidSnils(snils: string): boolean {
  const s = snils.replace(/[-\s]/g, '');
  if (!/^\d{11}$/.test(s)) return false;
  const sum = weighted(digits(s), [9, 8, 7, 6, 5, 4, 3, 2, 1]);
  const check = (sum % 101) % 100;
  return check === Number(s.slice(9));
}
