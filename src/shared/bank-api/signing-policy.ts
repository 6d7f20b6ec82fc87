/**
 * The bank's signing policy: which signatures a document needs before it is complete. A
 * signer's role gives one kind of signature; `single` alone completes anything, otherwise a
 * first signature completes small payments, applications and letters, and payments above the
 * threshold need a second signature as well (the two-person rule).
 */
export type SignatureKind = 'first' | 'second' | 'single';
export type Role = 'prepares' | 'first-signature' | 'second-signature' | 'single-signature';

export const SIGNATURE_OF_ROLE: Record<Role, SignatureKind | undefined> = {
  prepares: undefined,
  'first-signature': 'first',
  'second-signature': 'second',
  'single-signature': 'single',
};

/** Payments above this (in kopecks) need first and second signatures: 1,000,000.00 roubles. */
export const TWO_PERSON_THRESHOLD = 100_000_000;

const PAYMENTS = new Set(['payment-order', 'leasing-payment', 'loan-repayment']);

/** The signatures still missing, given those present; empty when the document is complete. */
export function missingSignatures(kind: string, amount: number | undefined, given: SignatureKind[]): SignatureKind[] {
  if (given.includes('single')) return [];
  const needsSecond = PAYMENTS.has(kind) && (amount ?? 0) > TWO_PERSON_THRESHOLD;
  const needed: SignatureKind[] = needsSecond ? ['first', 'second'] : ['first'];
  return needed.filter((k) => !given.includes(k));
}

/** Whether a signature of this kind may still be added (a document takes each kind once). */
export function canAdd(kind: string, amount: number | undefined, given: SignatureKind[], adding: SignatureKind): boolean {
  if (given.includes(adding)) return false;
  const missing = missingSignatures(kind, amount, given);
  return missing.length > 0 && (adding === 'single' || missing.includes(adding));
}
