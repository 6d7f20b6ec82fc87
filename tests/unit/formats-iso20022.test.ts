import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Statement } from '../../src/shared/bank-api/accounts.ts';
import { DOCUMENT_EXAMPLES } from '../../src/shared/bank-api/documents/examples.ts';
import type { PaymentOrder } from '../../src/shared/bank-api/documents/payment-order.ts';
import { paymentOrderKind } from '../../src/shared/bank-api/documents/payment-order.ts';
import { uinCheckDigit } from '../../src/shared/domain/requisites.ts';
import { detectFormat, importFile } from '../../src/main/formats/detect.ts';
import { exportCamt053, readCamt053 } from '../../src/main/formats/iso20022/camt053.ts';
import { exportPain001 } from '../../src/main/formats/iso20022/pain001-export.ts';
import { importPain001 } from '../../src/main/formats/iso20022/pain001-import.ts';
import { importOneCPayments } from '../../src/main/formats/onec/import-payments.ts';
import { writeOneCPayments } from '../../src/main/formats/onec/write-payments.ts';
import { parseXml, type XmlElement } from '../../src/main/formats/xml/reader.ts';
import { errorOf } from '../helpers/errors.ts';

/**
 * The content models of the ISO 20022 types our messages use, written down from the published
 * XSDs (pain.001.001.09, camt.053.001.08): each type's children in sequence order, "!" for
 * minOccurs 1. A child with a type name descends; a leaf has a simple type: MaxNN (text of 1..NN
 * characters), Amt (decimal with a Ccy attribute), Dec (decimal), Num (digits), Date, DateTime, Code.
 */
type Model = { choice?: boolean; items: [string, string][] };
const seq = (...items: [string, string][]): Model => ({ items });
const choice = (...items: [string, string][]): Model => ({ choice: true, items });
const CdOrPrtry = choice(['Cd', 'Code'], ['Prtry', 'Max35']);

const COMMON: Record<string, Model> = {
  PartyIdentification135: seq(['Nm', 'Max140'], ['PstlAdr', 'PostalAddress24'], ['Id', 'Party38Choice'], ['CtryOfRes', 'Code'], ['CtctDtls', 'Contact4']),
  Party38Choice: choice(['OrgId', 'OrganisationIdentification29'], ['PrvtId', 'PersonIdentification13']),
  OrganisationIdentification29: seq(['AnyBIC', 'Code'], ['LEI', 'Code'], ['Othr', 'GenericOrganisationIdentification1']),
  PersonIdentification13: seq(['DtAndPlcOfBirth', 'DateAndPlaceOfBirth1'], ['Othr', 'GenericPersonIdentification1']),
  GenericOrganisationIdentification1: seq(['Id!', 'Max35'], ['SchmeNm', 'SchemeChoice'], ['Issr', 'Max35']),
  GenericPersonIdentification1: seq(['Id!', 'Max35'], ['SchmeNm', 'SchemeChoice'], ['Issr', 'Max35']),
  SchemeChoice: CdOrPrtry,
  Contact4: seq(['NmPrfx', 'Code'], ['Nm', 'Max140'], ['PhneNb', 'Code'], ['MobNb', 'Code'], ['FaxNb', 'Code'], ['EmailAdr', 'Max2048'], ['EmailPurp', 'Max35'], ['JobTitl', 'Max35'], ['Rspnsblty', 'Max35'], ['Dept', 'Max70']),
  CashAccount38: seq(['Id!', 'AccountIdentification4Choice'], ['Tp', 'CdOrPrtry'], ['Ccy', 'Code'], ['Nm', 'Max70'], ['Prxy', 'ProxyAccountIdentification1']),
  AccountIdentification4Choice: choice(['IBAN', 'Code'], ['Othr', 'GenericAccountIdentification1']),
  GenericAccountIdentification1: seq(['Id!', 'Max34'], ['SchmeNm', 'CdOrPrtry'], ['Issr', 'Max35']),
  BranchAndFinancialInstitutionIdentification6: seq(['FinInstnId!', 'FinancialInstitutionIdentification18'], ['BrnchId', 'BranchData3']),
  FinancialInstitutionIdentification18: seq(['BICFI', 'Code'], ['ClrSysMmbId', 'ClearingSystemMemberIdentification2'], ['LEI', 'Code'], ['Nm', 'Max140'], ['PstlAdr', 'PostalAddress24'], ['Othr', 'GenericFinancialIdentification1']),
  ClearingSystemMemberIdentification2: seq(['ClrSysId', 'CdOrPrtry'], ['MmbId!', 'Max35']),
  CdOrPrtry,
  DateAndDateTime2Choice: choice(['Dt', 'Date'], ['DtTm', 'DateTime']),
  RemittanceInformation16: seq(['Ustrd', 'Max140'], ['Strd', 'StructuredRemittanceInformation16']),
  StructuredRemittanceInformation16: seq(['RfrdDocInf', 'ReferredDocumentInformation7'], ['RfrdDocAmt', 'RemittanceAmount2'], ['CdtrRefInf', 'CreditorReferenceInformation2'], ['Invcr', 'PartyIdentification135'], ['Invcee', 'PartyIdentification135'], ['TaxRmt', 'TaxInformation7'], ['GrnshmtRmt', 'Garnishment3'], ['AddtlRmtInf', 'Max140']),
  CreditorReferenceInformation2: seq(['Tp', 'CreditorReferenceType2'], ['Ref', 'Max35']),
};

