/**
 * 1C exchange file -> payment order drafts. A section that cannot become a schema-shaped payment
 * order (another document kind, an unreadable date or amount, no accounts) is rejected with its
 * line; one that maps but breaks business rules (a bad INN check digit...) is imported as it is,
 * for the caller's validators to flag and the accountant to fix. Every tolerated quirk is a
 * warning with its line: nothing is guessed silently.
 */
import type { PaymentOrder } from '../../../shared/bank-api/documents/payment-order.ts';
import type { BankRef, BudgetFields, Party } from '../../../shared/domain/payment-order.ts';
import { formatRubles } from '../../../shared/domain/money.ts';
import { sourceKeyOf, type Finding, type ImportedDocument, type ImportResult, type RejectedDocument } from '../import-result.ts';
import { indexFields, scanOneC, type OneCField, type OneCSection, type ReadOptions } from './reader.ts';
import { oneCDateToIso, readRoubles } from './values.ts';
import type { ByteSource } from '../encoding.ts';

export const PAYMENT_ORDER_KIND = 'Платежное поручение';

const kindKey = (kind: string): string => kind.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();
const PAYMENT_ORDER_KEY = kindKey(PAYMENT_ORDER_KIND);

const PARTY_SUFFIXES = ['', 'Счет', 'ИНН', 'КПП', '1', '2', '3', '4', 'РасчСчет', 'Банк1', 'Банк2', 'БИК', 'Корсчет'];
const BUDGET_KEYS = ['СтатусСоставителя', 'ПоказательКБК', 'ОКАТО', 'ПоказательОснования', 'ПоказательПериода', 'ПоказательНомера', 'ПоказательДаты'] as const;

/** Keys of the format's document sections (1.01-1.03); others are reported once per file. */
export const DOCUMENT_KEYS: ReadonlySet<string> = new Set([
  'Номер', 'Дата', 'Сумма', 'КвитанцияДата', 'КвитанцияВремя', 'КвитанцияСодержание',
  ...['Плательщик', 'Получатель'].flatMap((role) => PARTY_SUFFIXES.map((s) => role + s)),
  'ВидПлатежа', 'ВидОплаты', 'Код', 'КодНазПлатежа', 'Очередность', 'СрокПлатежа',
  'НазначениеПлатежа', ...[1, 2, 3, 4, 5, 6].map((n) => `НазначениеПлатежа${n}`),
  ...BUDGET_KEYS, 'ПоказательТипа', 'ДатаСписано', 'ДатаПоступило',
  'СрокАкцепта', 'ВидАккредитива', 'УсловиеОплаты1', 'УсловиеОплаты2', 'УсловиеОплаты3', 'ПлатежПоПредст', 'ДополнУсловия', 'НомерСчетаПоставщика', 'ДатаОтсылкиДок',
]);

export const HEADER_KEYS: ReadonlySet<string> = new Set(['ВерсияФормата', 'Кодировка', 'Отправитель', 'Получатель', 'ДатаСоздания', 'ВремяСоздания', 'ДатаНачала', 'ДатаКонца', 'РасчСчет', 'Документ']);
export const ACCOUNT_KEYS: ReadonlySet<string> = new Set(['ДатаНачала', 'ДатаКонца', 'РасчСчет', 'НачальныйОстаток', 'ВсегоПоступило', 'ВсегоСписано', 'КонечныйОстаток']);

/** Thrown inside the mapping of one section; becomes its `rejected` entry. */
class Rejection {
  constructor(
    readonly code: RejectedDocument['code'],
    readonly params: RejectedDocument['params'],
  ) {}
}

/** Unknown keys are reported once per key with the first line and a count, not once per document. */
class UnknownKeys {
  private readonly seen = new Map<string, { line: number; count: number }>();
  note(f: OneCField): void {
    const s = this.seen.get(f.key);
    if (s) {
      s.count++;
      // the header is read after the documents it may follow: the first line is the lowest
      if (f.line < s.line) s.line = f.line;
    } else this.seen.set(f.key, { line: f.line, count: 1 });
  }
  findings(): Finding[] {
    return [...this.seen].map(([key, s]) => ({ line: s.line, code: 'format.onec.unknown-key', params: { line: s.line, key, count: s.count } }));
  }
}

/** The fields of one document section, looked up by key, with warnings collected as it is read. */
class SectionReader {
  readonly warnings: Finding[] = [];
  private readonly first: Map<string, OneCField>;

