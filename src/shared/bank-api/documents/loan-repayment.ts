/** Repays a car loan: a scheduled instalment, or (without `instalment`) an amount towards the loan. */
import { z } from 'zod';
import { validateLoanRepayment, type LoanRepayment as DomainLoanRepayment } from '../../domain/contract-payments.ts';
import { InstalmentRef } from './account-ref.ts';
import { contractPaymentFields } from './contract-payment.ts';
import { defineKind, showDate, type Assert, type Same } from './common.ts';

export const LoanRepayment = z
  .object({ ...contractPaymentFields, instalment: InstalmentRef.optional() })
  .strict();
export type LoanRepayment = z.infer<typeof LoanRepayment>;

type _LoanRepayment = Assert<Same<LoanRepayment, DomainLoanRepayment>>;

export const loanRepaymentKind = defineKind({
  version: 1,
  schema: LoanRepayment,
  title: { en: 'Loan repayment', ru: 'Погашение кредита' },
  validate: (content, context) => validateLoanRepayment(content, context),
  summary: (c, locale = 'en') => {
    const i = c.instalment;
    const text =
      locale === 'ru'
        ? i
          ? `Платёж № ${i.number} со сроком ${showDate(locale, i.dueDate)} по кредитному договору ${c.contractId}`
          : `Погашение по кредитному договору ${c.contractId}`
        : i
          ? `Loan instalment ${i.number} due ${showDate(locale, i.dueDate)} under contract ${c.contractId}`
          : `Repayment under loan contract ${c.contractId}`;
    return { amount: c.amount, text };
  },
});