const PAIN_001_001_09: Record<string, Model> = {
  ...COMMON,
  Document: seq(['CstmrCdtTrfInitn!', 'CustomerCreditTransferInitiationV09']),
  CustomerCreditTransferInitiationV09: seq(['GrpHdr!', 'GroupHeader85'], ['PmtInf!', 'PaymentInstruction30'], ['SplmtryData', 'SupplementaryData1']),
  GroupHeader85: seq(['MsgId!', 'Max35'], ['CreDtTm!', 'DateTime'], ['Authstn', 'Authorisation1Choice'], ['NbOfTxs!', 'Num'], ['CtrlSum', 'Dec'], ['InitgPty!', 'PartyIdentification135'], ['FwdgAgt', 'BranchAndFinancialInstitutionIdentification6']),
  PaymentInstruction30: seq(
    ['PmtInfId!', 'Max35'], ['PmtMtd!', 'Code'], ['BtchBookg', 'Code'], ['NbOfTxs', 'Num'], ['CtrlSum', 'Dec'], ['PmtTpInf', 'PaymentTypeInformation26'], ['ReqdExctnDt!', 'DateAndDateTime2Choice'], ['PoolgAdjstmntDt', 'Date'],
    ['Dbtr!', 'PartyIdentification135'], ['DbtrAcct!', 'CashAccount38'], ['DbtrAgt!', 'BranchAndFinancialInstitutionIdentification6'], ['DbtrAgtAcct', 'CashAccount38'], ['InstrForDbtrAgt', 'Max140'], ['UltmtDbtr', 'PartyIdentification135'],
    ['ChrgBr', 'Code'], ['ChrgsAcct', 'CashAccount38'], ['ChrgsAcctAgt', 'BranchAndFinancialInstitutionIdentification6'], ['CdtTrfTxInf!', 'CreditTransferTransaction34'],
  ),
  CreditTransferTransaction34: seq(
    ['PmtId!', 'PaymentIdentification6'], ['PmtTpInf', 'PaymentTypeInformation26'], ['Amt!', 'AmountType4Choice'], ['XchgRateInf', 'ExchangeRate1'], ['ChrgBr', 'Code'], ['ChqInstr', 'Cheque11'], ['UltmtDbtr', 'PartyIdentification135'],
    ['IntrmyAgt1', 'BranchAndFinancialInstitutionIdentification6'], ['IntrmyAgt1Acct', 'CashAccount38'], ['IntrmyAgt2', 'BranchAndFinancialInstitutionIdentification6'], ['IntrmyAgt2Acct', 'CashAccount38'], ['IntrmyAgt3', 'BranchAndFinancialInstitutionIdentification6'], ['IntrmyAgt3Acct', 'CashAccount38'],
    ['CdtrAgt', 'BranchAndFinancialInstitutionIdentification6'], ['CdtrAgtAcct', 'CashAccount38'], ['Cdtr', 'PartyIdentification135'], ['CdtrAcct', 'CashAccount38'], ['UltmtCdtr', 'PartyIdentification135'], ['InstrForCdtrAgt', 'InstructionForCreditorAgent1'], ['InstrForDbtrAgt', 'Max140'],
    ['Purp', 'CdOrPrtry'], ['RgltryRptg', 'RegulatoryReporting3'], ['Tax', 'TaxInformation8'], ['RltdRmtInf', 'RemittanceLocation7'], ['RmtInf', 'RemittanceInformation16'], ['SplmtryData', 'SupplementaryData1'],
  ),
  PaymentIdentification6: seq(['InstrId', 'Max35'], ['EndToEndId!', 'Max35'], ['UETR', 'Code']),
  PaymentTypeInformation26: seq(['InstrPrty', 'Code'], ['SvcLvl', 'CdOrPrtry'], ['LclInstrm', 'LocalInstrumentChoice'], ['CtgyPurp', 'CdOrPrtry']),
  LocalInstrumentChoice: CdOrPrtry,
  AmountType4Choice: choice(['InstdAmt', 'Amt'], ['EqvtAmt', 'EquivalentAmount2']),
  TaxInformation8: seq(['Cdtr', 'TaxParty1'], ['Dbtr', 'TaxParty2'], ['AdmstnZone', 'Max35'], ['RefNb', 'Max140'], ['Mtd', 'Max35'], ['TtlTaxblBaseAmt', 'Amt'], ['TtlTaxAmt', 'Amt'], ['Dt', 'Date'], ['SeqNb', 'Num'], ['Rcrd', 'TaxRecord2']),
  TaxParty1: seq(['TaxId', 'Max35'], ['RegnId', 'Max35'], ['TaxTp', 'Max35']),
  TaxParty2: seq(['TaxId', 'Max35'], ['RegnId', 'Max35'], ['TaxTp', 'Max35'], ['Authstn', 'TaxAuthorisation1']),
  TaxRecord2: seq(['Tp', 'Max35'], ['Ctgy', 'Max35'], ['CtgyDtls', 'Max35'], ['DbtrSts', 'Max35'], ['CertId', 'Max35'], ['FrmsCd', 'Max35'], ['Prd', 'TaxPeriod2'], ['TaxAmt', 'TaxAmount2'], ['AddtlInf', 'Max140']),
};

