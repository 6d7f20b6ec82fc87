/**
 * pain.001 (versions 001.03 and 001.09, told apart by the namespace) -> payment order drafts,
 * in the same result shape as the 1C import. Each CdtTrfTxInf is one document, located by the
 * line of that element; what its PmtInf says (payer, date) applies to each of its transactions.
 */
import type { PaymentOrder } from '../../../shared/bank-api/documents/payment-order.ts';
import type { BankRef, BudgetFields, Party } from '../../../shared/domain/payment-order.ts';
import { formatRubles } from '../../../shared/domain/money.ts';
import { isIsoDate } from '../../../shared/domain/dates.ts';
import { LocalizedError } from '../../../shared/i18n/index.ts';
import { sourceKeyOf, type Finding, type ImportedDocument, type ImportResult, type RejectedDocument } from '../import-result.ts';
import { child, children, parseXmlBytes, textAt, type XmlElement } from '../xml/reader.ts';
import { isoToOneCDate } from '../onec/values.ts';
import { NS, readAccount, readBic, readDecimalAmount, readTaxId } from './common.ts';

const VERSIONS: Record<string, string> = { [NS.pain001v09]: 'pain.001.001.09', [NS.pain001v03]: 'pain.001.001.03' };
const PAIN001_NAMESPACE = /^urn:iso:std:iso:20022:tech:xsd:pain\.001\.001\.\d+$/;

class Rejection {
  constructor(
    readonly code: RejectedDocument['code'],
    readonly params: RejectedDocument['params'],
  ) {}
}

/** Every element of the message must be in its namespace; only SplmtryData/Envlp may hold others. */
function checkNamespaces(el: XmlElement, ns: string): void {
  const stack = [el];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (e.ns !== ns) throw new LocalizedError('format.iso.namespace-mismatch', { element: e.name, namespace: e.ns, expected: ns, line: e.line, column: e.column });
    if (e.local === 'Envlp') continue;
    for (const c of e.children) stack.push(c);
  }
}

/** Whether an element is in the pain.001 namespace family, for format detection. */
export const isPain001Namespace = (ns: string): boolean => PAIN001_NAMESPACE.test(ns);

function readParty(party: XmlElement | undefined, acct: XmlElement | undefined, agent: XmlElement | undefined, agentAcct: XmlElement | undefined, taxParty: XmlElement | undefined, what: string): Party {
  const account = readAccount(acct);
  if (account === undefined || account === '') throw new Rejection('format.iso.element-missing', { path: `${what}Acct/Id/Othr/Id`, line: acct?.line ?? party?.line ?? 0 });
  const bank: BankRef = { name: textAt(agent, 'FinInstnId', 'Nm') ?? '', bic: readBic(agent) };
  const corr = readAccount(agentAcct);
  if (corr) bank.corrAccount = corr;
  // Nm holds 140 characters and a longer name continues in CtctDtls/Nm: joined untrimmed, so a space at the cut survives.
  const name = ((child(party, 'Nm')?.text ?? '') + (child(child(party, 'CtctDtls'), 'Nm')?.text ?? '')).trim();
  const inn = readTaxId(party) || (textAt(taxParty, 'TaxId') ?? '');
  const p: Party = { name, inn, account, bank };
  const kpp = textAt(taxParty, 'RegnId');
  if (kpp) p.kpp = kpp;
  return p;
}

function readBudget(tax: XmlElement | undefined): BudgetFields | undefined {
  if (!tax) return undefined;
  const rcrd = child(tax, 'Rcrd');
  const zone = textAt(tax, 'AdmstnZone') ?? textAt(tax, 'AdmstnZn');
  const ref = textAt(tax, 'RefNb');
  const dt = textAt(tax, 'Dt');
  if (!rcrd && zone === undefined && ref === undefined && dt === undefined) return undefined;
  return {
    payerStatus: textAt(rcrd, 'DbtrSts') ?? '',
    kbk: textAt(rcrd, 'CtgyDtls') ?? '',
    oktmo: zone ?? '',
    basis: textAt(rcrd, 'Ctgy') ?? '',
    period: textAt(rcrd, 'AddtlInf') ?? '',
    documentNumber: ref ?? '',
    documentDate: dt === undefined ? '0' : isIsoDate(dt) ? isoToOneCDate(dt) : dt,
  };
}

interface PaymentBlock {
  date: string | undefined;
  dateText: string;
  pmtInf: XmlElement;
}

