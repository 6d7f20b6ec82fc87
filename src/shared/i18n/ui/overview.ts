/** Words added for issue 13 (the dashboard's totals, the list's totals, leasing, early repayment quote, the messages badge). */
import type { Entry } from '../entry.ts';
import { ruPlural as plural } from '../plural.ts';

const kindsRu: Record<string, string> = { 'payment-order': 'Платёжные поручения', 'leasing-payment': 'Лизинговые платежи', 'loan-repayment': 'Погашения кредита' };
const kindsEn: Record<string, string> = { 'payment-order': 'Payment orders', 'leasing-payment': 'Leasing payments', 'loan-repayment': 'Loan repayments' };

export const overviewUiMessages = {
  // the documents list: totals per kind and currency, payments only
  'ui.documents.totals': { en: () => 'Totals of payments', ru: () => 'Итоги по платежам' },
  'ui.documents.totals.line': {
    en: (p) => `${kindsEn[String(p.kind)] ?? String(p.kind)}${p.draft === 'yes' ? ' (drafts)' : ''}, ${p.currency}: ${p.count} for ${p.amount}`,
    ru: (p) => `${kindsRu[String(p.kind)] ?? String(p.kind)}${p.draft === 'yes' ? ' (черновики)' : ''}, ${p.currency}: ${p.count} на сумму ${p.amount}`,
  },
  'ui.documents.totals.none': { en: () => 'No payments among them: applications and letters carry no sum.', ru: () => 'Платежей среди них нет: у заявлений и писем суммы нет.' },
  // the dashboard
  'ui.overview.total-title': { en: () => 'Total balance', ru: () => 'Общий остаток' },
  'ui.overview.total-line': {
    en: (p) => `${p.currency}: ${p.amount} on ${p.count} ${Number(p.count) === 1 ? 'account' : 'accounts'}`,
    ru: (p) => `${p.currency}: ${p.amount} на ${p.count} ${plural(Number(p.count), 'счёте', 'счетах', 'счетах')}`,
  },
  'ui.overview.new-payment': { en: () => 'New payment', ru: () => 'Новый платёж' },
  // leasing contracts and schedules
  'ui.overview.leasing.payments-total': { en: () => 'Leasing payments in all', ru: () => 'Сумма лизинговых платежей' },
  'ui.overview.leasing.vat-rate': { en: () => 'VAT', ru: () => 'НДС' },
  'ui.overview.leasing.payment': { en: () => 'Leasing payment', ru: () => 'Лизинговый платёж' },
  'ui.overview.leasing.vat': { en: () => 'of which VAT', ru: () => 'в т.ч. НДС' },
  'ui.overview.leasing.left': { en: () => 'Payments left', ru: () => 'Осталось к уплате' },
  // early repayment: the bank's quote
  'ui.overview.quote.title': { en: () => 'The bank\u2019s calculation', ru: () => 'Расчёт банка' },
  'ui.overview.quote.payoff': { en: () => 'Full repayment on this date', ru: () => 'Полное погашение на эту дату' },
  'ui.overview.quote.new-payment': { en: () => 'New monthly payment', ru: () => 'Новый ежемесячный платёж' },
  'ui.overview.quote.new-term': { en: () => 'Payments left after it', ru: () => 'Платежей останется' },
  'ui.overview.quote.new-end': { en: () => 'Last payment', ru: () => 'Последний платёж' },
  'ui.overview.quote.schedule': { en: () => 'New schedule', ru: () => 'Новый график' },
  'ui.overview.quote.weekend': { en: (p) => `${p.date} is not a working day; the bank takes applications for working days.`, ru: (p) => `${p.date} — нерабочий день; банк принимает заявления на рабочие дни.` },
  // messages
  'ui.overview.messages.badge': {
    en: (p) => `${p.count} unread`,
    ru: (p) => `${p.count} ${plural(Number(p.count), 'непрочитанное', 'непрочитанных', 'непрочитанных')}`,
  },
  // leasing on the overview: payments with VAT left to pay, not a debt (issue 13, defect 10)
  'ui.overview.contracts.left': { en: () => 'Left to pay', ru: () => 'Осталось' },
  'ui.overview.loan.left-note': { en: () => 'principal debt', ru: () => 'основной долг' },
  'ui.overview.leasing.left-note': { en: (p) => `leasing payments incl. VAT ${p.vat}`, ru: (p) => `лизинговые платежи, в т.ч. НДС ${p.vat}` },
  'ui.overview.leasing.next-vat': { en: (p) => `incl. VAT ${p.vat}`, ru: (p) => `в т.ч. НДС ${p.vat}` },
  'ui.overview.leasing.chart-title': { en: () => 'Leasing payments left', ru: () => 'Остаток лизинговых платежей' },
  'ui.overview.leasing.chart-y-axis': { en: () => 'Left to pay, thousand RUB', ru: () => 'Осталось к уплате, тыс. руб.' },
  'ui.overview.leasing.chart-summary': {
    en: (p) => `The leasing payments left (incl. VAT) fall from ${p.start} to ${p.end} over ${p.count} payments, from ${p.from} to ${p.to}; ${p.paid} paid. The table below lists every point.`,
    ru: (p) => `Остаток лизинговых платежей (с НДС) снижается с ${p.start} до ${p.end} за ${p.count} ${plural(Number(p.count), 'платёж', 'платежа', 'платежей')}, с ${p.from} по ${p.to}; оплачено ${p.paid}. Все точки — в таблице ниже.`,
  },
} satisfies Record<string, Entry>;