const CAMT_053_001_08: Record<string, Model> = {
  ...COMMON,
  Document: seq(['BkToCstmrStmt!', 'BankToCustomerStatementV08']),
  BankToCustomerStatementV08: seq(['GrpHdr!', 'GroupHeader81'], ['Stmt!', 'AccountStatement9'], ['SplmtryData', 'SupplementaryData1']),
  GroupHeader81: seq(['MsgId!', 'Max35'], ['CreDtTm!', 'DateTime'], ['MsgRcpt', 'PartyIdentification135'], ['MsgPgntn', 'Pagination1'], ['OrgnlBizQry', 'OriginalBusinessQuery1'], ['AddtlInf', 'Max500']),
  AccountStatement9: seq(
    ['Id!', 'Max35'], ['StmtPgntn', 'Pagination1'], ['ElctrncSeqNb', 'Num'], ['RptgSeq', 'SequenceRange1Choice'], ['LglSeqNb', 'Num'], ['CreDtTm', 'DateTime'], ['FrToDt', 'DateTimePeriod1'], ['CpyDplctInd', 'Code'], ['RptgSrc', 'CdOrPrtry'],
    ['Acct!', 'CashAccount39'], ['RltdAcct', 'CashAccount38'], ['Intrst', 'AccountInterest4'], ['Bal!', 'CashBalance8'], ['TxsSummry', 'TotalTransactions6'], ['Ntry', 'ReportEntry10'], ['AddtlStmtInf', 'Max500'],
  ),
  DateTimePeriod1: seq(['FrDtTm!', 'DateTime'], ['ToDtTm!', 'DateTime']),
  CashAccount39: seq(['Id!', 'AccountIdentification4Choice'], ['Tp', 'CdOrPrtry'], ['Ccy', 'Code'], ['Nm', 'Max70'], ['Prxy', 'ProxyAccountIdentification1'], ['Ownr', 'PartyIdentification135'], ['Svcr', 'BranchAndFinancialInstitutionIdentification6']),
  CashBalance8: seq(['Tp!', 'BalanceType13'], ['CdtLine', 'CreditLine3'], ['Amt!', 'Amt'], ['CdtDbtInd!', 'Code'], ['Dt!', 'DateAndDateTime2Choice'], ['Avlbty', 'CashAvailability1']),
  BalanceType13: seq(['CdOrPrtry!', 'CdOrPrtry'], ['SubTp', 'CdOrPrtry']),
  TotalTransactions6: seq(['TtlNtries', 'NumberAndSumOfTransactions4'], ['TtlCdtNtries', 'NumberAndSumOfTransactions1'], ['TtlDbtNtries', 'NumberAndSumOfTransactions1'], ['TtlNtriesPerBkTxCd', 'TotalsPerBankTransactionCode5']),
  NumberAndSumOfTransactions4: seq(['NbOfNtries', 'Num'], ['Sum', 'Dec'], ['TtlNetNtry', 'AmountAndDirection35']),
  NumberAndSumOfTransactions1: seq(['NbOfNtries', 'Num'], ['Sum', 'Dec']),
  AmountAndDirection35: seq(['Amt!', 'Dec'], ['CdtDbtInd!', 'Code']),
  ReportEntry10: seq(
    ['NtryRef', 'Max35'], ['Amt!', 'Amt'], ['CdtDbtInd!', 'Code'], ['RvslInd', 'Code'], ['Sts!', 'CdOrPrtry'], ['BookgDt', 'DateAndDateTime2Choice'], ['ValDt', 'DateAndDateTime2Choice'], ['AcctSvcrRef', 'Max35'], ['Avlbty', 'CashAvailability1'],
    ['BkTxCd!', 'BankTransactionCodeStructure4'], ['ComssnWvrInd', 'Code'], ['AddtlInfInd', 'MessageIdentification2'], ['AmtDtls', 'AmountAndCurrencyExchange3'], ['Chrgs', 'Charges6'], ['TechInptChanl', 'CdOrPrtry'], ['Intrst', 'TransactionInterest4'], ['CardTx', 'CardEntry4'],
    ['NtryDtls', 'EntryDetails9'], ['AddtlNtryInf', 'Max500'],
  ),
  BankTransactionCodeStructure4: seq(['Domn', 'BankTransactionCodeStructure5'], ['Prtry', 'ProprietaryBankTransactionCodeStructure1']),
  BankTransactionCodeStructure5: seq(['Cd!', 'Code'], ['Fmly!', 'BankTransactionCodeStructure6']),
  BankTransactionCodeStructure6: seq(['Cd!', 'Code'], ['SubFmlyCd!', 'Code']),
  EntryDetails9: seq(['Btch', 'BatchInformation2'], ['TxDtls', 'EntryTransaction10']),
  EntryTransaction10: seq(
    ['Refs', 'TransactionReferences6'], ['Amt', 'Amt'], ['CdtDbtInd', 'Code'], ['AmtDtls', 'AmountAndCurrencyExchange3'], ['Avlbty', 'CashAvailability1'], ['BkTxCd', 'BankTransactionCodeStructure4'], ['Chrgs', 'Charges6'], ['Intrst', 'TransactionInterest4'],
    ['RltdPties', 'TransactionParties6'], ['RltdAgts', 'TransactionAgents5'], ['LclInstrm', 'CdOrPrtry'], ['Purp', 'CdOrPrtry'], ['RltdRmtInf', 'RemittanceLocation7'], ['RmtInf', 'RemittanceInformation16'], ['RltdDts', 'TransactionDates3'], ['AddtlTxInf', 'Max500'],
  ),
  TransactionReferences6: seq(['MsgId', 'Max35'], ['AcctSvcrRef', 'Max35'], ['PmtInfId', 'Max35'], ['InstrId', 'Max35'], ['EndToEndId', 'Max35'], ['UETR', 'Code'], ['TxId', 'Max35']),
  TransactionParties6: seq(['InitgPty', 'Party40Choice'], ['Dbtr', 'Party40Choice'], ['DbtrAcct', 'CashAccount38'], ['UltmtDbtr', 'Party40Choice'], ['Cdtr', 'Party40Choice'], ['CdtrAcct', 'CashAccount38'], ['UltmtCdtr', 'Party40Choice'], ['TradgPty', 'Party40Choice']),
  Party40Choice: choice(['Pty', 'PartyIdentification135'], ['Agt', 'BranchAndFinancialInstitutionIdentification6']),
  TransactionAgents5: seq(['InstgAgt', 'BranchAndFinancialInstitutionIdentification6'], ['InstdAgt', 'BranchAndFinancialInstitutionIdentification6'], ['DbtrAgt', 'BranchAndFinancialInstitutionIdentification6'], ['CdtrAgt', 'BranchAndFinancialInstitutionIdentification6']),
};

