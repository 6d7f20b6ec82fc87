import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Statement } from '../../src/shared/bank-api/accounts.ts';
import { DOCUMENT_EXAMPLES } from '../../src/shared/bank-api/documents/examples.ts';
import type { PaymentOrder } from '../../src/shared/bank-api/documents/payment-order.ts';
import { paymentOrderKind } from '../../src/shared/bank-api/documents/payment-order.ts';
import { MAX_AMOUNT } from '../../src/shared/domain/money.ts';
import { uinCheckDigit } from '../../src/shared/domain/requisites.ts';
import { detectFormat, importFile } from '../../src/main/formats/detect.ts';
import { type Camt053ExportOptions, exportCamt053, readCamt053 } from '../../src/main/formats/iso20022/camt053.ts';
import { exportPain001 } from '../../src/main/formats/iso20022/pain001-export.ts';
import { importPain001 } from '../../src/main/formats/iso20022/pain001-import.ts';
import { importOneCPayments } from '../../src/main/formats/onec/import-payments.ts';
import { writeOneCPayments } from '../../src/main/formats/onec/write-payments.ts';
import { parseXml, type XmlElement } from '../../src/main/formats/xml/reader.ts';
import { errorOf } from '../helpers/errors.ts';
import { XSD, xsdErrors } from '../helpers/xsd.ts';
import { paymentOrderArb } from './formats-arbitraries.ts';

const example = DOCUMENT_EXAMPLES['payment-order'];
const budgetOrder: PaymentOrder = {
  ...example,
  number: '43',
  amount: 4_821_000,
  payee: { name: 'Казначейство России (ФНС России)', inn: '7727406020', kpp: '770801001', account: '03100643000000018500', bank: { name: 'ОКЦ № 2 ГУ Банка России по ЦФО//УФК по г. Москве', bic: '004525988', corrAccount: '40102810545370000003' } },
  uin: `1820996526400012345${uinCheckDigit('1820996526400012345')}`,
  priority: 5,
  purpose: 'Единый налоговый платеж',
  budget: { payerStatus: '01', kbk: '18201061201010000510', oktmo: '45382000', basis: 'ТП', period: 'КВ.03.2026', documentNumber: '0', documentDate: '20.11.2026' },
};
const orders: PaymentOrder[] = [
  example,
  budgetOrder,
  {
    ...example,
    number: '44',
    date: '2026-11-26',
    amount: 1,
    payee: { ...example.payee, name: `ООО "${'Очень длинное наименование '.repeat(5)}"`.slice(0, 160), bank: { name: 'Банк 2', bic: '049805746', corrAccount: '30101810400000000225' } },
    purpose: `<script>alert(1)</script> & "кавычки" ${'назначение '.repeat(17)}`.slice(0, 210),
    paymentKind: 'срочно',
    incomeType: '1',
    priority: 3,
  },
  { ...example, number: '45', payer: { name: 'ИП Сидоров Пётр', inn: '500100732259', account: '40602810700000000025', bank: { name: 'Банк 2', bic: '049805746' } }, payee: { ...example.payer } },
];

