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

/**
 * One movement on the account. The counterparty's KPP, bank name and correspondent account and
 * the payment's priority (очерёдность) are what a real statement carries so that 1C can match
 * the counterparty; they are optional: an older bank, or a statement stored before they existed,
 * has none, and the exports leave them empty.
 */
export const StatementEntry = z.object({
  id: z.string(),
  date: IsoDate,
  direction: z.enum(['debit', 'credit']),
  amount: Kopecks,
  counterparty: z.object({
    name: z.string(),
    inn: z.string(),
    kpp: z.string().optional().meta({ description: 'The counterparty\'s KPP (field 102/103 of the payment order), when it has one' }),
    account: z.string(),
    bic: z.string(),
    bankName: z.string().optional().meta({ description: 'The name of the counterparty\'s bank, as the payment order or the BIC directory gives it' }),
    corrAccount: z.string().optional().meta({ description: 'The correspondent account of the counterparty\'s bank (for a Treasury unit, its single Treasury account)' }),
  }),
  purpose: z.string(),
  documentNumber: z.string(),
  priority: z.number().int().min(1).max(5).optional().meta({ description: 'Очерёдность платежа (field 21), 1-5' }),
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
export type StatementEntry = z.infer<typeof StatementEntry>;
