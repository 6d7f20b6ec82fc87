/**
 * A document whose status the bank changed, in words for people:
 * «Платёжное поручение № 12 на 1 200 000,00 ₽ исполнено», "Payment order No. 12 for RUB 1,200,000.00 executed".
 * The page shows it and the desktop shell puts it in a system notification; both word it here.
 */
import { t, type Locale, type MessageKey } from './index.ts';

export interface StatusNoticeFacts {
  kind: string;
  number?: string | null | undefined;
  /** Kopecks. */
  amount?: number | null | undefined;
  status: string;
  rejection?: { code: string; reason: string } | undefined;
}

/** The grammatical gender of each kind's name in Russian (the participle agrees with it). */
const KIND_GENDER: Record<string, 'm' | 'f' | 'n'> = {
  'payment-order': 'n',
  'leasing-payment': 'm',
  'loan-repayment': 'n',
  'early-repayment': 'n',
  'schedule-change': 'n',
  'insurance-case': 'm',
  'payment-documents-order': 'm',
  'account-opening': 'n',
  letter: 'n',
};

/** Kopecks as a bank writes them: 1 200 000,00 ₽ / RUB 1,200,000.00. */
export function noticeAmount(locale: Locale, kopecks: number): string {
  const n = new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(kopecks / 100);
  return locale === 'ru' ? `${n}\u00a0₽` : `RUB\u00a0${n}`;
}

export function statusNotice(locale: Locale, f: StatusNoticeFacts): string {
  const kindKey = `ui.kind.${f.kind}`;
  const kind = t(locale, kindKey as MessageKey);
  const statusKey = `ui.status.${f.status}` as MessageKey;
  const word = locale === 'ru' ? t(locale, 'ui.notice.status-word', { status: f.status, gender: KIND_GENDER[f.kind] ?? 'n' }) : t(locale, statusKey).toLowerCase();
  return t(locale, 'ui.notice.status', {
    kind,
    number: f.number ?? '',
    amount: typeof f.amount === 'number' && f.amount > 0 ? noticeAmount(locale, f.amount) : '',
    word,
    reason: f.status === 'rejected' ? (f.rejection?.reason ?? '') : '',
  });
}
