import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Statement } from '../../src/shared/bank-api/accounts.ts';
import { DOCUMENT_EXAMPLES } from '../../src/shared/bank-api/documents/examples.ts';
import { paymentOrderKind } from '../../src/shared/bank-api/documents/payment-order.ts';
import { PaymentOrder } from '../../src/shared/bank-api/documents/payment-order.ts';
import { importOneCPayments } from '../../src/main/formats/onec/import-payments.ts';
import { readOneC } from '../../src/main/formats/onec/reader.ts';
import { exportStatementOneC, readOneCStatement } from '../../src/main/formats/onec/statement.ts';
import { writeOneCPayments } from '../../src/main/formats/onec/write-payments.ts';
import { encodeCp1251 } from '../../src/main/formats/encoding.ts';
import type { ImportResult } from '../../src/main/formats/import-result.ts';
import { errorOf } from '../helpers/errors.ts';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../fixtures/formats/${name}`, import.meta.url)));
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** The 1-based line of the first line of `text` that equals `line`, found independently of the reader. */
function lineOf(text: string, line: string, from = 1): number {
  const lines = text.split(/\r?\n/);
  const i = lines.findIndex((l, n) => n + 1 >= from && l === line);
  if (i < 0) throw new Error(`no line "${line}"`);
  return i + 1;
}

const codes = (findings: { code: string; line: number }[]): string[] => findings.map((f) => `${f.line} ${f.code}`);

function everySectionAccountedFor(result: ImportResult, text: string): void {
  const starts = text
    .split(/\r?\n/)
    .map((l, i) => (l.startsWith('СекцияДокумент') ? i + 1 : 0))
    .filter((n) => n > 0);
  const seen = [...result.documents.map((d) => d.line), ...result.rejected.map((r) => r.line)].sort((a, b) => a - b);
  expect(seen).toEqual(starts);
}

describe('1C import: a mixed file', () => {
  const bytes = fixture('mixed.cp1251.crlf.txt');
  const text = new TextDecoder('windows-1251').decode(bytes);
  const result = importOneCPayments(bytes);

  it('reads Windows-1251 with CRLF, and puts every section in exactly one of documents and rejected, at its line', () => {
    expect(result.format).toBe('1c');
    expect(result.version).toBe('1.03');
    expect(result.encoding).toBe('windows-1251');
    everySectionAccountedFor(result, text);
    expect(result.documents.map((d) => d.content.number)).toEqual(['101', '102', '103', '105']);
    expect(result.rejected).toEqual([{ line: lineOf(text, 'СекцияДокумент=Платежное требование'), code: 'format.onec.kind-unsupported', params: { kind: 'Платежное требование' }, kind: 'Платежное требование' }]);
    expect(result.documents[0]!.line).toBe(13);
    expect(result.warnings).toEqual([]);
  });

  it('maps a plain payment order field by field (dates ISO, amounts in kopecks, names from Плательщик1)', () => {
    const first = result.documents[0]!;
    expect(first.warnings).toEqual([]);
    expect(first.content).toEqual({
      number: '101',
      date: '2026-11-25',
      amount: 15_000_000,
      payer: { name: 'ООО "Ромашка"', inn: '7707083893', kpp: '770701001', account: '40702810400000004583', bank: { name: 'АО "Банк"', bic: '046015804' } },
      payee: { name: 'ИП Лютиков Иван Петрович', inn: '500100732259', account: '40602810700000000025', bank: { name: 'ПАО "Банк 2"', bic: '049805746' } },
      uin: '0',
      priority: 5,
      purpose: 'Оплата по договору № 7 от 01.11.2026, НДС не облагается',
      operationType: '01',
    });
    expect(PaymentOrder.safeParse(first.content).success).toBe(true);
    expect(paymentOrderKind.validate(first.content, { today: '2026-11-25' }).errors).toEqual([]);
  });

  it('maps the budget fields 101 and 104-109 of a tax payment, which passes the validators', () => {
    const budget = result.documents[1]!.content;
    expect(budget.budget).toEqual({ payerStatus: '01', kbk: '18201061201010000510', oktmo: '45382000', basis: '0', period: '0', documentNumber: '0', documentDate: '0' });
    expect(budget.payee.bank).toEqual({ name: 'ОКЦ № 2 ГУ Банка России по ЦФО//УФК по г. Москве', bic: '004525988', corrAccount: '40102810545370000003' });
    expect(budget.amount).toBe(4_821_000);
    expect(paymentOrderKind.validate(budget, { today: '2026-11-25' }).errors).toEqual([]);
  });

  it('imports an order with a bad INN check digit as it is, for the validators to flag', () => {
    const bad = result.documents[2]!;
    expect(bad.content.payee.inn).toBe('7701325469');
    expect(bad.content.amount).toBe(990_099);
    expect(bad.warnings).toEqual([]);
    expect(paymentOrderKind.validate(bad.content, { today: '2026-11-25' }).errors.map((e) => `${e.field} ${e.code}`)).toEqual(['payee.inn inn.checksum']);
  });

  it('takes the name from "Плательщик" without its "ИНН ..." prefix, and joins НазначениеПлатежа1..6', () => {
    const last = result.documents[3]!.content;
    expect(last.payer.name).toBe('ООО "Ромашка"');
    expect(last.payee.name).toBe('ИП Лютиков Иван Петрович');
    expect(last.purpose).toBe('Возмещение командировочных расходов по авансовому отчету № 12 Без НДС');
  });

  it('gives each document a stable source key: the same file twice gives the same keys, another order another key', () => {
    const again = importOneCPayments(fixture('mixed.cp1251.crlf.txt'));
    expect(again.documents.map((d) => d.sourceKey)).toEqual(result.documents.map((d) => d.sourceKey));
    expect(new Set(result.documents.map((d) => d.sourceKey)).size).toBe(4);
    for (const d of result.documents) expect(d.sourceKey).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads the same content from UTF-8 with LF line ends', () => {
    const lf = importOneCPayments(fixture('mixed.utf8.lf.txt'));
    expect(lf.encoding).toBe('utf-8');
    expect(lf.warnings).toEqual([]);
    expect(lf.documents.map((d) => d.content)).toEqual(result.documents.map((d) => d.content));
    expect(lf.documents.map((d) => d.line)).toEqual(result.documents.map((d) => d.line));
    expect(lf.documents.map((d) => d.sourceKey)).toEqual(result.documents.map((d) => d.sourceKey));
  });
});

describe('1C import: quirks of real files are tolerated, each with a warning and its line', () => {
  const bytes = fixture('quirks.utf8-claims-windows.lf.txt');
  const text = new TextDecoder().decode(bytes);
  const result = importOneCPayments(bytes);
  const at = (line: string, from = 1): number => lineOf(text, line, from);

  it('reports the file-level findings: lower-case encoding, UTF-8 body claiming Windows, reversed period, an unknown key counted', () => {
    expect(result.encoding).toBe('utf-8');
    expect(result.version).toBe('1.02');
    expect(codes(result.warnings)).toEqual([
      `${at('Кодировка=windows')} format.encoding.spelling`,
      `${at('Кодировка=windows')} format.encoding.declared-mismatch`,
      `${at('ДатаКонца=01.11.2026')} format.onec.period-reversed`,
      `${at('ПолучательТелефон=+7 495 000-00-00')} format.onec.unknown-key`,
    ]);
    expect(result.warnings[1]!.params).toMatchObject({ declared: 'Windows-1251', detected: 'UTF-8' });
    expect(result.warnings[3]!.params).toMatchObject({ key: 'ПолучательТелефон', count: 2 });
  });

  it('every section is imported or rejected, at its line', () => {
    everySectionAccountedFor(result, text);
    expect(result.documents.map((d) => d.content.number)).toEqual(['7', '8', '12']);
    expect(result.rejected.map((r) => [r.line, r.code, r.params])).toEqual([
      [at('Номер=9') - 1, 'format.onec.amount-unreadable', { value: 'сто рублей' }],
      [at('Номер=10') - 1, 'format.onec.date-unreadable', { key: 'Дата', value: '31.02.2026' }],
      [at('Номер=11') - 1, 'format.onec.key-missing', { key: 'ПолучательСчет' }],
    ]);
  });

  it('amount without kopecks, KPP 0 and an odd Код: read, kept or dropped as said, each warned at its line', () => {
    const d = result.documents[0]!;
    expect(d.content.amount).toBe(150_000);
    expect(d.content.payee.kpp).toBeUndefined();
    expect(d.content.uin).toBe('12345');
    expect(codes(d.warnings)).toEqual([`${at('Сумма=1500')} format.onec.amount-no-kopecks`, `${at('ПолучательКПП=0')} format.onec.kpp-zero`, `${at('Код=12345')} format.onec.code-odd`]);
  });

  it('a section without a kind is read as a payment order; a repeated key keeps its first value', () => {
    const d = result.documents[1]!;
    expect(d.content.number).toBe('8');
    expect(codes(d.warnings)).toEqual([`${at('СекцияДокумент=')} format.onec.kind-missing`, `${at('Номер=8а')} format.onec.duplicate-key`]);
    expect(d.warnings[1]!.params).toMatchObject({ key: 'Номер', first: at('Номер=8') });
  });

  it('"Платёжное" with ё is a payment order; missing Очередность, ВидОплаты and Код get the usual values, said so; "100,5" is 100.50', () => {
    const d = result.documents[2]!;
    expect(d.content).toMatchObject({ amount: 10_050, priority: 5, operationType: '01', uin: '0' });
    const sectionLine = at('Номер=12') - 1;
    expect(codes(d.warnings)).toEqual([`${sectionLine} format.default-used`, `${sectionLine} format.default-used`, `${sectionLine} format.default-used`, `${at('Сумма=100,5')} format.onec.amount-unusual`]);
    expect(d.warnings.slice(0, 3).map((w) => w.params.key)).toEqual(['Очередность', 'Код', 'ВидОплаты']);
    expect(d.warnings[3]!.params).toMatchObject({ value: '100,5', read: '100.50' });
  });
});

describe('1C import: encodings', () => {
  it('reads a DOS (CP866) file', () => {
    const result = importOneCPayments(fixture('dos.cp866.crlf.txt'));
    expect(result.encoding).toBe('ibm866');
    expect(result.warnings).toEqual([]);
    expect(result.documents[0]!.content).toMatchObject({ amount: 77_770, purpose: 'Оплата аренды за ноябрь 2026 года, без НДС', payee: { name: 'ИП Лютиков Иван Петрович' } });
  });

  it('a Windows-1251 file that declares DOS is read by its bytes, with a warning naming both encodings', () => {
    const text = new TextDecoder('ibm866').decode(fixture('dos.cp866.crlf.txt'));
    const result = importOneCPayments(encodeCp1251(text));
    expect(result.encoding).toBe('windows-1251');
    expect(result.documents[0]!.content.purpose).toBe('Оплата аренды за ноябрь 2026 года, без НДС');
    expect(result.warnings.map((w) => [w.line, w.code, w.params.declared, w.params.detected])).toEqual([[3, 'format.encoding.declared-mismatch', 'CP866 (DOS)', 'Windows-1251']]);
  });

  it('an encoding the format does not know is reported, and the bytes decide', () => {
    const text = new TextDecoder('ibm866').decode(fixture('dos.cp866.crlf.txt')).replace('Кодировка=DOS', 'Кодировка=KOI8-R');
    const result = importOneCPayments(encodeCp1251(text));
    expect(result.warnings.map((w) => [w.line, w.code, w.params.declared])).toEqual([[3, 'format.encoding.declared-unknown', 'KOI8-R']]);
    expect(result.documents).toHaveLength(1);
  });
});

describe('1C import: bad files are refused whole, with a message naming what and where', () => {
  const good = new TextDecoder('windows-1251').decode(fixture('mixed.cp1251.crlf.txt'));

  it('a file cut short (no КонецФайла) names its last line, in English and Russian', () => {
    const cut = good.slice(0, good.indexOf('СекцияДокумент=Платежное требование'));
    const e = errorOf(() => importOneCPayments(encodeCp1251(cut)));
    expect(e.code).toBe('format.onec.no-end');
    const last = cut.split('\r\n').length - 1;
    expect(e.params.line).toBe(last);
    expect(e.localized('en')).toBe(`The file is cut short: it ends at line ${last} without "КонецФайла". Nothing was imported; ask for the whole file again.`);
    expect(e.localized('ru')).toBe(`Файл обрезан: он заканчивается на строке ${last} без «КонецФайла». Ничего не загружено; выгрузите файл заново целиком.`);
  });

  it('a section never closed names the line where it opened', () => {
    const cut = good.replace('Очередность=5\r\nКонецДокумента\r\nСекцияДокумент=Платежное поручение\r\nНомер=102', 'Очередность=5\r\nСекцияДокумент=Платежное поручение\r\nНомер=102');
    const e = errorOf(() => importOneCPayments(encodeCp1251(cut)));
    expect(e.code).toBe('format.onec.section-unclosed');
    expect(e.params).toMatchObject({ section: 'СекцияДокумент=Платежное поручение', line: 13 });
    expect(e.localized('ru')).toContain('начатая в строке 13, не закрыта');
    const open = errorOf(() => importOneCPayments(encodeCp1251(good.replace(/КонецДокумента\r\nКонецФайла/, 'КонецФайла'))));
    expect(open.code).toBe('format.onec.section-unclosed');
    expect(open.params.line).toBe(lineOf(good, 'Номер=105') - 1);
  });

  it('an end marker without its section', () => {
    const e = errorOf(() => importOneCPayments(utf8('1CClientBankExchange\nВерсияФормата=1.03\nКонецДокумента\nКонецФайла\n')));
    expect(e.code).toBe('format.onec.section-end-unexpected');
    expect(e.params).toMatchObject({ line: 3, marker: 'КонецДокумента' });
  });

  it('not a 1C file, an empty file, binary garbage', () => {
    const notOneC = errorOf(() => importOneCPayments(utf8('Date;Amount;Payee\n2026-11-25;100.00;ООО Лютик\n')));
    expect(notOneC.code).toBe('format.onec.not-1c');
    expect(notOneC.localized('en')).toContain('starts with "Date;Amount;Payee"');
    expect(errorOf(() => importOneCPayments(new Uint8Array(0))).code).toBe('format.empty');
    expect(errorOf(() => importOneCPayments(utf8('  \r\n\r\n'))).code).toBe('format.empty');
    const garbage = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256);
    const binary = errorOf(() => importOneCPayments(garbage));
    expect(binary.code).toBe('format.binary');
    expect(binary.localized('en')).toMatch(/^This is not a text file: byte 0x[0-9A-F]{2} at offset \d+/);
    const withNul = encodeCp1251(good);
    withNul[100] = 0;
    expect(errorOf(() => importOneCPayments(withNul)).params).toEqual({ offset: 100, byte: '0x00' });
  });

  it('a 50 MB file is refused by its size before anything is decoded', () => {
    const big = new Uint8Array(50 * 1024 * 1024);
    const e = errorOf(() => importOneCPayments(big));
    expect(e.code).toBe('format.too-large');
    expect(e.params).toEqual({ size: 52_428_800, limit: 33_554_432 });
    expect(e.localized('en')).toBe('The file is too large: 52428800 bytes, the limit is 33554432 bytes.');
  });

  it('reads a DOS end-of-file mark (Ctrl-Z) at the very end, and reports text after КонецФайла', () => {
    const tail = importOneCPayments(encodeCp1251(`${good}\r\nмусор после конца\r\n\u001a`));
    const line = good.split('\r\n').length + 1;
    expect(codes(tail.warnings)).toEqual([`${line} format.onec.after-end`]);
    expect(tail.documents).toHaveLength(4);
  });
});

describe('1C writer of payment orders', () => {
  const order = DOCUMENT_EXAMPLES['payment-order'];

  it('writes Windows-1251 with CRLF, as 1C reads it, and reads back to the same content', () => {
    const bytes = writeOneCPayments([order], { createdAt: { date: '2026-11-25', time: '10:00:00' } });
    const text = new TextDecoder('windows-1251').decode(bytes);
    expect(text.startsWith('1CClientBankExchange\r\nВерсияФормата=1.03\r\nКодировка=Windows\r\n')).toBe(true);
    expect(text.endsWith('КонецДокумента\r\nКонецФайла\r\n')).toBe(true);
    expect(text).not.toMatch(/[^\r]\n/);
    expect(text).toContain('\r\nСумма=150000.00\r\n');
    expect(text).toContain('\r\nДатаСоздания=25.11.2026\r\nВремяСоздания=10:00:00\r\n');
    const back = importOneCPayments(bytes);
    expect(back.warnings).toEqual([]);
    expect(back.documents.map((d) => d.content)).toEqual([order]);
    expect(back.documents[0]!.warnings).toEqual([]);
  });

  it('refuses a value with a line break, and a character Windows-1251 lacks (naming it and its line)', () => {
    const multiline = errorOf(() => writeOneCPayments([{ ...order, purpose: 'две\nстроки' }]));
    expect(multiline.code).toBe('format.onec.value-multiline');
    expect(multiline.params).toMatchObject({ key: 'НазначениеПлатежа', where: '№ 42' });
    const emoji = errorOf(() => writeOneCPayments([{ ...order, purpose: 'Оплата 🚗' }]));
    expect(emoji.code).toBe('format.encoding.unencodable');
    expect(emoji.params).toMatchObject({ char: '🚗', code: 'U+1F697' });
    const text = new TextDecoder().decode(writeOneCPayments([order], { encoding: 'utf-8' }));
    expect(emoji.params.line).toBe(lineOf(text, `НазначениеПлатежа=${order.purpose}`));
  });
});

describe('statement -> 1C -> read back', () => {
  const statement: Statement = {
    account: { id: 'acc-1', number: '40702810400000004583', currency: 'RUB', balance: 0, bank: { name: 'АО "Банк"', bic: '046015804', corrAccount: '30101810400000000225' }, openedOn: '2020-01-15' },
    from: '2026-11-01',
    to: '2026-11-30',
    openingBalance: 100_000_00,
    totalDebit: 31_500_50,
    totalCredit: 12_000_00,
    closingBalance: 80_499_50,
    entries: [
      { id: 'e1', date: '2026-11-03', direction: 'credit', amount: 12_000_00, counterparty: { name: 'ООО "Лютик"', inn: '500100732259', account: '40602810700000000025', bic: '049805746' }, purpose: 'Оплата по счету № 5, без НДС', documentNumber: '311' },
      { id: 'e2', date: '2026-11-10', direction: 'debit', amount: 31_000_00, counterparty: { name: 'ООО "Лизинг"', inn: '7707083893', account: '40702810400000004583', bic: '044525225' }, purpose: 'Лизинговый платеж № 12 по договору ЛД-2026/015', documentNumber: '42' },
      { id: 'e3', date: '2026-11-30', direction: 'debit', amount: 500_50, counterparty: { name: 'АО "Банк"', inn: '7702070139', account: '70601810000000000001', bic: '046015804' }, purpose: 'Комиссия за ведение счета', documentNumber: '9001' },
    ],
  };
  const createdAt = { date: '2026-12-01', time: '08:30:00' };

  it('writes the header, the account section with balances and turnovers, and one section per entry', () => {
    const text = new TextDecoder('windows-1251').decode(exportStatementOneC(statement, { createdAt, holder: { name: 'ООО "Ромашка"', inn: '7707083893', kpp: '770701001' } }));
    const lines = text.split('\r\n');
    expect(lines.slice(0, 12)).toEqual([
      '1CClientBankExchange',
      'ВерсияФормата=1.03',
      'Кодировка=Windows',
      'Отправитель=АО "Банк"',
      'Получатель=Бухгалтерия предприятия',
      'ДатаСоздания=01.12.2026',
      'ВремяСоздания=08:30:00',
      'ДатаНачала=01.11.2026',
      'ДатаКонца=30.11.2026',
      'РасчСчет=40702810400000004583',
      'Документ=Платежное поручение',
      'СекцияРасчСчет',
    ]);
    expect(lines.slice(15, 20)).toEqual(['НачальныйОстаток=100000.00', 'ВсегоПоступило=12000.00', 'ВсегоСписано=31500.50', 'КонечныйОстаток=80499.50', 'КонецРасчСчет']);
    expect(lines.filter((l) => l === 'СекцияДокумент=Платежное поручение')).toHaveLength(3);
    expect(lines).toContain('ДатаПоступило=03.11.2026');
    expect(lines).toContain('ДатаСписано=10.11.2026');
    expect(lines).toContain('Сумма=500.50');
    expect(lines).toContain('ПлательщикКПП=770701001');
  });

  it('reads back to the same balances, totals and entries', () => {
    const back = readOneCStatement(exportStatementOneC(statement, { createdAt }));
    const { id: _a, ...expectedAccount } = { id: 0, number: statement.account.number };
    expect(back).toEqual({
      account: expectedAccount,
      from: statement.from,
      to: statement.to,
      openingBalance: statement.openingBalance,
      totalDebit: statement.totalDebit,
      totalCredit: statement.totalCredit,
      closingBalance: statement.closingBalance,
      entries: statement.entries.map(({ id: _id, ...e }) => e),
    });
  });

  it('writes the counterparty\'s KPP, bank, corr. account and the priority, reads them back, and leaves them empty for an entry stored without them', () => {
    const full: Statement = {
      ...statement,
      entries: [
        { ...statement.entries[0]!, counterparty: { ...statement.entries[0]!.counterparty, bankName: 'АО «Тверской Песочный Банк»', corrAccount: '30101810900000000746' }, priority: 5 },
        { ...statement.entries[1]!, counterparty: { ...statement.entries[1]!.counterparty, kpp: '770701001', bankName: 'АО «Песочница Банк»', corrAccount: '30101810400000000225' }, priority: 3 },
        statement.entries[2]!,
      ],
    };
    const bytes = exportStatementOneC(full, { createdAt, holder: { name: 'ООО "Ромашка"', inn: '7707083893', kpp: '770702001' } });
    const sections = new TextDecoder('windows-1251').decode(bytes).split('СекцияДокумент=').slice(1).map((s) => s.split('\r\n'));
    // the credit: the payer is the counterparty, the payee the holder with its own bank
    expect(sections[0]).toEqual(expect.arrayContaining(['ПлательщикКПП=', 'ПлательщикБанк1=АО «Тверской Песочный Банк»', 'ПлательщикКорсчет=30101810900000000746', 'ПолучательКПП=770702001', 'ПолучательБанк1=АО "Банк"', 'ПолучательКорсчет=30101810400000000225', 'Очередность=5']));
    expect(sections[1]).toEqual(expect.arrayContaining(['ПолучательКПП=770701001', 'ПолучательБанк1=АО «Песочница Банк»', 'ПолучательКорсчет=30101810400000000225', 'ПлательщикКПП=770702001', 'Очередность=3']));
    // a statement stored before these fields existed: the keys are there, empty
    expect(sections[2]).toEqual(expect.arrayContaining(['ПолучательКПП=', 'ПолучательБанк1=', 'ПолучательКорсчет=', 'Очередность=']));
    const back = readOneCStatement(bytes);
    expect(back.entries).toEqual(full.entries.map(({ id: _id, ...e }) => e));
  });

  it('keeps a negative balance (an overdraft) and refuses a currency account', () => {
    const back = readOneCStatement(exportStatementOneC({ ...statement, openingBalance: -1_50, closingBalance: -19_501_00 }, { createdAt }));
    expect([back.openingBalance, back.closingBalance]).toEqual([-1_50, -19_501_00]);
    const e = errorOf(() => exportStatementOneC({ ...statement, account: { ...statement.account, currency: 'CNY' } }, { createdAt }));
    expect(e.code).toBe('format.onec.currency-unsupported');
    expect(e.localized('ru')).toBe('Файл обмена с 1С содержит только рублёвые счета; этот счёт в валюте CNY.');
  });

  it('the reader keeps the structure: header, account sections, documents with the line of each field', () => {
    const file = readOneC(exportStatementOneC(statement, { createdAt }));
    expect(file.header.find((f) => f.key === 'РасчСчет')).toEqual({ key: 'РасчСчет', value: '40702810400000004583', line: 10 });
    expect(file.accounts).toHaveLength(1);
    expect(file.accounts[0]!.line).toBe(12);
    expect(file.documents.map((d) => d.kind)).toEqual(['Платежное поручение', 'Платежное поручение', 'Платежное поручение']);
    expect(file.documents[0]!.fields[0]).toEqual({ key: 'Номер', value: '311', line: file.documents[0]!.line + 1 });
  });
});
