import { formatDate } from '../domain/format.ts';
import type { ValidationIssue } from '../domain/validation.ts';
import type { Locale } from './locale.ts';

type Params = Record<string, string | number>;
type Localized = Record<Locale, string>;

/**
 * Labels of the fields validators and the document parser name, by path relative to the
 * document's content (numeric segments of lists written as "*"; "{n}" in a label is the item's
 * number from 1). The envelope's own fields are "kind", "version", "content", and "" the whole.
 */
const FIELD_LABELS: Record<string, Localized> = {
  '': { en: 'Document', ru: 'Документ' },
  kind: { en: 'Document kind', ru: 'Вид документа' },
  version: { en: 'Document schema version', ru: 'Версия схемы документа' },
  content: { en: 'Document content', ru: 'Содержание документа' },
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
  paymentKind: { en: 'Payment kind (field 5)', ru: 'Вид платежа (поле 5)' },
  incomeType: { en: 'Income type code (field 20)', ru: 'Код вида дохода (поле 20)' },
  payer: { en: 'Payer', ru: 'Плательщик' },
  payee: { en: 'Payee', ru: 'Получатель' },
  // contracts
  contractId: { en: 'Contract number', ru: 'Номер договора' },
  instalment: { en: 'Scheduled instalment', ru: 'Платёж по графику' },
  'instalment.number': { en: 'Instalment number', ru: 'Номер платежа по графику' },
  'instalment.dueDate': { en: 'Instalment due date', ru: 'Срок платежа по графику' },
  type: { en: 'Type', ru: 'Вид' },
  repaymentDate: { en: 'Repayment date', ru: 'Дата погашения' },
  recalculation: { en: 'Recalculation of the schedule', ru: 'Пересчёт графика' },
  paymentDay: { en: 'Payment day', ru: 'День платежа' },
  termMonths: { en: 'Term, months', ru: 'Срок, месяцев' },
  reason: { en: 'Reason', ru: 'Причина' },
  eventDate: { en: 'Date of the event', ru: 'Дата события' },
  description: { en: 'Description', ru: 'Описание' },
  // attachments
  attachments: { en: 'Attachments', ru: 'Вложения' },
  'attachments.*': { en: 'Attachment {n}', ru: 'Вложение {n}' },
  'attachments.*.name': { en: 'Attachment {n}: file name', ru: 'Вложение {n}: имя файла' },
  'attachments.*.mediaType': { en: 'Attachment {n}: file type', ru: 'Вложение {n}: тип файла' },
  'attachments.*.size': { en: 'Attachment {n}: size', ru: 'Вложение {n}: размер' },
  'attachments.*.sha256': { en: 'Attachment {n}: SHA-256 digest', ru: 'Вложение {n}: хеш SHA-256' },
  // ordering documents
  account: { en: 'Account', ru: 'Счёт' },
  period: { en: 'Period', ru: 'Период' },
  'period.from': { en: 'Start of the period', ru: 'Начало периода' },
  'period.to': { en: 'End of the period', ru: 'Конец периода' },
  asOf: { en: 'As of date', ru: 'Дата, на которую' },
  documentNumbers: { en: 'Document numbers', ru: 'Номера документов' },
  'documentNumbers.*': { en: 'Document number {n}', ru: 'Номер документа {n}' },
  delivery: { en: 'Delivery', ru: 'Способ получения' },
  'delivery.method': { en: 'Delivery method', ru: 'Способ получения' },
  'delivery.copies': { en: 'Number of copies', ru: 'Количество экземпляров' },
  'delivery.address': { en: 'Delivery address', ru: 'Адрес доставки' },
  comment: { en: 'Comment', ru: 'Комментарий' },
  // account opening, letters
  currency: { en: 'Currency of the account', ru: 'Валюта счёта' },
  subject: { en: 'Subject', ru: 'Тема' },
  body: { en: 'Text', ru: 'Текст' },
};

