/**
 * A bank statement as a 1C exchange file, the way 1C:Enterprise loads it ("Загрузка выписки"):
 * Windows-1251, CRLF, a header, one СекцияРасчСчет with the balances and turnovers, and one
 * payment order section per entry whose ДатаСписано/ДатаПоступило says which way it went, with
 * both parties' INN, KPP, bank (Банк1), BIC and correspondent account and the priority
 * (Очередность), written empty where the statement does not know them.
 * readOneCStatement reads such a file back, to prove the round trip.
 */
import type { Account, Statement } from '../../../shared/bank-api/accounts.ts';
import { formatRubles } from '../../../shared/domain/money.ts';
import { LocalizedError } from '../../../shared/i18n/index.ts';
import type { ReadOptions } from './reader.ts';
import { indexFields, readOneC, type OneCField } from './reader.ts';
import { PAYMENT_ORDER_KIND } from './import-payments.ts';
import { isoToOneCDate, oneCDateToIso, readRoubles } from './values.ts';
import { OneCWriter, type CreatedAt, type OneCEncoding, declaredEncoding } from './writer.ts';

/** The account holder, which a Statement does not carry; written as the payer or payee of each entry. */
export interface AccountHolder {
  name: string;
  inn: string;
  kpp?: string;
}

export interface ExportStatementOneCOptions {
  createdAt: CreatedAt;
  holder?: AccountHolder;
  sender?: string;
  receiver?: string;
  /** Windows-1251 (default), which 1C expects; UTF-8 only for tools that ask for it. */
  encoding?: OneCEncoding;
}

export function exportStatementOneC(statement: Statement, options: ExportStatementOneCOptions): Uint8Array {
  const { account } = statement;
  if (account.currency !== 'RUB') throw new LocalizedError('format.onec.currency-unsupported', { currency: account.currency });
  const encoding = options.encoding ?? 'windows-1251';
  const head = 'header';
  const w = new OneCWriter();
  w.field('ВерсияФормата', '1.03', head)
    .field('Кодировка', declaredEncoding(encoding), head)
    .field('Отправитель', options.sender ?? account.bank.name, head)
    .field('Получатель', options.receiver ?? 'Бухгалтерия предприятия', head)
    .field('ДатаСоздания', isoToOneCDate(options.createdAt.date), head)
    .field('ВремяСоздания', options.createdAt.time, head)
    .field('ДатаНачала', isoToOneCDate(statement.from), head)
    .field('ДатаКонца', isoToOneCDate(statement.to), head)
    .field('РасчСчет', account.number, head)
    .field('Документ', PAYMENT_ORDER_KIND, head);

  const where = 'СекцияРасчСчет';
  w.marker('СекцияРасчСчет')
    .field('ДатаНачала', isoToOneCDate(statement.from), where)
    .field('ДатаКонца', isoToOneCDate(statement.to), where)
    .field('РасчСчет', account.number, where)
    .field('НачальныйОстаток', formatRubles(statement.openingBalance), where)
    .field('ВсегоПоступило', formatRubles(statement.totalCredit), where)
    .field('ВсегоСписано', formatRubles(statement.totalDebit), where)
    .field('КонечныйОстаток', formatRubles(statement.closingBalance), where)
    .marker('КонецРасчСчет');

  const holder = options.holder;
  const ours = { name: holder?.name ?? '', inn: holder?.inn ?? '', kpp: holder?.kpp, account: account.number, bankName: account.bank.name, bic: account.bank.bic, corr: account.bank.corrAccount };
  for (const e of statement.entries) {
    const at = `№ ${e.documentNumber} (${e.date})`;
    const cp = e.counterparty;
    // a statement stored before entries carried KPP, bank and priority exports them empty
    const them = { name: cp.name, inn: cp.inn, kpp: cp.kpp ?? '', account: cp.account, bankName: cp.bankName ?? '', bic: cp.bic, corr: cp.corrAccount ?? '' };
    const [payer, payee] = e.direction === 'debit' ? [ours, them] : [them, ours];
    w.marker(`СекцияДокумент=${PAYMENT_ORDER_KIND}`).field('Номер', e.documentNumber, at).field('Дата', isoToOneCDate(e.date), at).field('Сумма', formatRubles(e.amount), at);
    for (const [role, p] of [['Плательщик', payer], ['Получатель', payee]] as const) {
      w.field(`${role}Счет`, p.account, at);
      w.field(role === 'Плательщик' ? 'ДатаСписано' : 'ДатаПоступило', e.direction === (role === 'Плательщик' ? 'debit' : 'credit') ? isoToOneCDate(e.date) : '', at);
      w.field(role, p.name, at).field(`${role}ИНН`, p.inn, at).field(`${role}КПП`, p.kpp ?? '', at).field(`${role}1`, p.name, at).field(`${role}РасчСчет`, p.account, at);
      w.field(`${role}Банк1`, p.bankName, at).field(`${role}БИК`, p.bic, at).field(`${role}Корсчет`, p.corr, at);
    }
    w.field('ВидОплаты', '01', at).field('Очередность', e.priority === undefined ? '' : String(e.priority), at).field('НазначениеПлатежа', e.purpose, at).marker('КонецДокумента');
  }
  return w.toBytes(encoding);
}