  constructor(section: OneCSection, unknown: UnknownKeys) {
    const { first, repeats } = indexFields(section.fields);
    this.first = first;
    for (const { field, first: earlier } of repeats) this.warn(field.line, 'format.onec.duplicate-key', { key: field.key, first: earlier.line });
    for (const f of first.values()) if (!DOCUMENT_KEYS.has(f.key)) unknown.note(f);
  }

  warn(line: number, code: Finding['code'], params: Finding['params'] = {}): void {
    this.warnings.push({ line, code, params: { line, ...params } });
  }
  field(key: string): OneCField | undefined {
    return this.first.get(key);
  }
  /** The value, or undefined when the key is absent or empty. */
  value(key: string): string | undefined {
    const v = this.first.get(key)?.value;
    return v === undefined || v === '' ? undefined : v;
  }
  required(key: string): OneCField {
    const f = this.first.get(key);
    if (!f || f.value === '') throw new Rejection('format.onec.key-missing', { key });
    return f;
  }
  /** A value the format always carries; when missing, the usual one is used and said so. */
  withDefault(key: string, fallback: string, line: number): string {
    const v = this.value(key);
    if (v !== undefined) return v;
    this.warn(this.first.get(key)?.line ?? line, 'format.default-used', { key, value: fallback });
    return fallback;
  }
}

function mapPaymentOrder(r: SectionReader, line: number): PaymentOrder {
  const number = r.required('Номер').value;
  const dateField = r.required('Дата');
  const date = oneCDateToIso(dateField.value);
  if (!date) throw new Rejection('format.onec.date-unreadable', { key: 'Дата', value: dateField.value });
  const amountField = r.required('Сумма');
  const amount = readRoubles(amountField.value);
  if (!amount) throw new Rejection('format.onec.amount-unreadable', { value: amountField.value });
  if (amount.quirk) {
    const code = amount.quirk === 'no-kopecks' ? 'format.onec.amount-no-kopecks' : 'format.onec.amount-unusual';
    r.warn(amountField.line, code, { value: amountField.value, read: formatRubles(amount.kopecks) });
  }
  const payer = mapParty(r, 'Плательщик');
  const payee = mapParty(r, 'Получатель');

  const priorityText = r.withDefault('Очередность', '5', line);
  if (!/^\d{1,2}$/.test(priorityText)) throw new Rejection('format.onec.priority-unreadable', { value: priorityText });

  const codeField = r.field('Код');
  const uin = r.withDefault('Код', '0', line);
  if (codeField && codeField.value !== '' && !isUinShaped(uin)) r.warn(codeField.line, 'format.onec.code-odd', { value: uin });

  const order: PaymentOrder = {
    number,
    date,
    amount: amount.kopecks,
    payer,
    payee,
    uin,
    priority: Number(priorityText),
    purpose: purposeOf(r),
    operationType: r.withDefault('ВидОплаты', '01', line),
  };
  const paymentKind = r.value('ВидПлатежа');
  if (paymentKind !== undefined) order.paymentKind = paymentKind;
  const incomeType = r.value('КодНазПлатежа');
  if (incomeType !== undefined) order.incomeType = incomeType;
  const budget = budgetOf(r);
  if (budget) order.budget = budget;
  return order;
}

/** "0", or 20/25 digits: the shapes of field 22. Check digits are the validators' business. */
const isUinShaped = (uin: string): boolean => uin === '0' || /^\d{20}$|^\d{25}$/.test(uin);

function mapParty(r: SectionReader, role: 'Плательщик' | 'Получатель'): Party {
  const inn = r.value(`${role}ИНН`) ?? '';
  const accountField = r.field(`${role}Счет`)?.value ? r.field(`${role}Счет`)! : r.field(`${role}РасчСчет`);
  if (!accountField || accountField.value === '') throw new Rejection('format.onec.key-missing', { key: `${role}Счет` });
  const settlement = r.field(`${role}РасчСчет`);
  if (settlement && settlement.value !== '' && settlement !== accountField && settlement.value !== accountField.value) {
    r.warn(settlement.line, 'format.onec.accounts-differ', { key: accountField.key, other: settlement.key });
  }
  const bank: BankRef = { name: r.value(`${role}Банк1`) ?? '', bic: r.value(`${role}БИК`) ?? '' };
  const corr = r.value(`${role}Корсчет`);
  if (corr !== undefined) bank.corrAccount = corr;
  const party: Party = { name: nameOf(r, role, inn), inn, account: accountField.value, bank };
  const kppField = r.field(`${role}КПП`);
  if (kppField && kppField.value !== '') {
    if (/^0+$/.test(kppField.value)) r.warn(kppField.line, 'format.onec.kpp-zero', { key: kppField.key });
    else party.kpp = kppField.value;
  }
  return party;
}

