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
  outstanding: Kopecks,
  nextPayment: z.object({ number: z.number().int(), dueDate: IsoDate, amount: Kopecks }).nullable(),
  requisites: PaymentRequisites,
});

export const Schedule = z.object({ contractId: z.string(), items: z.array(ScheduleItem) });

export const QuoteRequest = z.object({ date: IsoDate }).strict();

/** What it takes to repay the whole contract on a date: the principal left and interest accrued to that day. */
export const EarlyRepaymentQuote = z.object({
  contractId: z.string(),
  date: IsoDate,
  principal: Kopecks,
  accruedInterest: Kopecks,
  payoff: Kopecks,
});

export type Contract = z.infer<typeof Contract>;
export type ScheduleItem = z.infer<typeof ScheduleItem>;
