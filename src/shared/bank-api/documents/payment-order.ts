/**
 * The Russian payment order (form 0401060): every field a client fills in, including the
 * budget fields 101 and 104-109 and the UIN (field 22). Field numbers are in the comments of
 * src/shared/domain/payment-order.ts; the rules are validatePaymentOrder's.
 */
import { z } from 'zod';
import { validatePaymentOrder, type BankRef as DomainBankRef, type BudgetFields as DomainBudgetFields, type Party as DomainParty, type PaymentOrder as DomainPaymentOrder } from '../../domain/payment-order.ts';
import { Amount, Code, defineKind, excerpt, IsoDate, Line, showDate, type Assert, type Same } from './common.ts';

export const BankRef = z.object({ name: Line, bic: Code, corrAccount: Code.optional() }).strict();

export const Party = z
  .object({
    name: Line,
    inn: Code.meta({ description: 'INN: 10 digits (company), 12 (person), or "0" for a payee without one' }),
    kpp: Code.optional(),
    account: Code,
    bank: BankRef,
  })
  .strict();

export const BudgetFields = z
  .object({
    payerStatus: Code.meta({ description: 'Field 101' }),
    kbk: Code.meta({ description: 'Field 104' }),
    oktmo: Code.meta({ description: 'Field 105' }),
    basis: Code.meta({ description: 'Field 106' }),
    period: Code.meta({ description: 'Field 107' }),
    documentNumber: Code.meta({ description: 'Field 108' }),
    documentDate: Code.meta({ description: 'Field 109' }),
  })
  .strict();

export const PaymentOrder = z
  .object({
    number: Code,
    date: IsoDate,
    amount: Amount,
    payer: Party,
    payee: Party,
    uin: Code.meta({ description: 'Field 22 "Код": the UIN or "0"' }),
    priority: z.int().meta({ description: 'Очерёдность, 1-5' }),
    purpose: Line,
    operationType: Code.meta({ description: 'Field 18 "Вид оп.": 01' }),
    paymentKind: Code.optional().meta({ description: 'Field 5 "Вид платежа"' }),
    incomeType: Code.optional().meta({ description: 'Field 20 "Наз. пл.": income type code 1-5 of a payment to a person' }),
    budget: BudgetFields.optional(),
  })
  .strict();
export type PaymentOrder = z.infer<typeof PaymentOrder>;

type _BankRef = Assert<Same<z.infer<typeof BankRef>, DomainBankRef>>;
type _Party = Assert<Same<z.infer<typeof Party>, DomainParty>>;
type _Budget = Assert<Same<z.infer<typeof BudgetFields>, DomainBudgetFields>>;
type _PaymentOrder = Assert<Same<PaymentOrder, DomainPaymentOrder>>;

export const paymentOrderKind = defineKind({
  version: 1,
  schema: PaymentOrder,
  title: { en: 'Payment order', ru: 'Платёжное поручение' },
  validate: (content, context) => validatePaymentOrder(content, context),
  summary: (c, locale = 'en') => ({
    amount: c.amount,
    counterparty: c.payee.name,
    number: c.number,
    text:
      locale === 'ru'
        ? `№ ${c.number} от ${showDate(locale, c.date)}, ${c.payee.name}, ИНН ${c.payee.inn}: ${excerpt(c.purpose)}`
        : `No. ${c.number} of ${showDate(locale, c.date)}, ${c.payee.name}, INN ${c.payee.inn}: ${excerpt(c.purpose)}`,
  }),
});
