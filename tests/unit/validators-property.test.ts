import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidAccountKey, isValidInn } from '../../src/shared/domain/requisites.ts';
import { accountWithKey, bicArb, innArb } from './formats-arbitraries.ts';

/** Every INN or account that differs from `value` in exactly one digit. */
function singleDigitChanges(value: string): { at: number; changed: string }[] {
  const out: { at: number; changed: string }[] = [];
  for (let at = 0; at < value.length; at++) {
    for (let d = 0; d <= 9; d++) if (String(d) !== value[at]) out.push({ at, changed: value.slice(0, at) + d + value.slice(at + 1) });
  }
  return out;
}

/** Weighted sum mod 11 of the first digits (docs/architecture.md "Domain rules"). */
const remainder = (digits: string, weights: number[]): number => weights.reduce((s, w, i) => s + w * Number(digits[i]), 0) % 11;
const W10 = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const W11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const W12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

describe('check digits, property-based', () => {
  it('generated INNs (10 and 12 digits) with correct check digits pass', () => {
    fc.assert(fc.property(innArb, (inn) => isValidInn(inn)), { numRuns: 500 });
  });

  it('a single-digit change to an INN fails, except where the mod-11 remainder moves between 0 and 10 (both give check digit 0)', () => {
    fc.assert(
      fc.property(innArb, (inn) => {
        for (const { at, changed } of singleDigitChanges(inn)) {
          if (!isValidInn(changed)) continue;
          // The scheme's one blind spot: (r mod 11) mod 10 maps 0 and 10 to the same check digit.
          expect(at).toBeLessThan(inn.length === 10 ? 9 : 10);
          const blind = inn.length === 10 ? [remainder(inn, W10), remainder(changed, W10)] : [remainder(inn, W11), remainder(changed, W11), remainder(inn, W12), remainder(changed, W12)];
          expect(blind.some((r) => r === 0 || r === 10)).toBe(true);
          expect(inn.length === 10 ? changed[9] : changed.slice(10)).toMatch(/0/);
        }
      }),
      { numRuns: 300 },
    );
    // The blind spot exists (so the exception above is real): 7707083893 is valid; this one-digit neighbour is too.
    expect(isValidInn('7707083893')).toBe(true);
    expect(singleDigitChanges('1000000010').filter((c) => isValidInn(c.changed)).length).toBeGreaterThan(0);
  });

  it('generated accounts with a correct control key pass, and a single-digit change fails unless it makes another kind of account', () => {
    // Other kinds: treasury accounts (03...) carry no key; 30101/40102 accounts are keyed with the Bank of Russia's prefix.
    const kind = (account: string): string => (account.startsWith('03') ? 'treasury' : /^(30101|40102)/.test(account) ? 'bank-of-russia' : 'bank');
    fc.assert(
      fc.property(bicArb, fc.constantFrom('40702', '40602', '40817', '30101', '40102', '03100'), fc.stringMatching(/^[0-9]{15}$/), (bic, start, rest) => {
        const account = accountWithKey(bic, start + rest);
        expect(isValidAccountKey(bic, account)).toBe(true);
        for (const { changed } of singleDigitChanges(account)) {
          if (kind(changed) !== kind(account)) continue;
          // a treasury account has no key, so any change keeps it "valid"; every other kind must catch the change
          expect(isValidAccountKey(bic, changed)).toBe(kind(account) === 'treasury');
        }
      }),
      { numRuns: 300 },
    );
    expect(isValidAccountKey('046015804', '40702810400000004583')).toBe(true);
    expect(isValidAccountKey('046015804', '40702810500000004583')).toBe(false);
  });
});
