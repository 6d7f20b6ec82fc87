import { describe, expect, it } from 'vitest';
import { canAdd, missingSignatures, TWO_PERSON_THRESHOLD } from '../../src/shared/bank-api/signing-policy.ts';

describe("the bank's signing policy", () => {
  it('a small payment is complete with a first signature', () => {
    expect(missingSignatures('payment-order', 50_000_00, [])).toEqual(['first']);
    expect(missingSignatures('payment-order', 50_000_00, ['first'])).toEqual([]);
  });

  it('a payment above the threshold needs first and second (two-person rule), or a single signature', () => {
    const big = TWO_PERSON_THRESHOLD + 1;
    expect(missingSignatures('payment-order', big, [])).toEqual(['first', 'second']);
    expect(missingSignatures('leasing-payment', big, ['first'])).toEqual(['second']);
    expect(missingSignatures('loan-repayment', big, ['second'])).toEqual(['first']);
    expect(missingSignatures('payment-order', big, ['first', 'second'])).toEqual([]);
    expect(missingSignatures('payment-order', big, ['single'])).toEqual([]);
  });

  it('applications and letters need one signature whatever they mention', () => {
    expect(missingSignatures('early-repayment', 10 * TWO_PERSON_THRESHOLD, [])).toEqual(['first']);
    expect(missingSignatures('letter', undefined, ['first'])).toEqual([]);
  });

  it('takes each kind of signature once, and nothing once complete', () => {
    const big = TWO_PERSON_THRESHOLD * 2;
    expect(canAdd('payment-order', big, ['first'], 'first')).toBe(false);
    expect(canAdd('payment-order', big, ['first'], 'second')).toBe(true);
    expect(canAdd('payment-order', 100, ['first'], 'second')).toBe(false);
    expect(canAdd('payment-order', 100, [], 'second')).toBe(false);
    expect(canAdd('payment-order', 100, [], 'single')).toBe(true);
  });
});