const LEAF: Record<string, RegExp> = {
  Amt: /^\d{1,13}(\.\d{1,5})?$/,
  Dec: /^-?\d{1,13}(\.\d{1,5})?$/,
  Num: /^\d{1,15}$/,
  Date: /^\d{4}-\d{2}-\d{2}$/,
  DateTime: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/,
  Code: /^[A-Z0-9]{1,35}$/,
};

/** Every problem of an element tree against the content models: unknown child, order, missing required child, leaf format. */
function structureProblems(el: XmlElement, type: string, types: Record<string, Model>, path = el.local): string[] {
  const model = types[type];
  if (!model) {
    const problems: string[] = [];
    if (el.children.length > 0) problems.push(`${path}: leaf ${type} has children`);
    const text = el.text;
    const max = /^Max(\d+)$/.exec(type);
    if (max && ([...text].length < 1 || [...text].length > Number(max[1]))) problems.push(`${path}: "${text}" is not 1..${max[1]} characters`);
    if (LEAF[type] && !LEAF[type].test(text)) problems.push(`${path}: "${text}" is not ${type}`);
    if (type === 'Amt' && !/^[A-Z]{3}$/.test(el.attrs.Ccy ?? '')) problems.push(`${path}: no Ccy`);
    return problems;
  }
  const names = model.items.map(([n]) => n.replace('!', ''));
  const problems: string[] = [];
  if (model.choice && el.children.length !== 1) problems.push(`${path}: a choice needs exactly one child`);
  let last = -1;
  for (const c of el.children) {
    const i = names.indexOf(c.local);
    if (i < 0) {
      problems.push(`${path}: <${c.local}> is not part of ${type}`);
      continue;
    }
    if (i < last) problems.push(`${path}: <${c.local}> comes after <${names[last]}>`);
    last = Math.max(last, i);
    problems.push(...structureProblems(c, model.items[i]![1], types, `${path}/${c.local}`));
  }
  if (!model.choice) for (const [n] of model.items) if (n.endsWith('!') && !el.children.some((c) => c.local === n.slice(0, -1))) problems.push(`${path}: <${n.slice(0, -1)}> is missing`);
  return problems;
}

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

  it('follows the XSD sequences, required elements and leaf formats of every type it uses', () => {
    expect(root.ns).toBe('urn:iso:std:iso:20022:tech:xsd:pain.001.001.09');
    expect(structureProblems(root, 'Document', PAIN_001_001_09)).toEqual([]);
  });

  it('the structure check does fail on misplaced, unknown or missing elements', () => {
    const broken = parseXml(new TextDecoder().decode(xml).replace('<PmtMtd>TRF</PmtMtd>', '').replace(/<NbOfTxs>4<\/NbOfTxs>\s*<CtrlSum>([\d.]+)<\/CtrlSum>/, '<CtrlSum>$1</CtrlSum><NbOfTxs>4</NbOfTxs><Bogus>1</Bogus>')).root;
    expect(structureProblems(broken, 'Document', PAIN_001_001_09)).toEqual([
      'Document/CstmrCdtTrfInitn/GrpHdr: <NbOfTxs> comes after <CtrlSum>',
      'Document/CstmrCdtTrfInitn/GrpHdr: <Bogus> is not part of GroupHeader85',
      'Document/CstmrCdtTrfInitn/PmtInf: <PmtMtd> is missing',
    ]);
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

  it('follows the XSD sequences, required elements and leaf formats of every type it uses', () => {
    expect(root.ns).toBe('urn:iso:std:iso:20022:tech:xsd:camt.053.001.08');
    expect(structureProblems(root, 'Document', CAMT_053_001_08)).toEqual([]);
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