/** A Statement as read back from a 1C file; entries have no bank id there, and the account only its number. */
export interface OneCStatement {
  account: Pick<Account, 'number'>;
  from: string;
  to: string;
  openingBalance: number;
  totalDebit: number;
  totalCredit: number;
  closingBalance: number;
  entries: Omit<Statement['entries'][number], 'id'>[];
}

/** Balances may be negative (an overdraft): "-1500.00". */
function amountOf(f: OneCField | undefined, key: string): number {
  const negative = f?.value.startsWith('-') ?? false;
  const read = f ? readRoubles(negative ? f.value.slice(1) : f.value) : undefined;
  if (!f || !read) throw new LocalizedError('format.onec.amount-unreadable', { value: f?.value ?? key });
  return negative ? -read.kopecks : read.kopecks;
}

function dateOf(f: OneCField | undefined, key: string): string {
  const iso = f ? oneCDateToIso(f.value) : undefined;
  if (!iso) throw new LocalizedError('format.onec.date-unreadable', { key, value: f?.value ?? '' });
  return iso;
}

/** Reads the first account section and its entries (a statement file made by exportStatementOneC or by 1C). */
export function readOneCStatement(bytes: Uint8Array, options: ReadOptions = {}): OneCStatement {
  const file = readOneC(bytes, options);
  const section = file.accounts[0];
  if (!section) throw new LocalizedError('format.onec.account-section-missing');
  const a = indexFields(section.fields).first;
  const number = a.get('РасчСчет')?.value ?? '';
  const entries = file.documents.map((d) => {
    const f = indexFields(d.fields).first;
    const v = (k: string): string => f.get(k)?.value ?? '';
    const debit = v('ПлательщикСчет') === number || (v('ДатаСписано') !== '' && v('ПолучательСчет') !== number);
    const role = debit ? 'Получатель' : 'Плательщик';
    const booked = f.get(debit ? 'ДатаСписано' : 'ДатаПоступило');
    // KPP, bank, correspondent account and priority: read when the file gives them (empty is absent)
    const given = <K extends string>(key: K, value: string): Partial<Record<K, string>> => (value === '' ? {} : ({ [key]: value } as Record<K, string>));
    const priority = /^[1-5]$/.test(v('Очередность')) ? { priority: Number(v('Очередность')) } : {};
    return {
      date: dateOf(booked?.value ? booked : f.get('Дата'), 'Дата'),
      direction: debit ? ('debit' as const) : ('credit' as const),
      amount: amountOf(f.get('Сумма'), 'Сумма'),
      counterparty: {
        name: v(`${role}1`) || v(role),
        inn: v(`${role}ИНН`),
        ...given('kpp', v(`${role}КПП`)),
        account: v(`${role}Счет`) || v(`${role}РасчСчет`),
        bic: v(`${role}БИК`),
        ...given('bankName', v(`${role}Банк1`)),
        ...given('corrAccount', v(`${role}Корсчет`)),
      },
      purpose: v('НазначениеПлатежа'),
      documentNumber: v('Номер'),
      ...priority,
    };
  });
  return {
    account: { number },
    from: dateOf(a.get('ДатаНачала'), 'ДатаНачала'),
    to: dateOf(a.get('ДатаКонца'), 'ДатаКонца'),
    openingBalance: amountOf(a.get('НачальныйОстаток'), 'НачальныйОстаток'),
    totalCredit: amountOf(a.get('ВсегоПоступило'), 'ВсегоПоступило'),
    totalDebit: amountOf(a.get('ВсегоСписано'), 'ВсегоСписано'),
    closingBalance: amountOf(a.get('КонечныйОстаток'), 'КонечныйОстаток'),
    entries,
  };
}
