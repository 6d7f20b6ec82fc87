import { z } from 'zod';

const Kopecks = z.number().int();
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const Account = z.object({
  id: z.string(),
  number: z.string().regex(/^\d{20}$/),
  currency: z.string().length(3),
  /** Current balance in minor units (kopecks for RUB). */
  balance: Kopecks,
  bank: z.object({ name: z.string(), bic: z.string(), corrAccount: z.string() }),
  openedOn: IsoDate,
});

export const StatementEntry = z.object({
  id: z.string(),
  date: IsoDate,
  direction: z.enum(['debit', 'credit']),
  amount: Kopecks,
  counterparty: z.object({ name: z.string(), inn: z.string(), account: z.string(), bic: z.string() }),
  purpose: z.string(),
  documentNumber: z.string(),
});

/** A real calendar date, not only its shape (2026-02-31 is refused). */
const CalendarDate = IsoDate.refine((d) => {
  const t = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
}, 'not a calendar date');

export const StatementQuery = z.object({ from: CalendarDate, to: CalendarDate }).strict();

export const Statement = z.object({
  account: Account,
  from: IsoDate,
  to: IsoDate,
  openingBalance: Kopecks,
  totalDebit: Kopecks,
  totalCredit: Kopecks,
  closingBalance: Kopecks,
  entries: z.array(StatementEntry),
});

export type Account = z.infer<typeof Account>;
export type Statement = z.infer<typeof Statement>;
