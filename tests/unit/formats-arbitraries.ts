/** fast-check generators of valid requisites and payment orders, shared by the property tests. */
import fc from 'fast-check';
import type { PaymentOrder } from '../../src/shared/bank-api/documents/payment-order.ts';
import type { Party } from '../../src/shared/domain/payment-order.ts';
import { uinCheckDigit } from '../../src/shared/domain/requisites.ts';

const digits = (n: number): fc.Arbitrary<string> => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));
const check = (ds: string, weights: number[]): number => (weights.reduce((s, w, i) => s + w * Number(ds[i]), 0) % 11) % 10;

/** INNs of companies (10 digits) and persons (12), with check digits computed as docs/architecture.md says. */
export const innArb: fc.Arbitrary<string> = fc.oneof(
  digits(9).map((b) => b + check(b, [2, 4, 10, 3, 5, 9, 4, 6, 8])),
  digits(10).map((b) => {
    const eleven = b + check(b, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]);
    return eleven + check(eleven, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]);
  }),
);

export const bicArb: fc.Arbitrary<string> = digits(7).map((d) => `04${d}`);

/** The 20-digit account with its control key (9th digit) set so that the key checks with this BIC. */
export function accountWithKey(bic: string, raw: string): string {
  const account = `${raw.slice(0, 8)}0${raw.slice(9)}`;
  const prefix = /^(30101|40102)/.test(account) ? `0${bic.slice(4, 6)}` : bic.slice(6, 9);
  const weights = [7, 1, 3];
  const sum = [...(prefix + account)].reduce((s, d, i) => s + ((Number(d) * weights[i % 3]!) % 10), 0);
  // the key sits at position 11 of prefix+account, weight 3: (3k mod 10) must make the sum end in 0
  const key = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].find((k) => (sum + ((k * 3) % 10)) % 10 === 0)!;
  return `${raw.slice(0, 8)}${key}${raw.slice(9)}`;
}

const CP1251_LETTERS = 'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюяABCxyz0123456789';
const CP1251_SIGNS = ' ."\'-,№/()%;:&<>=«»—';
/** Text Windows-1251 can hold, without line breaks or surrounding spaces (1C trims them), `min`..`max` characters. */
export function cp1251Text(min: number, max: number): fc.Arbitrary<string> {
  return fc
    .array(fc.constantFrom(...CP1251_LETTERS, ...CP1251_LETTERS, ...CP1251_SIGNS), { minLength: min, maxLength: max })
    .map((cs) => cs.join('').trim())
    .filter((s) => s.length >= min);
}

const kppArb = fc.tuple(digits(4), fc.constantFrom('01', '02', '43', 'AB', 'ZZ'), digits(3)).map(([a, b, c]) => a + b + c);
const dateArb = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 11, 31) }).map((t) => new Date(t).toISOString().slice(0, 10));
const uinArb = fc.oneof(fc.constant('0'), digits(19).map((b) => b + uinCheckDigit(b)), digits(24).map((b) => b + uinCheckDigit(b))).filter((u) => u === '0' || /[1-9]/.test(u));

const partyArb = (accountPrefix: string): fc.Arbitrary<Party> =>
  fc.record({ name: cp1251Text(1, 160), inn: innArb, kpp: fc.option(kppArb, { nil: undefined }), bic: bicArb, raw: digits(15), bankName: cp1251Text(1, 80), corr: fc.option(digits(15), { nil: undefined }) }).map((p) => {
    const party: Party = { name: p.name, inn: p.inn, account: accountWithKey(p.bic, accountPrefix + p.raw), bank: { name: p.bankName, bic: p.bic } };
    if (p.kpp !== undefined) party.kpp = p.kpp;
    if (p.corr !== undefined) party.bank.corrAccount = accountWithKey(p.bic, `30101${p.corr}`);
    return party;
  });

const budgetArb = fc.record({
  payerStatus: fc.constantFrom('01', '02', '13', '24'),
  kbk: digits(20),
  oktmo: fc.oneof(digits(8), digits(11)),
  basis: fc.constantFrom('ТП', 'ЗД', 'ПР', '0'),
  period: fc.constantFrom('0', 'МС.11.2026', 'КВ.03.2026', 'ГД.00.2025'),
  documentNumber: fc.oneof(fc.constant('0'), digits(6)),
  documentDate: fc.oneof(fc.constant('0'), dateArb.map((d) => `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}`)),
});

/** Payment orders that pass validatePaymentOrder (no date rules): every field filled as a real one would be. */
export const paymentOrderArb: fc.Arbitrary<PaymentOrder> = fc
  .record({
    number: fc.stringMatching(/^[1-9][0-9]{0,5}$/),
    date: dateArb,
    amount: fc.integer({ min: 1, max: 1_000_000_000_000_000 }),
    payer: partyArb('40702'),
    payee: partyArb('40602'),
    uin: uinArb,
    priority: fc.integer({ min: 1, max: 5 }),
    purpose: cp1251Text(1, 210),
    paymentKind: fc.option(fc.constantFrom('срочно', 'электронно'), { nil: undefined }),
    incomeType: fc.option(fc.constantFrom('1', '2', '3', '4', '5'), { nil: undefined }),
    budget: fc.option(budgetArb, { nil: undefined }),
  })
  .map(({ paymentKind, incomeType, budget, ...o }) => {
    const order: PaymentOrder = { ...o, operationType: '01' };
    if (paymentKind !== undefined) order.paymentKind = paymentKind;
    if (incomeType !== undefined) order.incomeType = incomeType;
    if (budget !== undefined) order.budget = budget;
    return order;
  });