/** Where a kind of document calls a field otherwise than the table above. */
const KIND_FIELD_LABELS: Record<string, Record<string, Localized>> = {
  'leasing-payment': { date: { en: 'Payment date', ru: 'Дата платежа' }, purpose: { en: 'Purpose of payment', ru: 'Назначение платежа' } },
  'loan-repayment': { date: { en: 'Payment date', ru: 'Дата платежа' } },
  'early-repayment': { type: { en: 'Full or partial repayment', ru: 'Полное или частичное погашение' }, amount: { en: 'Repayment amount', ru: 'Сумма погашения' } },
  'payment-documents-order': { type: { en: 'Document ordered', ru: 'Заказываемый документ' } },
  'account-opening': { purpose: { en: 'Purpose of the account', ru: 'Цель открытия счёта' } },
  letter: { body: { en: 'Text of the letter', ru: 'Текст письма' } },
};
const PARTY_LABELS: Record<string, Localized> = {
  name: { en: 'name', ru: 'наименование' },
  inn: { en: 'INN', ru: 'ИНН' },
  kpp: { en: 'KPP', ru: 'КПП' },
  account: { en: 'account', ru: 'счёт' },
  'bank.bic': { en: "bank's BIC", ru: 'БИК банка' },
  'bank.name': { en: "bank's name", ru: 'наименование банка' },
  'bank.corrAccount': { en: "bank's correspondent account", ru: 'корр. счёт банка' },
  bank: { en: 'bank', ru: 'банк' },
  bic: { en: "bank's BIC", ru: 'БИК банка' },
};
const ROLES: Record<string, Localized> = { payer: { en: 'Payer', ru: 'Плательщик' }, payee: { en: 'Payee', ru: 'Получатель' } };

/** A table's own entry (never one inherited from Object.prototype: field paths come from the wire). */
function own<T>(table: Record<string, T> | undefined, key: string): T | undefined {
  return table !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}

/**
 * The label of a field path in a locale, as `kind` (a document kind, optional) calls it; unknown
 * paths are shown as they are.
 */
export function fieldLabel(locale: Locale, field: string, kind?: string): string {
  const index = /\.(\d+)(?=\.|$)/.exec(field);
  const pattern = field.replace(/\.\d+(?=\.|$)/g, '.*');
  const direct = (kind !== undefined ? own(own(KIND_FIELD_LABELS, kind), pattern) : undefined) ?? own(FIELD_LABELS, pattern);
  if (direct) return direct[locale].replace('{n}', index ? String(Number(index[1]) + 1) : '');
  const [role, ...rest] = field.split('.');
  const party = own(PARTY_LABELS, rest.join('.'));
  const who = role ? own(ROLES, role) : undefined;
  return who && party ? `${who[locale]}: ${party[locale]}` : field;
}

