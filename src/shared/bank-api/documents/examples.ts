/**
 * One valid document of each kind (valid as of 2026-11-25, with no warnings): for tests, the
 * OpenAPI examples, the conformance suite and demo data. The accounts are the valid pairs of docs/architecture.md.
 */
import type { DocumentContent, DocumentKindName } from './index.ts';

const payerAccount = { account: '40702810400000004583', bic: '046015804' };
const hex = (seed: string): string => seed.repeat(64).slice(0, 64);

/** The date the examples are valid on (ValidationContext.today). */
export const EXAMPLES_VALID_ON = '2026-11-25';

export const DOCUMENT_EXAMPLES: { readonly [K in DocumentKindName]: DocumentContent<K> } = {
  'payment-order': {
    number: '42',
    date: '2026-11-25',
    amount: 15_000_000,
    payer: { name: 'ООО "Ромашка"', inn: '7707083893', kpp: '770701001', account: '40702810400000004583', bank: { name: 'Банк', bic: '046015804' } },
    payee: { name: 'ООО "Лютик"', inn: '500100732259', account: '40602810700000000025', bank: { name: 'Банк 2', bic: '049805746' } },
    uin: '0',
    priority: 5,
    purpose: 'Оплата по договору № 7 от 01.11.2026, НДС не облагается',
    operationType: '01',
  },
  'leasing-payment': {
    contractId: 'ЛД-2026/015',
    instalment: { number: 12, dueDate: '2026-11-30' },
    amount: 8_450_000,
    payer: payerAccount,
    date: '2026-11-27',
    purpose: 'Лизинговый платёж № 12 по договору ЛД-2026/015 от 15.11.2025, в т.ч. НДС 20%',
  },
  'loan-repayment': {
    contractId: 'КР-2025/0412',
    instalment: { number: 3, dueDate: '2026-12-07' },
    amount: 5_123_456,
    payer: payerAccount,
    date: '2026-11-27',
    purpose: 'Погашение кредита по договору КР-2025/0412, платёж № 3, без НДС',
  },
  'early-repayment': {
    type: 'partial',
    contractId: 'КР-2025/0412',
    repaymentDate: '2026-12-07',
    amount: 100_000_000,
    recalculation: 'reduce-term',
  },
  'schedule-change': {
    contractId: 'ЛД-2026/015',
    paymentDay: 15,
    termMonths: 48,
    reason: 'Выручка поступает от заказчиков после 10-го числа; просим перенести дату платежа.',
  },
  'insurance-case': {
    contractId: 'ЛД-2026/015',
    eventDate: '2026-11-20',
    description: 'ДТП 20.11.2026 на МКАД: повреждены передний бампер и фара предмета лизинга (Lada Largus, VIN XTA000000000000001).',
    attachments: [
      { name: 'справка ГИБДД.pdf', mediaType: 'application/pdf', size: 245_760, sha256: hex('a1') },
      { name: 'фото 1.jpg', mediaType: 'image/jpeg', size: 1_843_200, sha256: hex('b2') },
    ],
  },
  'payment-documents-order': {
    type: 'statement',
    account: '40702810400000004583',
    period: { from: '2026-10-01', to: '2026-10-31' },
    delivery: { method: 'electronic' },
  },
  'account-opening': {
    currency: 'CNY',
    purpose: 'Расчёты с поставщиками запчастей из КНР',
  },
  letter: {
    subject: 'Уточнение реквизитов',
    body: 'Просим подтвердить реквизиты для оплаты лизинговых платежей по договору ЛД-2026/015.',
    attachments: [],
  },
};
