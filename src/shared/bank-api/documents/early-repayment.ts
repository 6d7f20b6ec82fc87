/** An application to repay a loan or lease early, in full or in part. */
import { z } from 'zod';
import { RECALCULATIONS, validateEarlyRepayment, type EarlyRepaymentApplication as DomainEarlyRepayment } from '../../domain/applications.ts';
import { Amount, Code, defineKind, IsoDate, showDate, type Assert, type Same } from './common.ts';

const base = { contractId: Code, repaymentDate: IsoDate };

export const EarlyRepayment = z.discriminatedUnion('type', [
  z.object({ type: z.literal('full'), ...base }).strict(),
  z
    .object({
      type: z.literal('partial'),
      ...base,
      amount: Amount,
      recalculation: z.enum(RECALCULATIONS).meta({ description: 'After the repayment: lower each payment, or shorten the term' }),
    })
    .strict(),
]);
export type EarlyRepayment = z.infer<typeof EarlyRepayment>;

type _EarlyRepayment = Assert<Same<EarlyRepayment, DomainEarlyRepayment>>;

export const earlyRepaymentKind = defineKind({
  version: 1,
  schema: EarlyRepayment,
  title: { en: 'Early repayment application', ru: 'Заявление на досрочное погашение' },
  validate: (content, context) => validateEarlyRepayment(content, context),
  summary: (c, locale = 'en') => {
    const date = showDate(locale, c.repaymentDate);
    if (c.type === 'full') {
      return { text: locale === 'ru' ? `Полное досрочное погашение договора ${c.contractId} на ${date}` : `Full early repayment of contract ${c.contractId} on ${date}` };
    }
    const then =
      locale === 'ru'
        ? c.recalculation === 'reduce-payment'
          ? 'с уменьшением платежа'
          : 'с сокращением срока'
        : c.recalculation === 'reduce-payment'
          ? 'reducing the payment'
          : 'shortening the term';
    return {
      amount: c.amount,
      text: locale === 'ru' ? `Частичное досрочное погашение договора ${c.contractId} на ${date} ${then}` : `Partial early repayment of contract ${c.contractId} on ${date}, ${then}`,
    };
  },
});