/** A date a rule names, as people write it (dd.mm.yyyy); a value that is not a date as it is. */
const day = (locale: Locale, value: string | number | undefined): string => formatDate(String(value ?? ''), locale);

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
  // the BIC directory (ED807)
  'bic.unknown': { en: (p) => `BIC ${p.value} is not in the Bank of Russia's BIC directory; check the payee's bank details`, ru: (p) => `БИК ${p.value} отсутствует в справочнике БИК Банка России; уточните реквизиты банка получателя` },
  'bic.closed': {
    en: (p) => `BIC ${p.value} (${shown(p.name)}) has been excluded from the BIC directory${p.date ? ` since ${dmy(p.date)}` : ''}; payments to it are not possible`,
    ru: (p) => `БИК ${p.value} (${shown(p.name)}) исключён из справочника БИК${p.date ? ` с ${dmy(p.date)}` : ''}; платежи на него невозможны`,
  },
  'bic.restricted': {
    en: (p) => `the bank ${shown(p.name)} (BIC ${p.value}) is under restrictions since ${dmy(p.date)} (${restrictionWords('en', p.code)}); the payment may be delayed or returned`,
    ru: (p) => `в отношении банка ${shown(p.name)} (БИК ${p.value}) с ${dmy(p.date)} действуют ограничения (${restrictionWords('ru', p.code)}); платёж может быть задержан или возвращён`,
  },
  'bic.corr-account-differs': { en: (p) => `${p.value} differs from the correspondent account in the BIC directory (${shown(p.expected)})`, ru: (p) => `${p.value} не совпадает с корр. счётом по справочнику БИК (${shown(p.expected)})` },
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
  // structure (the document parser; value = what the field holds or must hold)
  'field.unknown': { en: () => 'an unknown field; the document is refused', ru: () => 'неизвестное поле; документ не принимается' },
  'type.invalid': { en: (p) => `must be ${typeName('en', p.value)}`, ru: (p) => `должно быть ${typeName('ru', p.value)}` },
  'value.not-allowed': { en: (p) => `must be one of: ${p.value}`, ru: (p) => `допустимые значения: ${p.value}` },
  'number.range': { en: (p) => `${p.value} is outside the range of whole numbers this field holds`, ru: (p) => `${p.value} — вне допустимого диапазона целых чисел` },
  'structure.invalid': { en: () => 'is malformed', ru: () => 'неверная структура' },
  'kind.unknown': { en: (p) => `"${p.value}" is not a kind of document the bank knows`, ru: (p) => `«${p.value}» — неизвестный банку вид документа` },
  'version.unsupported': { en: (p) => `version ${p.value} is not supported; this kind of document is at version ${p.max}`, ru: (p) => `версия ${p.value} не поддерживается; текущая версия этого вида документа — ${p.max}` },
  'too-many': { en: (p) => `at most ${p.max} items`, ru: (p) => `не более ${p.max} элементов` },
  // text
  'text.charset': { en: (p) => `the character ${p.value} cannot travel in a payment (only Windows-1251 characters can)`, ru: (p) => `символ ${p.value} нельзя передать в платеже (допустимы только символы Windows-1251)` },
  'text.control-character': { en: (p) => `contains the control character ${p.value}`, ru: (p) => `содержит управляющий символ ${p.value}` },
  // dates
  'date.future': { en: (p) => `"${day('en', p.value)}" is later than today`, ru: (p) => `«${day('ru', p.value)}» — позже сегодняшнего дня` },
  'date.past': { en: (p) => `"${day('en', p.value)}" has already passed`, ru: (p) => `«${day('ru', p.value)}» — дата уже прошла` },
  'date.expired': { en: (p) => `"${day('en', p.value)}": a payment order is valid for ${p.max} days after its date`, ru: (p) => `«${day('ru', p.value)}»: платёжное поручение действительно ${p.max} дней после даты составления` },
  'date.weekend': { en: (p) => `"${day('en', p.value)}" is a weekend day; the bank will carry it out on the next business day`, ru: (p) => `«${day('ru', p.value)}» — выходной день; банк исполнит заявление в следующий рабочий день` },
  // payment order
  'payment-kind.unusual': { en: (p) => `"${p.value}" is not a usual payment kind (срочно, электронно)`, ru: (p) => `«${p.value}» — необычный вид платежа (обычно «срочно» или «электронно»)` },
  'income-type.invalid': { en: (p) => `"${p.value}" is not an income type code from 1 to 5`, ru: (p) => `«${p.value}» — не код вида дохода от 1 до 5` },
  'income-type.company-payee': { en: (p) => `the income type code ${p.value} is for payments to people, but the payee is a company`, ru: (p) => `код вида дохода ${p.value} указывают в платежах физическим лицам, а получатель — организация` },
  'budget.unexpected': { en: () => 'budget fields are filled in, but the payee account is not a treasury account', ru: () => 'заполнены реквизиты платежа в бюджет, но счёт получателя не казначейский' },
  // contracts
  'contract-id.format': { en: (p) => `"${p.value}" is not a contract number (letters, digits, spaces and - / . _ № #)`, ru: (p) => `«${p.value}» — не номер договора (буквы, цифры, пробелы и - / . _ № #)` },
  'account.not-settlement': { en: (p) => `"${p.value}" is not a settlement account (405-408); the bank may refuse to debit it`, ru: (p) => `«${p.value}» — не расчётный счёт (405–408); банк может отказать в списании` },
  'instalment-number.range': { en: (p) => `${p.value} is not an instalment number from 1 to ${p.max}`, ru: (p) => `${p.value} — не номер платежа от 1 до ${p.max}` },
  'instalment.late': { en: (p) => `later than the instalment's due date ${day('en', p.value)}; late payment interest may be charged`, ru: (p) => `позже срока платежа по графику ${day('ru', p.value)}; возможны пени` },
  'purpose.no-contract': { en: (p) => `does not mention the contract ${p.value}; the bank may not match the payment to it`, ru: (p) => `не упоминает договор ${p.value}; банк может не сопоставить платёж с договором` },
  'schedule-change.empty': { en: () => 'name a new payment day, a new term, or both', ru: () => 'укажите новый день платежа, новый срок или и то и другое' },
  'payment-day.range': { en: (p) => `${p.value} is not a day of the month from 1 to 31`, ru: (p) => `${p.value} — не число месяца от 1 до 31` },
  'payment-day.month-end': { en: (p) => `not every month has day ${p.value}; in shorter months the payment falls on the last day`, ru: (p) => `числа ${p.value} нет в некоторых месяцах; в них платёж придётся на последний день месяца` },
  'term.range': { en: (p) => `${p.value} is not a term from 1 to ${p.max} months`, ru: (p) => `${p.value} — не срок от 1 до ${p.max} месяцев` },
  // attachments
  'attachment.name': { en: (p) => `"${p.value}" is not a plain file name (no path, none of < > : " / \\ | ? *, no spaces or dot at the ends)`, ru: (p) => `«${p.value}» — не имя файла (без пути, без < > : " / \\ | ? *, без пробелов и точки по краям)` },
  'attachment.media-type': { en: (p) => `"${p.value}" is not a file type the bank accepts (PDF, JPEG, PNG, TIFF, text, Word, Excel)`, ru: (p) => `«${p.value}» — банк не принимает файлы этого типа (допустимы PDF, JPEG, PNG, TIFF, текст, Word, Excel)` },
  'attachment.extension': { en: (p) => `the extension does not match the file type (expected ${p.value})`, ru: (p) => `расширение не соответствует типу файла (ожидается ${p.value})` },
  'attachment.size': { en: (p) => `${p.value} bytes: a file may be at most ${p.max} MB`, ru: (p) => `${p.value} байт: файл может быть не больше ${p.max} МБ` },
  'attachment.empty': { en: () => 'the file is empty', ru: () => 'файл пустой' },
  'attachment.sha256': { en: (p) => `"${p.value}" is not a SHA-256 digest (64 lower-case hex digits)`, ru: (p) => `«${p.value}» — не хеш SHA-256 (64 строчные шестнадцатеричные цифры)` },
  'attachment.duplicate': { en: (p) => `the same file as an earlier attachment ("${p.value}")`, ru: (p) => `тот же файл, что и в одном из предыдущих вложений («${p.value}»)` },
  'attachments.none': { en: () => 'nothing attached; the bank will ask for the documents (police report, photos, the insurer\'s letter)', ru: () => 'вложений нет; банк запросит документы (справку ГИБДД или полиции, фотографии, письмо страховщика)' },
  'attachments.total-size': { en: (p) => `the files together exceed ${p.max} MB`, ru: (p) => `файлы вместе больше ${p.max} МБ` },
  // applications
  'not-applicable': { en: (p) => `not used with "${p.value}"; the bank will ignore it`, ru: (p) => `не используется для «${p.value}»; банк его не учтёт` },
  'period.reversed': { en: (p) => `earlier than the start of the period ${day('en', p.value)}`, ru: (p) => `раньше начала периода ${day('ru', p.value)}` },
  'copies.range': { en: (p) => `${p.value} is not a number of copies from 1 to ${p.max}`, ru: (p) => `${p.value} — не количество экземпляров от 1 до ${p.max}` },
  'currency.unknown': { en: (p) => `"${p.value}" is not a currency the bank opens accounts in`, ru: (p) => `«${p.value}» — банк не открывает счета в этой валюте` },
  'letter.empty': { en: () => 'write a text or attach a file', ru: () => 'напишите текст или приложите файл' },
};

