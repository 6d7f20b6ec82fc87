/** Pays one instalment of a leasing contract's schedule from the company's account. */
import { z } from 'zod';
import { validateLeasingPayment, type LeasingPayment as DomainLeasingPayment } from '../../domain/contract-payments.ts';
import { InstalmentRef } from './account-ref.ts';
import { contractPaymentFields } from './contract-payment.ts';
import { defineKind, showDate, type Assert, type Same } from './common.ts';

export const LeasingPayment = z
  .object({ ...contractPaymentFields, instalment: InstalmentRef })
  .strict();
export type LeasingPayment = z.infer<typeof LeasingPayment>;

type _LeasingPayment = Assert<Same<LeasingPayment, DomainLeasingPayment>>;

export const leasingPaymentKind = defineKind({
  version: 1,
  schema: LeasingPayment,
  title: { en: 'Leasing payment', ru: 'Лизинговый платёж' },
  validate: (content, context) => validateLeasingPayment(content, context),
  summary: (c, locale = 'en') => ({
    amount: c.amount,
    text:
      locale === 'ru'
        ? `Лизинговый платёж № ${c.instalment.number} со сроком ${showDate(locale, c.instalment.dueDate)} по договору ${c.contractId}`
        : `Leasing instalment ${c.instalment.number} due ${showDate(locale, c.instalment.dueDate)} under contract ${c.contractId}`,
  }),
});
