/**
 * What a signer reads: a document's fields in the order of a bank's form, each with its label in
 * the user's language and its value written for people — money as «1 200 000,00 ₽» with the
 * amount in words, dates as dd.mm.yyyy, codes in words («частичное досрочное погашение», not
 * `partial`), sizes in bytes grouped. Rendered from the body parsed from the canonical bytes
 * (renderSignedDocument takes the bytes themselves), so what is shown is exactly what is signed:
 * every value of the bytes appears, and nothing that is not in them does (a field the document
 * leaves out has no line; the amount in words is said from the amount in the bytes).
 *
 * `field` is the path of the value in the content (for tests and the page's data attributes),
 * never shown to people.
 */
import { amountInWords } from '../../domain/amount-in-words.ts';
import { formatDate, formatInteger, formatMoney, NBSP } from '../../domain/format.ts';
import { fieldLabel } from '../../i18n/validation.ts';
import type { Locale } from '../../i18n/locale.ts';
import type { LocalizedText } from './common.ts';
import { ORDER_TYPE_TITLES } from './payment-documents-order.ts';
import type { DocumentBody } from './index.ts';
import { readSignedDocumentFor } from './signed.ts';

export interface RenderedField {
  /** The value's path in the content ("payee.inn"; "amount:words" for the amount said in words). */
  field: string;
  label: string;
  value: string;
}

type L = LocalizedText;

/** Paths whose numbers are money in kopecks. */
const MONEY = /(^|\.)(amount|principal|payoff|size_kopecks)$/;
/** Paths whose text is an ISO calendar date. */
const DATES = /(^|\.)(date|dueDate|repaymentDate|eventDate|from|to|asOf)$/;

/** Labels as a bank's form words them (the validators' labels for the rest). */
const LABELS: Record<string, L> = {
  number: { en: 'Number', ru: 'Номер' },
  date: { en: 'Date', ru: 'Дата' },
  amount: { en: 'Amount', ru: 'Сумма' },
  'amount:words': { en: 'Amount in words', ru: 'Сумма прописью' },
  'payer.name': { en: 'Payer', ru: 'Плательщик' },
  'payer.inn': { en: "Payer's INN", ru: 'ИНН плательщика' },
  'payer.kpp': { en: "Payer's KPP", ru: 'КПП плательщика' },
  'payer.account': { en: "Payer's account", ru: 'Счёт плательщика' },
  'payer.bank.name': { en: "Payer's bank", ru: 'Банк плательщика' },
  'payer.bank.bic': { en: "Payer's bank BIC", ru: 'БИК банка плательщика' },
  'payer.bank.corrAccount': { en: "Payer's bank correspondent account", ru: 'Корр. счёт банка плательщика' },
  'payer.bic': { en: "Payer's bank BIC", ru: 'БИК банка плательщика' },
  'payee.name': { en: 'Payee', ru: 'Получатель' },
  'payee.inn': { en: "Payee's INN", ru: 'ИНН получателя' },
  'payee.kpp': { en: "Payee's KPP", ru: 'КПП получателя' },
  'payee.account': { en: "Payee's account", ru: 'Счёт получателя' },
  'payee.bank.name': { en: "Payee's bank", ru: 'Банк получателя' },
  'payee.bank.bic': { en: "Payee's bank BIC", ru: 'БИК банка получателя' },
  'payee.bank.corrAccount': { en: "Payee's bank correspondent account", ru: 'Корр. счёт банка получателя' },
  uin: { en: 'Code (UIN)', ru: 'Код (УИН)' },
  priority: { en: 'Payment priority', ru: 'Очерёдность платежа' },
  operationType: { en: 'Kind of operation', ru: 'Вид операции' },
  paymentKind: { en: 'Kind of payment', ru: 'Вид платежа' },
  incomeType: { en: 'Income type code', ru: 'Код вида дохода' },
  contractId: { en: 'Contract', ru: 'Договор' },
  'instalment.number': { en: 'Instalment number', ru: 'Номер платежа по графику' },
  'instalment.dueDate': { en: 'Due date of the instalment', ru: 'Срок платежа по графику' },
  termMonths: { en: 'New term', ru: 'Новый срок' },
  paymentDay: { en: 'New payment day', ru: 'Новый день платежа' },
};

/** Labels a kind words otherwise. */
const KIND_LABELS: Record<string, Record<string, L>> = {
  'leasing-payment': { date: { en: 'Payment date', ru: 'Дата платежа' } },
  'loan-repayment': { date: { en: 'Payment date', ru: 'Дата платежа' } },
  'early-repayment': { type: { en: 'Repayment', ru: 'Погашение' }, amount: { en: 'Repayment amount', ru: 'Сумма погашения' }, recalculation: { en: 'After the repayment', ru: 'После погашения' } },
  'payment-documents-order': { type: { en: 'Document ordered', ru: 'Заказываемый документ' }, 'delivery.method': { en: 'Delivery', ru: 'Способ получения' } },
};

