import type { ValidationIssue } from '../domain/validation.ts';
import type { Locale } from './locale.ts';

type Params = Record<string, string | number>;
type Localized = Record<Locale, string>;

/** Labels of the fields validators name, as the payment order form shows them. */
const FIELD_LABELS: Record<string, Localized> = {
  number: { en: 'Number', ru: 'Номер' },
  date: { en: 'Date', ru: 'Дата' },
  amount: { en: 'Amount', ru: 'Сумма' },
  uin: { en: 'Code (UIN, field 22)', ru: 'Код (УИН, поле 22)' },
  priority: { en: 'Priority', ru: 'Очерёдность' },
  purpose: { en: 'Purpose of payment', ru: 'Назначение платежа' },
  operationType: { en: 'Operation type', ru: 'Вид операции' },
  budget: { en: 'Budget payment fields', ru: 'Реквизиты платежа в бюджет' },
  'budget.payerStatus': { en: 'Payer status (field 101)', ru: 'Статус составителя (поле 101)' },
  'budget.kbk': { en: 'Budget classification code (field 104)', ru: 'КБК (поле 104)' },
  'budget.oktmo': { en: 'OKTMO (field 105)', ru: 'ОКТМО (поле 105)' },
  'budget.basis': { en: 'Payment basis (field 106)', ru: 'Основание платежа (поле 106)' },
  'budget.period': { en: 'Tax period (field 107)', ru: 'Налоговый период (поле 107)' },
  'budget.documentNumber': { en: 'Document number (field 108)', ru: 'Номер документа (поле 108)' },
  'budget.documentDate': { en: 'Document date (field 109)', ru: 'Дата документа (поле 109)' },
};
const PARTY_LABELS: Record<string, Localized> = {
  name: { en: 'name', ru: 'наименование' },
  inn: { en: 'INN', ru: 'ИНН' },
  kpp: { en: 'KPP', ru: 'КПП' },
  account: { en: 'account', ru: 'счёт' },
  'bank.bic': { en: "bank's BIC", ru: 'БИК банка' },
  'bank.name': { en: "bank's name", ru: 'наименование банка' },
  'bank.corrAccount': { en: "bank's correspondent account", ru: 'корр. счёт банка' },
};
const ROLES: Record<string, Localized> = { payer: { en: 'Payer', ru: 'Плательщик' }, payee: { en: 'Payee', ru: 'Получатель' } };

/** The label of a field path in a locale; unknown paths are shown as they are. */
export function fieldLabel(locale: Locale, field: string): string {
  const direct = FIELD_LABELS[field];
  if (direct) return direct[locale];
  const [role, ...rest] = field.split('.');
  const party = PARTY_LABELS[rest.join('.')];
  const who = role ? ROLES[role] : undefined;
  return who && party ? `${who[locale]}: ${party[locale]}` : field;
}

const RULES: Record<string, Record<Locale, (p: Params) => string>> = {
  required: { en: () => 'required', ru: () => 'обязательное поле' },
  'too-long': { en: (p) => `at most ${p.max} characters`, ru: (p) => `не более ${p.max} символов` },
  'number.format': { en: (p) => `"${p.value}" is not a number of 1 to ${p.max} characters`, ru: (p) => `«${p.value}» — не номер из 1–${p.max} символов` },
  'date.format': { en: (p) => `"${p.value}" is not a valid date`, ru: (p) => `«${p.value}» — неверная дата` },
  'amount.invalid': { en: (p) => `"${p.value}" is not a positive amount in kopecks`, ru: (p) => `«${p.value}» — не положительная сумма в копейках` },
  'inn.format': { en: (p) => `"${p.value}" is not 10 or 12 digits`, ru: (p) => `«${p.value}» — не 10 и не 12 цифр` },
  'inn.checksum': { en: (p) => `"${p.value}" has a wrong check digit`, ru: (p) => `в «${p.value}» неверное контрольное число` },
  'kpp.format': { en: (p) => `"${p.value}" is not 9 characters of the form NNNNXXNNN`, ru: (p) => `«${p.value}» — не 9 знаков вида NNNNXXNNN` },
  'kpp.missing': { en: () => 'a company (10-digit INN) usually has a KPP', ru: () => 'у организации (ИНН из 10 цифр) обычно есть КПП' },
  'bic.format': { en: (p) => `"${p.value}" is not 9 digits`, ru: (p) => `«${p.value}» — не 9 цифр` },
  'account.format': { en: (p) => `"${p.value}" is not 20 digits`, ru: (p) => `«${p.value}» — не 20 цифр` },
  'account.key': { en: (p) => `"${p.value}" does not match the bank's BIC (control key)`, ru: (p) => `«${p.value}» не соответствует БИК банка (ключ счёта)` },
  'account.same-as-payer': { en: () => "the same as the payer's account", ru: () => 'совпадает со счётом плательщика' },
  'uin.invalid': { en: (p) => `"${p.value}" is neither 0 nor a UIN of 20 or 25 digits with a valid check digit`, ru: (p) => `«${p.value}» — не 0 и не УИН из 20 или 25 цифр с верным контрольным разрядом` },
  'priority.range': { en: (p) => `${p.value} is not from 1 to 5`, ru: (p) => `${p.value} — не от 1 до 5` },
  'priority.unusual': { en: (p) => `${p.value} is unusual for an ordinary payment (usually 5)`, ru: (p) => `${p.value} — необычно для обычного платежа (как правило, 5)` },
  'operation-type.invalid': { en: (p) => `"${p.value}" is not 01 (payment order)`, ru: (p) => `«${p.value}» — не 01 (платёжное поручение)` },
  'budget.required': { en: () => 'a payment to a treasury account needs fields 101 and 104-109', ru: () => 'для платежа на казначейский счёт нужны поля 101 и 104–109' },
  'payer-status.unknown': { en: (p) => `"${p.value}" is not in the list of payer statuses`, ru: (p) => `«${p.value}» нет в списке статусов составителя` },
  'kbk.format': { en: (p) => `"${p.value}" is neither 0 nor 20 characters`, ru: (p) => `«${p.value}» — не 0 и не 20 знаков` },
  'oktmo.format': { en: (p) => `"${p.value}" is neither 0 nor 8 or 11 digits`, ru: (p) => `«${p.value}» — не 0 и не 8 или 11 цифр` },
  'basis.format': { en: (p) => `"${p.value}" is neither 0 nor two capital letters`, ru: (p) => `«${p.value}» — не 0 и не две заглавные буквы` },
  'period.format': { en: (p) => `"${p.value}" is neither 0 nor a period such as МС.03.2026`, ru: (p) => `«${p.value}» — не 0 и не период вида МС.03.2026` },
};

export const VALIDATION_CODES = Object.keys(RULES);

/** "Payer: INN: "7701325469" has a wrong check digit" in the user's language. */
export function issueMessage(locale: Locale, issue: ValidationIssue): string {
  const rule = RULES[issue.code];
  const text = rule ? rule[locale](issue.params ?? {}) : issue.code;
  return `${fieldLabel(locale, issue.field)}: ${text}`;
}