/** ED807 restriction codes (RstrList) in words; an unknown code is shown as it is. */
const RESTRICTIONS: Record<string, Localized> = {
  URRS: { en: 'participation in transfers restricted', ru: 'ограничение участия в переводах' },
  LWRS: { en: 'licence withdrawn', ru: 'отзыв лицензии' },
  MRTR: { en: 'moratorium on creditors\' claims', ru: 'мораторий на удовлетворение требований кредиторов' },
  ACRS: { en: 'account restricted', ru: 'ограничение по счёту' },
};

function restrictionWords(locale: Locale, codes: string | number | undefined): string {
  return shown(codes)
    .split(', ')
    .map((c) => own(RESTRICTIONS, c)?.[locale] ?? c)
    .join('; ');
}

/** "2026-12-05" as 05.12.2026 (anything else as it is). */
function dmy(date: string | number | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(date ?? ''));
  return m ? `${m[3]}.${m[2]}.${m[1]}` : shown(date);
}

/** A parameter as shown; one not given as "?". */
const shown = (v: string | number | undefined): string => (v === undefined ? '?' : String(v));

/** The JSON types the parser names in "type.invalid", in words. */
const TYPE_NAMES: Record<string, Localized> = {
  string: { en: 'text', ru: 'текстом' },
  number: { en: 'a number', ru: 'числом' },
  int: { en: 'a whole number', ru: 'целым числом' },
  boolean: { en: 'true or false', ru: 'true или false' },
  object: { en: 'an object', ru: 'объектом' },
  array: { en: 'a list', ru: 'списком' },
};

function typeName(locale: Locale, type: string | number | undefined): string {
  return own(TYPE_NAMES, String(type))?.[locale] ?? String(type);
}