function readTransaction(tx: XmlElement, block: PaymentBlock, warnings: Finding[]): PaymentOrder {
  const warn = (line: number, code: Finding['code'], params: Finding['params']): void => {
    warnings.push({ line, code, params: { line, ...params } });
  };
  const endToEnd = textAt(tx, 'PmtId', 'EndToEndId');
  const number = endToEnd && endToEnd !== 'NOTPROVIDED' ? endToEnd : textAt(tx, 'PmtId', 'InstrId');
  if (!number) throw new Rejection('format.iso.element-missing', { path: 'PmtId/EndToEndId', line: tx.line });

  const instd = child(child(tx, 'Amt'), 'InstdAmt');
  if (!instd) throw new Rejection('format.iso.element-missing', { path: 'Amt/InstdAmt', line: tx.line });
  const currency = instd.attrs.Ccy ?? '';
  if (currency !== 'RUB') throw new Rejection('format.iso.currency-unsupported', { currency: currency || '?' });
  const amount = readDecimalAmount(instd.text);
  if (amount === undefined) throw new Rejection('format.iso.amount-unreadable', { value: instd.text.trim() });

  const related = textAt(tx, 'RmtInf', 'Strd', 'RfrdDocInf', 'RltdDt');
  const date = related !== undefined && isIsoDate(related) ? related : block.date;
  if (!date) throw new Rejection('format.iso.date-unreadable', { path: 'ReqdExctnDt', value: block.dateText });

  const tax = child(tx, 'Tax');
  const pmtInf = block.pmtInf;
  const payer = readParty(child(pmtInf, 'Dbtr'), child(pmtInf, 'DbtrAcct'), child(pmtInf, 'DbtrAgt'), child(pmtInf, 'DbtrAgtAcct'), child(tax, 'Dbtr'), 'Dbtr');
  const payee = readParty(child(tx, 'Cdtr'), child(tx, 'CdtrAcct'), child(tx, 'CdtrAgt'), child(tx, 'CdtrAgtAcct'), child(tax, 'Cdtr'), 'Cdtr');

  const typeInfo = child(tx, 'PmtTpInf') ?? child(pmtInf, 'PmtTpInf');
  const priorityText = textAt(typeInfo, 'CtgyPurp', 'Prtry');
  let priority = 5;
  if (priorityText === undefined || priorityText === '') warn(tx.line, 'format.default-used', { key: 'PmtTpInf/CtgyPurp/Prtry', value: '5' });
  else if (/^\d{1,2}$/.test(priorityText)) priority = Number(priorityText);
  else throw new Rejection('format.iso.priority-unreadable', { value: priorityText });
  let operationType = textAt(typeInfo, 'LclInstrm', 'Prtry');
  if (!operationType) {
    operationType = '01';
    warn(tx.line, 'format.default-used', { key: 'PmtTpInf/LclInstrm/Prtry', value: '01' });
  }

  const rmt = child(tx, 'RmtInf');
  const purpose = children(rmt, 'Ustrd').map((u) => u.text).join('');
  const order: PaymentOrder = {
    number,
    date,
    amount,
    payer,
    payee,
    uin: textAt(rmt, 'Strd', 'CdtrRefInf', 'Ref') || '0',
    priority,
    purpose,
    operationType,
  };
  const paymentKind = textAt(typeInfo, 'SvcLvl', 'Prtry');
  if (paymentKind) order.paymentKind = paymentKind;
  const incomeType = textAt(tx, 'Purp', 'Prtry');
  if (incomeType) order.incomeType = incomeType;
  const budget = readBudget(tax);
  if (budget) order.budget = budget;
  return order;
}

export function importPain001(bytes: Uint8Array, options: { maxBytes?: number } = {}): ImportResult {
  const doc = parseXmlBytes(bytes, options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes });
  const root = doc.root;
  if (root.local !== 'Document') throw new LocalizedError('format.iso.root-unexpected', { found: root.name, expected: 'Document', line: root.line });
  const version = VERSIONS[root.ns];
  if (!version) throw new LocalizedError('format.iso.namespace-unknown', { namespace: root.ns, line: root.line });
  checkNamespaces(root, root.ns);
  const initiation = child(root, 'CstmrCdtTrfInitn');
  if (!initiation) throw new LocalizedError('format.iso.element-missing', { path: 'Document/CstmrCdtTrfInitn', line: root.line });

  const documents: ImportedDocument[] = [];
  const rejected: RejectedDocument[] = [];
  const warnings: Finding[] = [];
  let total = 0;
  for (const pmtInf of children(initiation, 'PmtInf')) {
    const reqd = child(pmtInf, 'ReqdExctnDt');
    const dateText = (reqd && (textAt(reqd, 'Dt') ?? textAt(reqd, 'DtTm')?.slice(0, 10) ?? reqd.text.trim())) ?? '';
    const block: PaymentBlock = { pmtInf, dateText, date: isIsoDate(dateText) ? dateText : undefined };
    for (const tx of children(pmtInf, 'CdtTrfTxInf')) {
      const docWarnings: Finding[] = [];
      try {
        const content = readTransaction(tx, block, docWarnings);
        total += content.amount;
        documents.push({ line: tx.line, sourceKey: sourceKeyOf(content), kind: 'payment-order', content, warnings: docWarnings });
      } catch (e) {
        if (!(e instanceof Rejection)) throw e;
        rejected.push({ line: tx.line, code: e.code, params: e.params });
      }
    }
  }

  const header = child(initiation, 'GrpHdr');
  const count = documents.length + rejected.length;
  const declaredCount = textAt(header, 'NbOfTxs');
  if (header && declaredCount !== undefined && declaredCount !== String(count)) {
    warnings.push({ line: header.line, code: 'format.iso.count-mismatch', params: { line: header.line, declared: declaredCount, actual: count } });
  }
  const declaredSum = textAt(header, 'CtrlSum');
  if (header && declaredSum !== undefined && rejected.length === 0 && readDecimalAmount(declaredSum) !== total) {
    warnings.push({ line: header.line, code: 'format.iso.control-sum-mismatch', params: { line: header.line, declared: declaredSum, actual: formatRubles(total) } });
  }
  return { format: 'pain.001', version, encoding: doc.encoding, documents, rejected, warnings };
}