/**
 * Плательщик1 is the name; Плательщик is "ИНН <inn> <name>" in most files, so when only it is
 * there, that prefix (with this party's own INN) is the file's layout, not part of the name.
 */
function nameOf(r: SectionReader, role: string, inn: string): string {
  const name = r.field(`${role}1`);
  if (name) return name.value;
  const full = r.value(role) ?? '';
  const prefix = `ИНН ${inn} `;
  return inn !== '' && full.startsWith(prefix) ? full.slice(prefix.length).trimStart() : full;
}

/** НазначениеПлатежа is the whole purpose; НазначениеПлатежа1..6 are the same text cut into lines, used when it is absent. */
function purposeOf(r: SectionReader): string {
  const whole = r.value('НазначениеПлатежа');
  if (whole !== undefined) return whole;
  const lines: string[] = [];
  for (let n = 1; n <= 6; n++) {
    const part = r.value(`НазначениеПлатежа${n}`);
    if (part !== undefined) lines.push(part.trim());
  }
  return lines.join(' ');
}

/** Fields 101 and 104-109 when the section has any of them filled in. */
function budgetOf(r: SectionReader): BudgetFields | undefined {
  if (!BUDGET_KEYS.some((k) => r.value(k) !== undefined)) return undefined;
  const v = (k: (typeof BUDGET_KEYS)[number]): string => r.value(k) ?? '';
  return {
    payerStatus: v('СтатусСоставителя'),
    kbk: v('ПоказательКБК'),
    oktmo: v('ОКАТО'),
    basis: v('ПоказательОснования'),
    period: v('ПоказательПериода'),
    documentNumber: v('ПоказательНомера'),
    documentDate: v('ПоказательДаты'),
  };
}

/** Where a streaming import hands each document of the file, in file order, as soon as it is read. */
export interface ImportSink {
  document(d: ImportedDocument): void;
  rejected(r: RejectedDocument): void;
}

/** An import's result without its documents (those went to the sink). */
export type ImportSummary = Omit<ImportResult, 'documents' | 'rejected'>;

export function importOneCPayments(bytes: Uint8Array, options: ReadOptions = {}): ImportResult {
  const documents: ImportedDocument[] = [];
  const rejected: RejectedDocument[] = [];
  const summary = importOneCPaymentsStream(bytes, { document: (d) => documents.push(d), rejected: (r) => rejected.push(r) }, options);
  return { ...summary, documents, rejected };
}

/**
 * The 1C import, one section at a time: each becomes a document or a rejection and goes to the
 * sink before the next is read. A structural error of the file is thrown when met, possibly after
 * documents went to the sink (which stores them in a transaction that the error rolls back).
 */
export function importOneCPaymentsStream(bytes: Uint8Array | ByteSource, sink: ImportSink, options: ReadOptions = {}): ImportSummary {
  const unknown = new UnknownKeys();
  const onSection = (section: OneCSection): void => {
    const kind = section.kind ?? '';
    const r = new SectionReader(section, unknown);
    if (kind === '') r.warn(section.line, 'format.onec.kind-missing');
    else if (kindKey(kind) !== PAYMENT_ORDER_KEY) {
      sink.rejected({ line: section.line, code: 'format.onec.kind-unsupported', params: { kind }, kind });
      return;
    }
    let content: PaymentOrder;
    try {
      content = mapPaymentOrder(r, section.line);
    } catch (e) {
      if (!(e instanceof Rejection)) throw e;
      sink.rejected({ line: section.line, code: e.code, params: e.params, kind: kind || PAYMENT_ORDER_KIND });
      return;
    }
    sink.document({ line: section.line, sourceKey: sourceKeyOf(content), kind: 'payment-order', content, warnings: r.warnings.sort((a, b) => a.line - b.line) });
  };
  const file = scanOneC(bytes, { document: onSection }, options);
  for (const f of file.header) if (!HEADER_KEYS.has(f.key)) unknown.note(f);
  for (const a of file.accounts) for (const f of a.fields) if (!ACCOUNT_KEYS.has(f.key)) unknown.note(f);
  return {
    format: '1c',
    version: file.version ?? '1.03',
    encoding: file.encoding,
    warnings: [...file.warnings, ...unknown.findings()].sort((a, b) => a.line - b.line),
  };
}