/** The order of a bank's form: these paths (and what is under them) first, in this order; the rest after, as they come. */
const ORDER: Record<string, string[]> = {
  'payment-order': ['number', 'date', 'paymentKind', 'amount', 'payer', 'payee', 'operationType', 'priority', 'uin', 'incomeType', 'purpose', 'budget'],
  'leasing-payment': ['contractId', 'instalment', 'date', 'amount', 'payer', 'purpose'],
  'loan-repayment': ['contractId', 'instalment', 'date', 'amount', 'payer', 'purpose'],
  'early-repayment': ['type', 'contractId', 'repaymentDate', 'amount', 'recalculation'],
  'schedule-change': ['contractId', 'paymentDay', 'termMonths', 'reason'],
  'insurance-case': ['contractId', 'eventDate', 'description', 'attachments'],
  'payment-documents-order': ['type', 'account', 'contractId', 'period', 'asOf', 'documentNumbers', 'delivery', 'comment'],
  'account-opening': ['currency', 'purpose'],
  letter: ['subject', 'body', 'attachments'],
};

/** Payment priority (очерёдность, art. 855 of the Civil Code) in words. */
const PRIORITIES: Record<number, L> = {
  1: { en: 'enforcement orders for harm to life or health, alimony', ru: 'исполнительные документы о возмещении вреда жизни и здоровью, алименты' },
  2: { en: 'enforcement orders for severance pay and wages', ru: 'исполнительные документы о выплате выходных пособий и оплате труда' },
  3: { en: 'wages, taxes and contributions', ru: 'заработная плата, налоги и страховые взносы' },
  4: { en: 'other enforcement orders', ru: 'прочие исполнительные документы' },
  5: { en: 'other payments', ru: 'прочие платежи' },
};

/** Codes in words, by the path's last name. */
const CODES: Record<string, Record<string, L>> = {
  operationType: { '01': { en: 'payment order', ru: 'платёжное поручение' } },
  'early-repayment.type': { full: { en: 'full early repayment', ru: 'полное досрочное погашение' }, partial: { en: 'partial early repayment', ru: 'частичное досрочное погашение' } },
  recalculation: { 'reduce-payment': { en: 'lower each payment, the term stays', ru: 'уменьшение ежемесячного платежа при сохранении срока' }, 'reduce-term': { en: 'shorten the term, the payment stays', ru: 'сокращение срока при сохранении платежа' } },
  'delivery.method': {
    electronic: { en: 'electronically, in the bank client', ru: 'в электронном виде, в системе «Банк-Клиент»' },
    branch: { en: 'on paper, at the branch', ru: 'на бумаге, в отделении банка' },
    courier: { en: 'on paper, by courier', ru: 'на бумаге, курьером' },
  },
  currency: {
    RUB: { en: 'Russian rouble (RUB)', ru: 'российский рубль (RUB)' },
    USD: { en: 'US dollar (USD)', ru: 'доллар США (USD)' },
    EUR: { en: 'euro (EUR)', ru: 'евро (EUR)' },
    CNY: { en: 'Chinese yuan (CNY)', ru: 'китайский юань (CNY)' },
    XAU: { en: 'gold, metal account (XAU)', ru: 'золото, обезличенный металлический счёт (XAU)' },
    XAG: { en: 'silver, metal account (XAG)', ru: 'серебро, обезличенный металлический счёт (XAG)' },
    XPT: { en: 'platinum, metal account (XPT)', ru: 'платина, обезличенный металлический счёт (XPT)' },
    XPD: { en: 'palladium, metal account (XPD)', ru: 'палладий, обезличенный металлический счёт (XPD)' },
  },
};

function own<T>(table: Record<string, T> | undefined, key: string | number): T | undefined {
  return table !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}

/** "месяцев" after a number: 1 месяц, 2 месяца, 5 месяцев. */
function months(n: number, locale: Locale): string {
  if (locale === 'en') return `${formatInteger(n, locale)}${NBSP}${n === 1 ? 'month' : 'months'}`;
  const tens = n % 100;
  const last = n % 10;
  const word = tens >= 11 && tens <= 14 ? 'месяцев' : last === 1 ? 'месяц' : last >= 2 && last <= 4 ? 'месяца' : 'месяцев';
  return `${formatInteger(n, locale)}${NBSP}${word}`;
}