export const VALIDATION_CODES = Object.keys(RULES);

/** Whose field a party path is, as a bank's form says it: "получателя" / "the payee's". */
const WHOSE: Record<string, Localized> = { payer: { en: "payer's", ru: 'плательщика' }, payee: { en: "payee's", ru: 'получателя' } };

/**
 * The common mistakes worded as a bank's form words them, as whole sentences (no "label: rule"):
 * what to fill in, and what the field must hold. Undefined: the rule's own wording is used.
 */
function sentence(locale: Locale, issue: ValidationIssue, kind?: string): string | undefined {
  const p = issue.params ?? {};
  const [role, ...rest] = issue.field.split('.');
  const sub = rest.join('.');
  const whose = role ? own(WHOSE, role) : undefined;
  const en = locale === 'en';
  if (whose) {
    const w = whose[locale];
    const W = en ? `The ${w}` : '';
    switch (`${sub}|${issue.code}`) {
      case 'inn|required':
        return en ? `Enter the ${w} INN` : `Укажите ИНН ${w}`;
      case 'inn|inn.format':
        return en ? `${W} INN is 10 digits for a company or 12 for a sole trader or a person` : `ИНН ${w} — 10 цифр для организации или 12 для ИП и физического лица`;
      case 'inn|inn.checksum':
        return en ? `${W} INN has a wrong check digit: check it against the contract or the invoice` : `ИНН ${w} указан с ошибкой: неверное контрольное число`;
      case 'kpp|kpp.format':
        return en ? `${W} KPP is 9 characters, e.g. 770701001` : `КПП ${w} — 9 знаков, например 770701001`;
      case 'kpp|kpp.missing':
        return en ? `A company usually has a KPP: enter the ${w} KPP` : `У организации обычно есть КПП: укажите КПП ${w}`;
      case 'name|required':
        return en ? `Enter the ${w} name` : `Укажите наименование ${w}`;
      case 'account|required':
        return en ? `Enter the ${w} account` : `Укажите счёт ${w}`;
      case 'account|account.format':
        return en ? `${W} account is 20 digits` : `Счёт ${w} — 20 цифр`;
      case 'account|account.key':
        return en ? `${W} account ${shown(p.value)} does not match the bank's BIC: check the account and the BIC` : `Счёт ${w} ${shown(p.value)} не соответствует БИК банка: проверьте счёт и БИК`;
      case 'bank.bic|required':
      case 'bic|required':
        return en ? `Enter the BIC of the ${w} bank` : `Укажите БИК банка ${w}`;
      case 'bank.bic|bic.format':
      case 'bic|bic.format':
        return en ? `The BIC of the ${w} bank is 9 digits` : `БИК банка ${w} — 9 цифр`;
      case 'bank.name|required':
        return en ? `Enter the name of the ${w} bank` : `Укажите наименование банка ${w}`;
    }
    return undefined;
  }
  const label = fieldLabel(locale, issue.field, kind);
  switch (issue.code) {
    case 'amount.invalid':
      if (issue.field !== 'amount') return undefined;
      if (Number(p.value) !== 0) return en ? 'The amount must be more than zero' : 'Сумма должна быть больше нуля';
      if (kind === 'early-repayment') return en ? 'Enter the repayment amount' : 'Укажите сумму погашения';
      return en ? 'Enter the payment amount' : 'Укажите сумму платежа';
    case 'required':
      if (issue.field === 'purpose' && (kind === 'payment-order' || kind === 'leasing-payment' || kind === 'loan-repayment')) return en ? 'Enter the purpose of payment' : 'Укажите назначение платежа';
      return en ? `Fill in "${label}"` : `Заполните поле «${label}»`;
  }
  return undefined;
}

/**
 * "Payer: INN: "7701325469" ..." in the user's language, or for the common mistakes a bank's
 * sentence ("Укажите сумму платежа"); `kind` (a document kind) picks the field labels that kind uses.
 */
export function issueMessage(locale: Locale, issue: ValidationIssue, kind?: string): string {
  const whole = sentence(locale, issue, kind);
  if (whole !== undefined) return whole;
  const rule = own(RULES, issue.code);
  const text = rule ? rule[locale](issue.params ?? {}) : issue.code;
  return `${fieldLabel(locale, issue.field, kind)}: ${text}`;
}

/** Whether a field path has a label of its own (a test checks every path of every document schema). */
export function hasFieldLabel(field: string, kind?: string): boolean {
  return fieldLabel('en', field, kind) !== field;
}
