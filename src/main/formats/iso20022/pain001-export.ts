/**
 * Payment orders -> pain.001.001.09 (CustomerCreditTransferInitiationV09), one PmtInf per payer
 * and execution date, elements in the order of the ISO XSD sequences. Where each Russian
 * requisite goes is in docs/formats.md; importPain001 reads every one of them back.
 */
import type { PaymentOrder } from '../../../shared/bank-api/documents/payment-order.ts';
import type { Party } from '../../../shared/domain/payment-order.ts';
import { LocalizedError } from '../../../shared/i18n/index.ts';
import { oneCDateToIso } from '../onec/values.ts';
import { XmlWriter } from '../xml/writer.ts';
import { amountText, chunks, lengthOf, NS, writeAccount, writeFinInstn, writeTaxId } from './common.ts';

export interface Pain001ExportOptions {
  /** GrpHdr/MsgId, unique per message (at most 35 characters). */
  messageId: string;
  /** GrpHdr/CreDtTm, YYYY-MM-DDTHH:MM:SS: the caller's clock, so that output is reproducible. */
  createdAt: string;
}

const MESSAGE = 'pain.001.001.09';
const NAME_MAX = 140;
const TEXT_MAX = 140;
const ID_MAX = 35;

function unrepresentable(order: PaymentOrder, field: string, value: string): never {
  throw new LocalizedError('format.iso.value-unrepresentable', { number: order.number, field, value, message: MESSAGE });
}

/** Nm holds 140 characters; a longer name (up to 160 on a payment order) continues in CtctDtls/Nm. */
function writeParty(w: XmlWriter, tag: string, p: Party, order: PaymentOrder): void {
  const parts = chunks(p.name, NAME_MAX);
  if (parts.length > 2) unrepresentable(order, `${tag}/Nm`, p.name);
  w.start(tag).optionalLeaf('Nm', parts[0]);
  writeTaxId(w, p.inn);
  if (parts[1]) w.start('CtctDtls').leaf('Nm', parts[1]).end();
  w.end();
}

function checkId(order: PaymentOrder, field: string, value: string): void {
  if (value === '' || lengthOf(value) > ID_MAX) unrepresentable(order, field, value);
}

function writeTransaction(w: XmlWriter, o: PaymentOrder): void {
  checkId(o, 'EndToEndId', o.number);
  checkId(o, 'CdtrAcct', o.payee.account);
  w.start('CdtTrfTxInf');
  w.start('PmtId').leaf('InstrId', o.number).leaf('EndToEndId', o.number).end();
  w.start('PmtTpInf');
  if (o.paymentKind) w.start('SvcLvl').leaf('Prtry', o.paymentKind).end();
  if (o.operationType) w.start('LclInstrm').leaf('Prtry', o.operationType).end();
  w.start('CtgyPurp').leaf('Prtry', String(o.priority)).end();
  w.end();
  w.start('Amt').leaf('InstdAmt', amountText(o.amount), { Ccy: 'RUB' }).end();
  w.start('CdtrAgt');
  writeFinInstn(w, o.payee.bank);
  w.end();
  if (o.payee.bank.corrAccount) writeAccount(w, 'CdtrAgtAcct', o.payee.bank.corrAccount);
  writeParty(w, 'Cdtr', o.payee, o);
  writeAccount(w, 'CdtrAcct', o.payee.account);
  if (o.incomeType) w.start('Purp').leaf('Prtry', o.incomeType).end();
  writeTax(w, o);
  const purpose = chunks(o.purpose, TEXT_MAX);
  const uin = o.uin !== '' && o.uin !== '0' ? o.uin : undefined;
  if (uin !== undefined && lengthOf(uin) > ID_MAX) unrepresentable(o, 'CdtrRefInf/Ref', uin);
  if (purpose.length > 0 || uin !== undefined) {
    w.start('RmtInf');
    for (const line of purpose) w.leaf('Ustrd', line);
    if (uin !== undefined) w.start('Strd').start('CdtrRefInf').leaf('Ref', uin).end().end();
    w.end();
  }
  w.end();
}