function bytesText(n: number, locale: Locale): string {
  if (locale === 'en') return `${formatInteger(n, locale)}${NBSP}${n === 1 ? 'byte' : 'bytes'}`;
  const tens = n % 100;
  const last = n % 10;
  const word = last >= 2 && last <= 4 && (tens < 12 || tens > 14) ? 'байта' : 'байт';
  return `${formatInteger(n, locale)}${NBSP}${word}`;
}

/** A code with its meaning: "5 — прочие платежи"; an unknown code as it is. */
const withMeaning = (code: string | number, meaning: L | undefined, locale: Locale): string => (meaning ? `${code} — ${meaning[locale]}` : String(code));

/** A leaf value written for people. */
function valueText(kind: string, path: string, value: string | number | boolean, locale: Locale): string {
  const pattern = path.replace(/\.\d+(?=\.|$)/g, '.*');
  const last = pattern.slice(pattern.lastIndexOf('.') + 1);
  if (typeof value === 'number') {
    if (MONEY.test(path) && Number.isSafeInteger(value)) return formatMoney(value, locale);
    if (pattern === 'priority') return withMeaning(value, own(PRIORITIES, value), locale);
    if (pattern === 'termMonths' && Number.isSafeInteger(value)) return months(value, locale);
    if (pattern === 'attachments.*.size' && Number.isSafeInteger(value)) return bytesText(value, locale);
    return Number.isSafeInteger(value) ? formatInteger(value, locale) : String(value);
  }
  if (typeof value === 'boolean') return locale === 'ru' ? (value ? 'да' : 'нет') : value ? 'yes' : 'no';
  if (DATES.test(path)) return formatDate(value, locale);
  if (kind === 'payment-documents-order' && pattern === 'type') return own(ORDER_TYPE_TITLES, value)?.[locale] ?? value;
  if (kind === 'early-repayment' && pattern === 'type') return own(CODES['early-repayment.type'], value)?.[locale] ?? value;
  if (pattern === 'operationType') return withMeaning(value, own(CODES.operationType, value), locale);
  const words = own(CODES[pattern], value) ?? (pattern === last ? undefined : own(CODES[last], value));
  if (words && (pattern === 'recalculation' || pattern === 'delivery.method' || pattern === 'currency')) return words[locale];
  return value;
}

function labelOf(kind: string, path: string, locale: Locale): string {
  const pattern = path.replace(/\.\d+(?=\.|$)/g, '.*');
  const l = own(own(KIND_LABELS, kind), pattern) ?? own(LABELS, pattern);
  return l ? l[locale] : fieldLabel(locale, path, kind);
}

function walk(out: RenderedField[], locale: Locale, kind: string, path: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(out, locale, kind, `${path}.${i}`, v));
    return;
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) walk(out, locale, kind, path ? `${path}.${k}` : k, v);
    return;
  }
  const leaf = value as string | number | boolean;
  out.push({ field: path, label: labelOf(kind, path, locale), value: valueText(kind, path, leaf, locale) });
  // the amount in words, said from the amount in the bytes, right under it
  if (path === 'amount' && typeof leaf === 'number' && Number.isSafeInteger(leaf) && leaf >= 0) {
    let words: string | undefined;
    try {
      words = amountInWords(leaf, locale);
    } catch {
      words = undefined; // too large to say: the figures stand alone
    }
    if (words) out.push({ field: 'amount:words', label: labelOf(kind, 'amount:words', locale), value: words });
  }
}

/** The fields of a body as the signer reads them, in the order of the kind's form. */
export function renderDocument(body: DocumentBody, locale: Locale): RenderedField[] {
  const content = body.content as Record<string, unknown>;
  const order = ORDER[body.kind] ?? [];
  const keys = [...order.filter((k) => Object.hasOwn(content, k)), ...Object.keys(content).filter((k) => !order.includes(k))];
  const out: RenderedField[] = [];
  for (const key of keys) walk(out, locale, body.kind, key, content[key]);
  return out;
}

export type RenderedSigned = { ok: true; fields: RenderedField[] } | { ok: false; reason: string; field: string };

/**
 * The text a signer reads, from the signed bytes themselves: only bytes that are exactly
 * canonical and name this document (and company, when known) are rendered.
 */
export function renderSignedDocument(bytes: Uint8Array, expected: { id: string; companyId?: string | undefined }, locale: Locale): RenderedSigned {
  const read = readSignedDocumentFor(bytes, expected);
  if (!read.ok) return { ok: false, reason: read.reason, field: read.field };
  return { ok: true, fields: renderDocument(read.body, locale) };
}

/** The rendered fields as lines of text, "Label: value" (the CLI prints these). */
export function renderedLines(fields: readonly RenderedField[]): string[] {
  return fields.map((f) => `${f.label}: ${f.value}`);
}

