/** An application to move the payment day of a contract's schedule and/or change its term. */
import { z } from 'zod';
import { validateScheduleChange, type ScheduleChangeApplication } from '../../domain/applications.ts';
import { Code, defineKind, excerpt, Text, type Assert, type Same } from './common.ts';

export const ScheduleChange = z
  .object({
    contractId: Code,
    paymentDay: z.int().optional().meta({ description: 'The day of the month payments should fall on, 1-31' }),
    termMonths: z.int().optional().meta({ description: 'The whole term wanted, in months' }),
    reason: Text,
  })
  .strict();
export type ScheduleChange = z.infer<typeof ScheduleChange>;

type _ScheduleChange = Assert<Same<ScheduleChange, ScheduleChangeApplication>>;

export const scheduleChangeKind = defineKind({
  version: 1,
  schema: ScheduleChange,
  title: { en: 'Schedule change application', ru: 'Заявление на изменение графика платежей' },
  validate: (content, context) => validateScheduleChange(content, context),
  summary: (c, locale = 'en') => {
    const asks: string[] = [];
    if (c.paymentDay !== undefined) asks.push(locale === 'ru' ? `день платежа ${c.paymentDay}` : `payment day ${c.paymentDay}`);
    if (c.termMonths !== undefined) asks.push(locale === 'ru' ? `срок ${c.termMonths} мес.` : `term ${c.termMonths} months`);
    const head = locale === 'ru' ? `Изменение графика по договору ${c.contractId}` : `Schedule change for contract ${c.contractId}`;
    return { text: `${head}${asks.length ? `: ${asks.join(', ')}` : ''} — ${excerpt(c.reason)}` };
  },
});
