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

/** KPP: 4 digits, 2 digits or capital Latin letters, 3 digits. */
export function isValidKpp(kpp: string): boolean {
  return /^\d{4}[\dA-Z]{2}\d{3}$/.test(kpp);
}

/** BIC: 9 digits. No "04" prefix is demanded: 01... and 00... BICs are in use. */
export function isValidBic(bic: string): boolean {
  return /^\d{9}$/.test(bic);
}

/** Accounts held at the Bank of Russia: correspondent (30101) and treasury single accounts (40102). */
const AT_BANK_OF_RUSSIA = /^(30101|40102)/;

/** Treasury accounts (03...) carry no control key. */
export function accountHasControlKey(account: string): boolean {
  return !account.startsWith('03');
}

/**
 * The control key of a 20-digit account with its bank's BIC: prefix (BIC digits 7-9, or "0" +
 * BIC digits 5-6 for accounts at the Bank of Russia) + account, weights 7,1,3 repeated, the
 * last digits of the products summed; valid when the sum ends in 0.
 */
export function isValidAccountKey(bic: string, account: string): boolean {
  if (!isValidBic(bic) || !/^\d{20}$/.test(account)) return false;
  if (!accountHasControlKey(account)) return true;
  const prefix = AT_BANK_OF_RUSSIA.test(account) ? `0${bic.slice(4, 6)}` : bic.slice(6, 9);
  const ds = digits(prefix + account);
  const weights = [7, 1, 3];
  const sum = ds.reduce((acc, d, i) => acc + ((d * weights[i % 3]!) % 10), 0);
  return sum % 10 === 0;
}

/** The check digit of a UIN body (all but its last digit): weights 1..10, then from 3 if 10, else 0. */
export function uinCheckDigit(body: string): number {
  const ds = digits(body);
  const check = (start: number): number => ds.reduce((acc, d, i) => acc + d * (((i + start - 1) % 10) + 1), 0) % 11;
  const first = check(1);
  if (first < 10) return first;
  const second = check(3);
  return second < 10 ? second : 0;
}

/** UIN (field 22, "Код"): "0", or 20 or 25 digits, not all zeros, with a valid check digit. */
export function isValidUin(uin: string): boolean {
  if (uin === '0') return true;
  if (!/^\d{20}$|^\d{25}$/.test(uin) || /^0+$/.test(uin)) return false;
  return uinCheckDigit(uin.slice(0, -1)) === Number(uin.at(-1));
}