describe('pain.001.001.09 export', () => {
  const xml = exportPain001(orders, { messageId: 'BC-20261125-0001', createdAt: '2026-11-25T10:00:00' });
  const root = parseXml(new TextDecoder().decode(xml)).root;

  it('is valid against the official pain.001.001.09 XSD', () => {
    expect(root.ns).toBe('urn:iso:std:iso:20022:tech:xsd:pain.001.001.09');
    expect(xsdErrors(xml, XSD.pain001v09)).toEqual([]);
  });

  const noKpp: PaymentOrder = { ...example, number: '46', payer: { ...example.payer, kpp: undefined }, payee: { ...example.payee, kpp: undefined } };
  const bothKpp: PaymentOrder = { ...example, number: '47', payee: { ...example.payee, name: 'ООО "Лютик"', inn: '7707083893', kpp: '770701001' } };
  const shapes: [string, PaymentOrder[]][] = [
    ['without KPP (no Tax element)', [noKpp]],
    ['with the KPP of both parties', [bothKpp]],
    ['a budget payment with every field 101, 104-109 filled in', [{ ...budgetOrder, budget: { ...budgetOrder.budget!, documentNumber: '123456789012345' } }]],
    ['a budget payment with "0" in the basis, period, number and date (no Tax/Dt)', [{ ...budgetOrder, budget: { ...budgetOrder.budget!, basis: '0', period: '0', documentNumber: '0', documentDate: '0' } }]],
    ['a budget payment from a person (12-digit INN, no KPP, PrvtId)', [{ ...budgetOrder, number: '48', payer: { name: 'ИП Сидоров Пётр', inn: '500100732259', account: '40802810700000000025', bank: example.payer.bank }, budget: { ...budgetOrder.budget!, payerStatus: '09' } }]],
    [
      'maximum lengths: 6-digit number, 160-character names, 210-character purpose, 25-digit UIN, 35-character message id',
      [
        {
          ...example,
          number: '999999',
          amount: 9_999_999_999_999_99,
          payer: { ...example.payer, name: 'Ж'.repeat(160), bank: { ...example.payer.bank, name: 'Б'.repeat(140), corrAccount: '30101810400000000225' } },
          payee: { ...example.payee, name: `${'Я'.repeat(139)}&${'<'.repeat(20)}`, bank: { ...example.payee.bank, name: 'Ю'.repeat(140) } },
          purpose: `${'Ё'.repeat(139)}"${'№'.repeat(70)}`,
          uin: `182099652640001234500000${uinCheckDigit('182099652640001234500000')}`,
          paymentKind: 'электронно',
          incomeType: '5',
        },
      ],
    ],
  ];
  for (const [what, list] of shapes) {
    it(`is valid against the XSD: ${what}`, () => {
      expect(xsdErrors(exportPain001(list, { messageId: 'M'.repeat(35), createdAt: '2026-11-25T10:00:00' }), XSD.pain001v09)).toEqual([]);
    });
  }

  it('is valid against the XSD for 300 generated orders of several payers and dates in one message', () => {
    const many = fc.sample(paymentOrderArb, { numRuns: 300, seed: 20261125 });
    expect(xsdErrors(exportPain001(many, { messageId: 'BC-MANY', createdAt: '2026-11-25T10:00:00' }), XSD.pain001v09)).toEqual([]);
  });

  it('leaves CtrlSum out where the sum passes 2^53 kopecks (ten orders of the maximum amount), and stays valid', () => {
    const big = Array.from({ length: 10 }, (_, i): PaymentOrder => ({ ...example, number: String(100 + i), amount: MAX_AMOUNT }));
    const bytes = exportPain001(big, { messageId: 'BIG', createdAt: '2026-11-25T10:00:00' });
    expect(new TextDecoder().decode(bytes)).not.toContain('<CtrlSum>');
    expect(xsdErrors(bytes, XSD.pain001v09)).toEqual([]);
    const back = importPain001(bytes);
    expect([back.documents.length, back.warnings]).toEqual([10, []]);
  });

  it('the XSD gate fails a broken message, naming the element', () => {
    const broken = new TextDecoder().decode(xml).replace('<PmtMtd>TRF</PmtMtd>', '').replace(/<NbOfTxs>4<\/NbOfTxs>\s*<CtrlSum>([\d.]+)<\/CtrlSum>/, '<CtrlSum>$1</CtrlSum><NbOfTxs>4</NbOfTxs>');
    const errors = xsdErrors(broken, XSD.pain001v09);
    expect(errors.join('\n')).toMatch(/Element '\{urn:iso:std:iso:20022:tech:xsd:pain\.001\.001\.09\}NbOfTxs': This element is not expected/);
    expect(xsdErrors(new TextDecoder().decode(xml).replace('<CtgyPurp>', '<CtgyPurp><Cd>SUPP</Cd>'), XSD.pain001v09)).not.toEqual([]);
  });

  it('groups one PmtInf per payer and execution date, with counts and control sums', () => {
    const pmtInfs = root.children[0]!.children.filter((c) => c.local === 'PmtInf');
    const summary = pmtInfs.map((p) => {
      const get = (n: string): string => p.children.find((c) => c.local === n)!.text;
      return [get('NbOfTxs'), get('CtrlSum'), p.children.find((c) => c.local === 'ReqdExctnDt')!.children[0]!.text];
    });
    expect(summary).toEqual([
      ['2', '198210.00', '2026-11-25'],
      ['1', '0.01', '2026-11-26'],
      ['1', '150000.00', '2026-11-25'],
    ]);
  });

  it('imports back to the same payment orders, without warnings', () => {
    const back = importPain001(xml);
    expect([back.format, back.version, back.encoding]).toEqual(['pain.001', 'pain.001.001.09', 'utf-8']);
    expect(back.rejected).toEqual([]);
    expect(back.warnings).toEqual([]);
    expect(back.documents.map((d) => d.warnings)).toEqual([[], [], [], []]);
    const byNumber = (a: PaymentOrder, b: PaymentOrder): number => a.number.localeCompare(b.number);
    expect(back.documents.map((d) => d.content).sort(byNumber)).toEqual([...orders].sort(byNumber));
    expect(paymentOrderKind.validate(back.documents.find((d) => d.content.number === '43')!.content, { today: '2026-11-25' }).errors).toEqual([]);
  });

  it('gives the same source keys as the same orders imported from a 1C file', () => {
    const fromXml = importPain001(xml).documents.map((d) => d.sourceKey).sort();
    const fromOneC = importOneCPayments(writeOneCPayments(orders)).documents.map((d) => d.sourceKey).sort();
    expect(fromXml).toEqual(fromOneC);
  });

  it('refuses what the message cannot hold, naming the order and the field', () => {
    const e = errorOf(() => exportPain001([{ ...budgetOrder, budget: { ...budgetOrder.budget!, documentDate: '31.02.2026' } }], { messageId: 'M', createdAt: '2026-11-25T10:00:00' }));
    expect(e.code).toBe('format.iso.value-unrepresentable');
    expect(e.localized('en')).toBe('Payment order 43: Tax/Dt (109) "31.02.2026" cannot be written to pain.001.001.09.');
  });
});

