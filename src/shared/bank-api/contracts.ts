import { z } from 'zod';

const Kopecks = z.number().int();
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** Where a contract's payments go, to copy into a payment order or print. */
export const PaymentRequisites = z.object({
  payeeName: z.string(),
  inn: z.string(),
  kpp: z.string(),
  account: z.string(),
  bic: z.string(),
  bankName: z.string(),
  corrAccount: z.string(),
  purpose: z.string(),
});

export const ScheduleItem = z.object({
  number: z.number().int().positive(),
  dueDate: IsoDate,
  principal: Kopecks,
  interest: Kopecks,
  total: Kopecks,
  paid: z.boolean(),
  /** Leasing: the VAT included in `total` (a leasing payment is a service with VAT, not interest on a debt). */
  vat: Kopecks.optional(),
});

export const Contract = z.object({
  id: z.string(),
  kind: z.enum(['car-loan', 'leasing']),
  number: z.string(),
  signedOn: IsoDate,
  subject: z.string(),
  currency: z.string().length(3),
  principal: Kopecks,
  /** Annual rate in basis points (1250 = 12.50 %). */
  rateBp: z.number().int().nonnegative(),
  /** Leasing: the VAT rate in basis points included in the leasing payments (2200 = 22 %). */
  vatRateBp: z.number().int().nonnegative().optional(),
  outstanding: Kopecks,
  nextPayment: z.object({ number: z.number().int(), dueDate: IsoDate, amount: Kopecks }).nullable(),
  requisites: PaymentRequisites,
});

export const Schedule = z.object({ contractId: z.string(), items: z.array(ScheduleItem) });

/** The date; for a partial repayment also its amount and what the bank recalculates (the answer then has `partial`). */
export const QuoteRequest = z
  .object({
    date: IsoDate,
    amount: Kopecks.positive().optional(),
    recalculation: z.enum(['reduce-payment', 'reduce-term']).optional(),
  })
  .strict()
  .refine((x) => (x.amount === undefined) === (x.recalculation === undefined), { path: ['recalculation'], message: 'a partial repayment names both its amount and the recalculation' });

/** After a partial repayment: the new monthly payment, how many payments are left, the last one's date, and the new schedule. */
export const PartialRepaymentQuote = z.object({
  amount: Kopecks,
  recalculation: z.enum(['reduce-payment', 'reduce-term']),
  principalAfter: Kopecks,
  newPayment: Kopecks,
  paymentsLeft: z.number().int().nonnegative(),
  lastDueDate: IsoDate.nullable(),
  schedule: z.array(ScheduleItem),
});

/** What it takes to repay the whole contract on a date: the principal left and interest accrued to that day; for a partial repayment, the bank's recalculation. */
export const EarlyRepaymentQuote = z.object({
  contractId: z.string(),
  date: IsoDate,
  principal: Kopecks,
  accruedInterest: Kopecks,
  payoff: Kopecks,
  partial: PartialRepaymentQuote.optional(),
});

export type Contract = z.infer<typeof Contract>;
export type ScheduleItem = z.infer<typeof ScheduleItem>;
