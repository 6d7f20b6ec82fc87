/** Tells the bank that an insured event (accident, theft, damage) happened to a leased or pledged car. */
import { z } from 'zod';
import { validateInsuranceCase, type InsuranceCaseNotice } from '../../domain/applications.ts';
import { Attachments } from './attachment.ts';
import { Code, defineKind, excerpt, IsoDate, showDate, Text, type Assert, type Same } from './common.ts';

export const InsuranceCase = z
  .object({
    contractId: Code,
    eventDate: IsoDate,
    description: Text,
    attachments: Attachments,
  })
  .strict();
export type InsuranceCase = z.infer<typeof InsuranceCase>;

type _InsuranceCase = Assert<Same<InsuranceCase, InsuranceCaseNotice>>;

export const insuranceCaseKind = defineKind({
  version: 1,
  schema: InsuranceCase,
  title: { en: 'Insurance case notice', ru: 'Уведомление о страховом случае' },
  validate: (content, context) => validateInsuranceCase(content, context),
  summary: (c, locale = 'en') => ({
    text:
      locale === 'ru'
        ? `Страховой случай ${showDate(locale, c.eventDate)} по договору ${c.contractId}: ${excerpt(c.description)}`
        : `Insurance case of ${showDate(locale, c.eventDate)} under contract ${c.contractId}: ${excerpt(c.description)}`,
  }),
});