/**
 * Tax (TaxInformation8): both parties' INN and KPP (TaxId, RegnId), and for a budget payment
 * fields 101 and 104-109. Field 109 is an ISO date there: "0" (none) is left out, anything that
 * is not a real DD.MM.YYYY date cannot be written.
 */
function writeTax(w: XmlWriter, o: PaymentOrder): void {
  const b = o.budget;
  if (!o.payer.kpp && !o.payee.kpp && !b) return;
  w.start('Tax');
  for (const [tag, p] of [['Cdtr', o.payee], ['Dbtr', o.payer]] as const) {
    if (p.inn === '' && !p.kpp) continue;
    w.start(tag).optionalLeaf('TaxId', p.inn).optionalLeaf('RegnId', p.kpp).end();
  }
  if (b) {
    w.optionalLeaf('AdmstnZone', b.oktmo).optionalLeaf('RefNb', b.documentNumber);
    if (b.documentDate !== '0' && b.documentDate !== '') {
      const iso = oneCDateToIso(b.documentDate);
      if (!iso) unrepresentable(o, 'Tax/Dt (109)', b.documentDate);
      w.leaf('Dt', iso);
    }
    w.start('Rcrd').optionalLeaf('Ctgy', b.basis).optionalLeaf('CtgyDtls', b.kbk).optionalLeaf('DbtrSts', b.payerStatus).optionalLeaf('AddtlInf', b.period).end();
  }
  w.end();
}

const groupKey = (o: PaymentOrder): string => JSON.stringify([o.date, o.payer.account, o.payer.name, o.payer.inn, o.payer.kpp ?? '', o.payer.bank.bic, o.payer.bank.name, o.payer.bank.corrAccount ?? '']);

export function exportPain001(orders: readonly PaymentOrder[], options: Pain001ExportOptions): Uint8Array {
  if (orders.length === 0) throw new RangeError('exportPain001: no payment orders (a pain.001 message holds at least one)');
  const groups = new Map<string, PaymentOrder[]>();
  for (const o of orders) {
    const key = groupKey(o);
    const group = groups.get(key);
    if (group) group.push(o);
    else groups.set(key, [o]);
  }
  // CtrlSum is optional: a sum past 2^53 kopecks (possible from ten orders of the maximum amount)
  // cannot be counted exactly here, and is left out rather than written wrong.
  const total = (list: readonly PaymentOrder[]): string | undefined => {
    const sum = list.reduce((s, o) => s + o.amount, 0);
    return Number.isSafeInteger(sum) ? amountText(sum) : undefined;
  };
  const w = new XmlWriter();
  w.start('Document', { xmlns: NS.pain001v09 }).start('CstmrCdtTrfInitn');
  w.start('GrpHdr').leaf('MsgId', options.messageId).leaf('CreDtTm', options.createdAt).leaf('NbOfTxs', String(orders.length)).optionalLeaf('CtrlSum', total(orders));
  const initiator = orders[0]?.payer;
  w.start('InitgPty').optionalLeaf('Nm', initiator ? chunks(initiator.name, NAME_MAX)[0] : undefined);
  if (initiator) writeTaxId(w, initiator.inn);
  w.end().end();

  let n = 0;
  for (const group of groups.values()) {
    const first = group[0]!;
    const payer = first.payer;
    checkId(first, 'DbtrAcct', payer.account);
    w.start('PmtInf').leaf('PmtInfId', `${options.messageId.slice(0, 28)}-${++n}`).leaf('PmtMtd', 'TRF').leaf('NbOfTxs', String(group.length)).optionalLeaf('CtrlSum', total(group));
    w.start('ReqdExctnDt').leaf('Dt', first.date).end();
    writeParty(w, 'Dbtr', payer, first);
    writeAccount(w, 'DbtrAcct', payer.account, 'RUB');
    w.start('DbtrAgt');
    writeFinInstn(w, payer.bank);
    w.end();
    if (payer.bank.corrAccount) writeAccount(w, 'DbtrAgtAcct', payer.bank.corrAccount);
    for (const o of group) writeTransaction(w, o);
    w.end();
  }
  w.end().end();
  return w.toBytes();
}