describe('pain.001 import', () => {
  const fixture = new Uint8Array(readFileSync(new URL('../fixtures/formats/pain.001.001.03.xml', import.meta.url)));

  it('reads a hand-written pain.001.001.03 with prefixes, a budget payment, and rejects a payment in euros at its line', () => {
    const result = importPain001(fixture);
    expect([result.version, result.warnings]).toEqual(['pain.001.001.03', []]);
    const text = new TextDecoder().decode(fixture).split('\n');
    const txLines = text.flatMap((l, i) => (l.includes('<p:CdtTrfTxInf>') ? [i + 1] : []));
    expect(result.documents.map((d) => d.line)).toEqual(txLines.slice(0, 2));
    expect(result.rejected).toEqual([{ line: txLines[2], code: 'format.iso.currency-unsupported', params: { currency: 'EUR' } }]);
    expect(result.documents[0]!.content).toEqual({
      number: '201',
      date: '2026-11-25',
      amount: 1_500_000,
      payer: { name: 'ООО "Ромашка"', inn: '7707083893', kpp: '770701001', account: '40702810400000004583', bank: { name: 'АО "Банк"', bic: '046015804' } },
      payee: { name: 'ИП Лютиков Иван Петрович', inn: '500100732259', account: '40602810700000000025', bank: { name: 'ПАО "Банк 2"', bic: '049805746' } },
      uin: '0',
      priority: 5,
      purpose: 'Оплата по договору № 7 от 01.11.2026 & допсоглашению, НДС не облагается',
      operationType: '01',
    });
    const tax = result.documents[1]!.content;
    expect(tax.amount).toBe(4_821_000);
    expect(tax.purpose).toBe('Единый налоговый платеж');
    expect(tax.budget).toEqual({ payerStatus: '01', kbk: '18201061201010000510', oktmo: '45382000', basis: '0', period: '0', documentNumber: '0', documentDate: '0' });
    expect(paymentOrderKind.validate(tax, { today: '2026-11-25' }).errors).toEqual([]);
  });

  it('refuses unknown namespaces and elements from another namespace, naming them', () => {
    const other = errorOf(() => importPain001(new TextEncoder().encode('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.05"><CstmrCdtTrfInitn/></Document>')));
    expect([other.code, other.params]).toEqual(['format.iso.namespace-unknown', { namespace: 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.05', line: 1 }]);
    const mixed = errorOf(() =>
      importPain001(new TextEncoder().encode('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09" xmlns:c="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">\n<CstmrCdtTrfInitn>\n  <c:GrpHdr/>\n</CstmrCdtTrfInitn></Document>')),
    );
    expect(mixed.code).toBe('format.iso.namespace-mismatch');
    expect(mixed.params).toMatchObject({ element: 'c:GrpHdr', line: 3, column: 3 });
    expect(mixed.localized('ru')).toMatch(/^Строка 3, столбец 3: <c:GrpHdr> в пространстве имён «urn:iso:std:iso:20022:tech:xsd:camt.053.001.08»/);
    expect(errorOf(() => importPain001(new TextEncoder().encode('<Doc xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"/>'))).code).toBe('format.iso.root-unexpected');
  });

  it('warns when the group header counts or sums differ from the transactions', () => {
    const xml = new TextDecoder().decode(exportPain001([example], { messageId: 'M', createdAt: '2026-11-25T10:00:00' })).replace('<NbOfTxs>1</NbOfTxs>', '<NbOfTxs>2</NbOfTxs>').replace('<CtrlSum>150000.00</CtrlSum>', '<CtrlSum>1.00</CtrlSum>');
    const result = importPain001(new TextEncoder().encode(xml));
    expect(result.warnings.map((w) => [w.code, w.params.declared, w.params.actual])).toEqual([
      ['format.iso.count-mismatch', '2', 1],
      ['format.iso.control-sum-mismatch', '1.00', '150000.00'],
    ]);
    expect(result.documents).toHaveLength(1);
  });
});

describe('importFile picks the format by content', () => {
  const pain = exportPain001([example], { messageId: 'M', createdAt: '2026-11-25T10:00:00' });
  const oneC = writeOneCPayments([example]);

  it('1C and pain.001, whatever the file is called', () => {
    expect(detectFormat(oneC)).toBe('1c');
    expect(detectFormat(pain)).toBe('pain.001');
    expect(importFile(oneC, 'payments.xml').format).toBe('1c');
    expect(importFile(pain, 'kl_to_1c.txt').format).toBe('pain.001');
    expect(importFile(pain, 'x').documents[0]!.content).toEqual(importFile(oneC, 'y').documents[0]!.content);
  });

  it('names the file when it is neither, and gives XML errors for other XML', () => {
    const e = errorOf(() => importFile(new TextEncoder().encode('date;amount\n2026-11-25;1.00\n'), 'выписка.csv'));
    expect(e.code).toBe('format.unknown');
    expect(e.localized('ru')).toBe('выписка.csv: это не файл обмена с 1С (1CClientBankExchange) и не платёжный файл ISO 20022 pain.001.');
    expect(errorOf(() => importFile(new TextEncoder().encode('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "b">]><x/>'), 'x.xml')).code).toBe('format.xml.doctype');
    expect(errorOf(() => importFile(new TextEncoder().encode('<Document xmlns="urn:other"/>'), 'x.xml')).code).toBe('format.iso.namespace-unknown');
    expect(errorOf(() => importFile(new Uint8Array(0), 'empty.txt')).code).toBe('format.empty');
    expect(errorOf(() => importFile(Uint8Array.of(0x4d, 0x5a, 0x90, 0x00), 'setup.exe')).code).toBe('format.binary');
  });
});

describe('camt.053.001.08 export of a statement', () => {
  const statement: Statement = {
    account: { id: 'acc-1', number: '40702810400000004583', currency: 'RUB', balance: 0, bank: { name: 'АО "Банк"', bic: '046015804', corrAccount: '30101810400000000225' }, openedOn: '2020-01-15' },
    from: '2026-11-01',
    to: '2026-11-30',
    openingBalance: -5_000_00,
    totalDebit: 31_500_50,
    totalCredit: 120_000_00,
    closingBalance: 83_499_50,
    entries: [
      { id: '3f0c2a9e-8d7b-4c1a-9e2f-0a1b2c3d4e5f', date: '2026-11-03', direction: 'credit', amount: 120_000_00, counterparty: { name: 'ООО "Лютик" <опт>', inn: '500100732259', account: '40602810700000000025', bic: '049805746' }, purpose: 'Оплата по счету № 5 & акту, без НДС', documentNumber: '311' },
      { id: 'e2', date: '2026-11-10', direction: 'debit', amount: 31_000_00, counterparty: { name: 'ООО "Лизинг"', inn: '7707083893', account: '40702810400000004583', bic: '044525225' }, purpose: `Лизинговый платеж ${'по договору ЛД-2026/015 '.repeat(8)}`.trim(), documentNumber: '42' },
      { id: 'e3', date: '2026-11-30', direction: 'debit', amount: 500_50, counterparty: { name: 'АО "Банк"', inn: '', account: '', bic: '046015804' }, purpose: 'Комиссия', documentNumber: '' },
    ],
  };
  const xml = exportCamt053(statement, { createdAt: '2026-12-01T08:30:00', holder: { name: 'ООО "Ромашка"', inn: '7707083893' } });
  const root = parseXml(new TextDecoder().decode(xml)).root;

  it('is valid against the official camt.053.001.08 XSD', () => {
    expect(root.ns).toBe('urn:iso:std:iso:20022:tech:xsd:camt.053.001.08');
    expect(xsdErrors(xml, XSD.camt053v08)).toEqual([]);
  });

  const account = (number: string, currency: string, bic = '046015804'): Statement['account'] => ({ id: `acc-${number}`, number, currency, balance: 0, bank: { name: 'АО "Банк"', bic, corrAccount: '30101810400000000225' }, openedOn: '2020-01-15' });
  const entry = (id: string, direction: 'credit' | 'debit', amount: number, more: Partial<Statement['entries'][number]> = {}): Statement['entries'][number] => ({
    id,
    date: '2026-11-05',
    direction,
    amount,
    counterparty: { name: 'ООО "Лютик"', inn: '7707083893', account: '40702810400000004583', bic: '044525225' },
    purpose: 'Оплата',
    documentNumber: '7',
    ...more,
  });
  const statements: [string, Statement, Camt053ExportOptions][] = [
    ['an empty statement without a holder', { ...statement, entries: [], openingBalance: 0, closingBalance: 0, totalCredit: 0, totalDebit: 0 }, { createdAt: '2026-12-01T08:30:00' }],
    [
      'a currency account (USD) with a person as holder (12-digit INN) and a negative closing balance',
      { ...statement, account: account('40702840400000000017', 'USD'), openingBalance: 100_00, totalDebit: 350_00, totalCredit: 0, closingBalance: -250_00, entries: [entry('u1', 'debit', 350_00)] },
      { createdAt: '2026-12-01T08:30:00', holder: { name: 'ИП Сидоров Пётр', inn: '500100732259' } },
    ],
    [
      'a yuan account of another bank with credits only',
      { ...statement, account: account('40702156000000000003', 'CNY', '044525225'), openingBalance: 0, totalDebit: 0, totalCredit: 3_00, closingBalance: 3_00, entries: [entry('c1', 'credit', 1_00), entry('c2', 'credit', 2_00)] },
      { createdAt: '2026-12-01T08:30:00', holder: { name: 'ООО "Ромашка"', inn: '7707083893' }, messageId: 'X'.repeat(35) },
    ],
    [
      'maximum lengths and empty counterparty fields',
      {
        ...statement,
        totalCredit: 9_999_999_999_999_99,
        totalDebit: 0,
        openingBalance: 0,
        closingBalance: 9_999_999_999_999_99,
        entries: [
          entry('9b2f7c1e-3d4a-4f5b-8c6d-7e8f9a0b1c2d', 'credit', 9_999_999_999_999_99, { counterparty: { name: `${'Щ'.repeat(150)}<&>`, inn: '', account: '', bic: '' }, purpose: `${'Э'.repeat(200)}"№'&<`, documentNumber: 'N'.repeat(35) }),
          entry('e-empty', 'credit', 0, { counterparty: { name: '', inn: '', account: '', bic: '' }, purpose: '', documentNumber: '' }),
        ],
      },
      { createdAt: '2026-12-01T08:30:00', holder: { name: 'Ш'.repeat(160), inn: '7707083893' } },
    ],
  ];
  for (const [what, st, options] of statements) {
    it(`is valid against the XSD: ${what}`, () => {
      expect(xsdErrors(exportCamt053(st, options), XSD.camt053v08)).toEqual([]);
    });
  }

  it('the XSD gate fails a broken statement, naming the element', () => {
    const broken = new TextDecoder().decode(xml).replace('<CdtDbtInd>CRDT</CdtDbtInd>', '<CdtDbtInd>UP</CdtDbtInd>');
    expect(xsdErrors(broken, XSD.camt053v08).join('\n')).toMatch(/Element '\{urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.08\}CdtDbtInd': \[facet 'enumeration'\] The value 'UP'/);
  });

  it('reads back with the same balances, totals and entries', () => {
    const back = readCamt053(xml);
    expect(back).toEqual({
      accountNumber: statement.account.number,
      currency: 'RUB',
      from: statement.from,
      to: statement.to,
      openingBalance: statement.openingBalance,
      closingBalance: statement.closingBalance,
      totalCredit: statement.totalCredit,
      totalDebit: statement.totalDebit,
      entries: statement.entries.map(({ id, ...e }) => ({ ...e, servicerRef: id.length > 35 ? id.replace(/-/g, '') : id })),
    });
  });

  it('carries the counterparty\'s KPP (Tax), its bank\'s name and corr. account (RltdAgts) and the priority (AddtlTxInf); valid, and read back', () => {
    const full: Statement = {
      ...statement,
      entries: [
        { ...statement.entries[0]!, counterparty: { ...statement.entries[0]!.counterparty, bankName: 'АО «Тверской Песочный Банк»', corrAccount: '30101810900000000746' }, priority: 5 },
        { ...statement.entries[1]!, counterparty: { ...statement.entries[1]!.counterparty, kpp: '770701001', bankName: `${'Б'.repeat(150)}`, corrAccount: '30101810400000000225' }, priority: 1 },
        statement.entries[2]!,
      ],
    };
    const bytes = exportCamt053(full, { createdAt: '2026-12-01T08:30:00', holder: { name: 'ООО "Ромашка"', inn: '7707083893', kpp: '770702001' } });
    expect(xsdErrors(bytes, XSD.camt053v08)).toEqual([]);
    const text = new TextDecoder().decode(bytes).replace(/>\s+</g, '><');
    expect(text).toContain('<CdtrAgt><FinInstnId><ClrSysMmbId><ClrSysId><Cd>RUCBC</Cd></ClrSysId><MmbId>044525225</MmbId></ClrSysMmbId><Nm>' + 'Б'.repeat(140) + '</Nm><Othr><Id>30101810400000000225</Id><SchmeNm><Prtry>CRSA</Prtry></SchmeNm></Othr></FinInstnId></CdtrAgt>');
    expect(text).toContain('<Tax><Cdtr><TaxId>7707083893</TaxId><RegnId>770701001</RegnId></Cdtr><Dbtr><TaxId>7707083893</TaxId><RegnId>770702001</RegnId></Dbtr></Tax><AddtlTxInf>Очередность платежа: 1</AddtlTxInf>');
    const back = readCamt053(bytes);
    const cut = (e: Statement['entries'][number]): Statement['entries'][number] => (e.counterparty.bankName ? { ...e, counterparty: { ...e.counterparty, bankName: [...e.counterparty.bankName].slice(0, 140).join('') } } : e);
    expect(back.entries).toEqual(full.entries.map((e) => cut(e)).map(({ id, ...e }) => ({ ...e, servicerRef: id.length > 35 ? id.replace(/-/g, '') : id })));
  });

  it('states the balances as OPBD/CLBD with their sign, and a summary of the entries', () => {
    const stmt = root.children[0]!.children[1]!;
    const bal = stmt.children.filter((c) => c.local === 'Bal').map((b) => [b.children[0]!.children[0]!.children[0]!.text, b.children[1]!.text, b.children[1]!.attrs.Ccy, b.children[2]!.text]);
    expect(bal).toEqual([
      ['OPBD', '5000.00', 'RUB', 'DBIT'],
      ['CLBD', '83499.50', 'RUB', 'CRDT'],
    ]);
    const summary = stmt.children.find((c) => c.local === 'TxsSummry')!;
    const flat = (e: XmlElement): string[] => (e.children.length === 0 ? [`${e.local}=${e.text}`] : e.children.flatMap(flat));
    expect(flat(summary)).toEqual(['NbOfNtries=3', 'Sum=151500.50', 'Amt=88499.50', 'CdtDbtInd=CRDT', 'NbOfNtries=1', 'Sum=120000.00', 'NbOfNtries=2', 'Sum=31500.50']);
  });

  it('xmllint reads it as well-formed XML with the same values', () => {
    const dir = mkdtempSync(join(tmpdir(), 'camt-'));
    try {
      const file = join(dir, 'camt.xml');
      writeFileSync(file, xml);
      const xpath = (expr: string): string => execFileSync('xmllint', ['--xpath', expr, file], { encoding: 'utf8' }).replace(/\n$/, '');
      expect(xpath('count(//*[local-name()="Ntry"])')).toBe('3');
      expect(xpath('string(//*[local-name()="Ntry"][1]//*[local-name()="Cdtr"]/*[local-name()="Pty"]/*[local-name()="Nm"])')).toBe('ООО "Ромашка"');
      expect(xpath('string(//*[local-name()="Ntry"][1]//*[local-name()="Dbtr"]/*[local-name()="Pty"]/*[local-name()="Nm"])')).toBe('ООО "Лютик" <опт>');
      expect(xpath('string(//*[local-name()="Ntry"][1]//*[local-name()="Ustrd"])')).toBe('Оплата по счету № 5 & акту, без НДС');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('xmllint also reads the pain.001 export', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pain-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('with the purpose and names as written', () => {
    const file = join(dir, 'pain.xml');
    writeFileSync(file, exportPain001(orders, { messageId: 'M', createdAt: '2026-11-25T10:00:00' }));
    const xpath = (expr: string): string => execFileSync('xmllint', ['--xpath', expr, file], { encoding: 'utf8' }).replace(/\n$/, '');
    expect(xpath('count(//*[local-name()="CdtTrfTxInf"])')).toBe('4');
    const tx = '//*[local-name()="CdtTrfTxInf"][*[local-name()="PmtId"]/*[local-name()="EndToEndId"]="44"]';
    expect(xpath(`string(${tx}//*[local-name()="Ustrd"][1])`) + xpath(`string(${tx}//*[local-name()="Ustrd"][2])`)).toBe(orders[2]!.purpose);
  });
});
