/** Orders from the bank copies of payment documents, a statement, or a certificate, and says how to deliver them. */
import { z } from 'zod';
import { DOCUMENT_ORDER_TYPES, validatePaymentDocumentsOrder, type DocumentOrderType, type PaymentDocumentsOrder as DomainOrder } from '../../domain/applications.ts';
import { CAP, Code, defineKind, IsoDate, Line, showDate, Text, type Assert, type LocalizedText, type Same } from './common.ts';

export const Delivery = z.discriminatedUnion('method', [
  z.object({ method: z.literal('electronic') }).strict(),
  z.object({ method: z.literal('branch'), copies: z.int() }).strict(),
  z.object({ method: z.literal('courier'), copies: z.int(), address: Line }).strict(),
]);

export const PaymentDocumentsOrder = z
  .object({
    type: z.enum(DOCUMENT_ORDER_TYPES),
    account: Code.optional(),
    contractId: Code.optional(),
    period: z.object({ from: IsoDate, to: IsoDate }).strict().optional(),
    asOf: IsoDate.optional().meta({ description: 'The date a certificate speaks of' }),
    documentNumbers: z.array(Code).max(CAP.list * 10).optional(),
    delivery: Delivery,
    comment: Text.optional(),
  })
  .strict();
export type PaymentDocumentsOrder = z.infer<typeof PaymentDocumentsOrder>;

type _Order = Assert<Same<PaymentDocumentsOrder, DomainOrder>>;

export const ORDER_TYPE_TITLES: Record<DocumentOrderType, LocalizedText> = {
  'payment-copies': { en: 'Copies of payment documents', ru: 'Копии платёжных документов' },
  statement: { en: 'Account statement', ru: 'Выписка по счёту' },
  'turnover-certificate': { en: 'Certificate of account turnover', ru: 'Справка об оборотах по счёту' },
  'balance-certificate': { en: 'Certificate of account balance', ru: 'Справка об остатке на счёте' },
  'accounts-certificate': { en: 'Certificate of open accounts', ru: 'Справка об открытых счетах' },
  'loan-debt-certificate': { en: 'Certificate of loan debt', ru: 'Справка о задолженности по кредиту' },
};

export const paymentDocumentsOrderKind = defineKind({
  version: 1,
  schema: PaymentDocumentsOrder,
  title: { en: 'Order of documents from the bank', ru: 'Заказ документов в банке' },
  validate: (content, context) => validatePaymentDocumentsOrder(content, context),
  summary: (c, locale = 'en') => {
    const ru = locale === 'ru';
    const parts = [ORDER_TYPE_TITLES[c.type][locale]];
    if (c.account !== undefined) parts.push(ru ? `счёт ${c.account}` : `account ${c.account}`);
    if (c.contractId !== undefined) parts.push(ru ? `договор ${c.contractId}` : `contract ${c.contractId}`);
    if (c.period) parts.push(ru ? `с ${showDate(locale, c.period.from)} по ${showDate(locale, c.period.to)}` : `from ${showDate(locale, c.period.from)} to ${showDate(locale, c.period.to)}`);
    if (c.asOf !== undefined) parts.push(ru ? `на ${showDate(locale, c.asOf)}` : `as of ${showDate(locale, c.asOf)}`);
    return { text: parts.join(', ') };
  },
});
