/**
 * A Statement as camt.053.001.08 (BankToCustomerStatementV08): group header, one Stmt with the
 * account, opening (OPBD) and closing (CLBD) booked balances, a transactions summary and one
 * Ntry per entry with its transaction details (references, parties, agents with their names and
 * correspondent accounts, purpose, the parties' KPP, the priority). Elements
 * follow the ISO XSD sequences. readCamt053 reads the values back (the round-trip tests use it).
 */
import type { Statement } from '../../../shared/bank-api/accounts.ts';
import type { Kopecks } from '../../../shared/domain/money.ts';
import { LocalizedError } from '../../../shared/i18n/index.ts';
import type { AccountHolder } from '../onec/statement.ts';
import { child, children, parseXmlBytes, textAt, type XmlElement } from '../xml/reader.ts';
import { XmlWriter } from '../xml/writer.ts';
import { amountText, chunks, lengthOf, NS, readAccount, readAgentBank, readBic, readDecimalAmount, readTaxId, writeAccount, writeFinInstn, writeTaxId } from './common.ts';

export interface Camt053ExportOptions {
  /** GrpHdr/MsgId (at most 35 characters); by default derived from the account and period. */
  messageId?: string;
  /** GrpHdr/CreDtTm and Stmt/CreDtTm, YYYY-MM-DDTHH:MM:SS: the caller's clock. */
  createdAt: string;
  holder?: AccountHolder;
}

const ID_MAX = 35;
/** TxDtls/AddtlTxInf of an entry with a known priority: "Очередность платежа: 5". */
const PRIORITY_LABEL = 'Очередность платежа:';
const PRIORITY_TEXT = /^Очередность платежа: ([1-5])$/;
const compact = (iso: string): string => iso.replace(/-/g, '');

/**
 * The entry's bank id as AcctSvcrRef (Max35Text). A UUID (36 characters) is written without its
 * hyphens; an id that fits neither way cannot be written.
 */
function servicerRef(id: string): string {
  if (lengthOf(id) <= ID_MAX) return id;
  const bare = id.replace(/-/g, '');
  if (lengthOf(bare) <= ID_MAX) return bare;
  throw new LocalizedError('format.iso.value-unrepresentable', { number: id, field: 'AcctSvcrRef', value: id, message: 'camt.053.001.08' });
}

function writeBalance(w: XmlWriter, code: 'OPBD' | 'CLBD', amount: Kopecks, currency: string, date: string): void {
  w.start('Bal').start('Tp').start('CdOrPrtry').leaf('Cd', code).end().end();
  w.leaf('Amt', amountText(Math.abs(amount)), { Ccy: currency }).leaf('CdtDbtInd', amount < 0 ? 'DBIT' : 'CRDT');
  w.start('Dt').leaf('Dt', date).end().end();
}

function writeParty(w: XmlWriter, tag: string, name: string, inn: string): void {
  w.start(tag).start('Pty').optionalLeaf('Nm', chunks(name, 140)[0]);
  writeTaxId(w, inn);
  w.end().end();
}

export function exportCamt053(statement: Statement, options: Camt053ExportOptions): Uint8Array {
  const { account } = statement;
  const ccy = account.currency;
  const entries = statement.entries;
  const credits = entries.filter((e) => e.direction === 'credit');
  const debits = entries.filter((e) => e.direction === 'debit');
  const sum = (list: typeof entries): Kopecks => list.reduce((s, e) => s + e.amount, 0);
  const net = statement.totalCredit - statement.totalDebit;
  const statementId = `${account.number}-${compact(statement.to)}`;

  const w = new XmlWriter();
  w.start('Document', { xmlns: NS.camt053v08 }).start('BkToCstmrStmt');
  w.start('GrpHdr').leaf('MsgId', options.messageId ?? `${statementId}-${compact(options.createdAt.slice(0, 10))}`.slice(0, ID_MAX)).leaf('CreDtTm', options.createdAt).end();
  w.start('Stmt').leaf('Id', statementId).leaf('CreDtTm', options.createdAt);
  w.start('FrToDt').leaf('FrDtTm', `${statement.from}T00:00:00`).leaf('ToDtTm', `${statement.to}T23:59:59`).end();

  w.start('Acct').start('Id').start('Othr').leaf('Id', account.number).end().end().leaf('Ccy', ccy);
  if (options.holder) {
    w.start('Ownr').optionalLeaf('Nm', chunks(options.holder.name, 140)[0]);
    writeTaxId(w, options.holder.inn);
    w.end();
  }
  w.start('Svcr');
  writeFinInstn(w, account.bank);
  w.end().end();

  writeBalance(w, 'OPBD', statement.openingBalance, ccy, statement.from);
  writeBalance(w, 'CLBD', statement.closingBalance, ccy, statement.to);

  w.start('TxsSummry');
  w.start('TtlNtries').leaf('NbOfNtries', String(entries.length)).leaf('Sum', amountText(sum(entries)));
  w.start('TtlNetNtry').leaf('Amt', amountText(Math.abs(net))).leaf('CdtDbtInd', net < 0 ? 'DBIT' : 'CRDT').end().end();
  w.start('TtlCdtNtries').leaf('NbOfNtries', String(credits.length)).leaf('Sum', amountText(statement.totalCredit)).end();
  w.start('TtlDbtNtries').leaf('NbOfNtries', String(debits.length)).leaf('Sum', amountText(statement.totalDebit)).end();
  w.end();

  const ours = { name: options.holder?.name ?? '', inn: options.holder?.inn ?? '', kpp: options.holder?.kpp ?? '', account: account.number, bic: account.bank.bic, bankName: account.bank.name, corrAccount: account.bank.corrAccount };
  for (const e of entries) {
    const indicator = e.direction === 'credit' ? 'CRDT' : 'DBIT';
    const amount = amountText(e.amount);
    const cp = e.counterparty;
    // a statement stored before entries carried KPP, bank and priority leaves them out
    const them = { name: cp.name, inn: cp.inn, kpp: cp.kpp ?? '', account: cp.account, bic: cp.bic, bankName: cp.bankName ?? '', corrAccount: cp.corrAccount ?? '' };
    const [debtor, creditor] = e.direction === 'debit' ? [ours, them] : [them, ours];
    w.start('Ntry').leaf('Amt', amount, { Ccy: ccy }).leaf('CdtDbtInd', indicator);
    w.start('Sts').leaf('Cd', 'BOOK').end();
    w.start('BookgDt').leaf('Dt', e.date).end().start('ValDt').leaf('Dt', e.date).end();
    w.leaf('AcctSvcrRef', servicerRef(e.id));
    // Payments domain; received (RCDT) or issued (ICDT) credit transfers, domestic (DMCT).
    w.start('BkTxCd').start('Domn').leaf('Cd', 'PMNT').start('Fmly').leaf('Cd', e.direction === 'credit' ? 'RCDT' : 'ICDT').leaf('SubFmlyCd', 'DMCT').end().end().end();
    w.start('NtryDtls').start('TxDtls');
    if (e.documentNumber !== '') {
      if (lengthOf(e.documentNumber) > ID_MAX) throw new LocalizedError('format.iso.value-unrepresentable', { number: e.documentNumber, field: 'EndToEndId', value: e.documentNumber, message: 'camt.053.001.08' });
      w.start('Refs').leaf('EndToEndId', e.documentNumber).end();
    }
    w.leaf('Amt', amount, { Ccy: ccy }).leaf('CdtDbtInd', indicator);
    w.start('RltdPties');
    writeParty(w, 'Dbtr', debtor.name, debtor.inn);
    if (debtor.account) writeAccount(w, 'DbtrAcct', debtor.account);
    writeParty(w, 'Cdtr', creditor.name, creditor.inn);
    if (creditor.account) writeAccount(w, 'CdtrAcct', creditor.account);
    w.end();
    w.start('RltdAgts');
    for (const [tag, bank] of [['DbtrAgt', debtor], ['CdtrAgt', creditor]] as const) {
      w.start(tag);
      writeFinInstn(w, { bic: bank.bic, name: chunks(bank.bankName, 140)[0] ?? '', corrAccount: bank.corrAccount });
      w.end();
    }
    w.end();
    const purpose = chunks(e.purpose, 140);
    if (purpose.length > 0) {
      w.start('RmtInf');
      for (const line of purpose) w.leaf('Ustrd', line);
      w.end();
    }
    // the parties' KPP as in pain.001: Tax/Cdtr and Tax/Dbtr, RegnId next to the INN as TaxId
    if (debtor.kpp || creditor.kpp) {
      w.start('Tax');
      for (const [tag, p] of [['Cdtr', creditor], ['Dbtr', debtor]] as const) {
        if (p.kpp) w.start(tag).optionalLeaf('TaxId', p.inn).leaf('RegnId', p.kpp).end();
      }
      w.end();
    }
    // TxDtls has no payment type information (CtgyPurp) in camt.053: the priority is stated in words
    if (e.priority !== undefined) w.leaf('AddtlTxInf', `${PRIORITY_LABEL} ${e.priority}`);
    w.end().end().end();
  }
  w.end().end().end();
  return w.toBytes();
}

/** What readCamt053 gives back: the statement's values as the XML states them. */
export interface Camt053Statement {
  accountNumber: string;
  currency: string;
  from: string;
  to: string;
  openingBalance: Kopecks;
  closingBalance: Kopecks;
  totalCredit: Kopecks;
  totalDebit: Kopecks;
  entries: (Omit<Statement['entries'][number], 'id'> & { servicerRef: string })[];
}

function signedAmount(el: XmlElement | undefined): Kopecks {
  const value = readDecimalAmount(textAt(el, 'Amt') ?? '');
  if (value === undefined) throw new LocalizedError('format.iso.amount-unreadable', { value: textAt(el, 'Amt') ?? '' });
  return textAt(el, 'CdtDbtInd') === 'DBIT' ? -value : value;
}

export function readCamt053(bytes: Uint8Array): Camt053Statement {
  const { root } = parseXmlBytes(bytes);
  if (root.local !== 'Document' || root.ns !== NS.camt053v08) throw new LocalizedError('format.iso.namespace-unknown', { namespace: root.ns, line: root.line });
  const stmt = child(child(root, 'BkToCstmrStmt'), 'Stmt');
  if (!stmt) throw new LocalizedError('format.iso.element-missing', { path: 'BkToCstmrStmt/Stmt', line: root.line });
  const balance = (code: string): Kopecks => signedAmount(children(stmt, 'Bal').find((b) => textAt(b, 'Tp', 'CdOrPrtry', 'Cd') === code));
  const summarySum = (tag: string): Kopecks => readDecimalAmount(textAt(stmt, 'TxsSummry', tag, 'Sum') ?? '') ?? 0;
  return {
    accountNumber: readAccount(child(stmt, 'Acct')) ?? '',
    currency: textAt(stmt, 'Acct', 'Ccy') ?? '',
    from: (textAt(stmt, 'FrToDt', 'FrDtTm') ?? '').slice(0, 10),
    to: (textAt(stmt, 'FrToDt', 'ToDtTm') ?? '').slice(0, 10),
    openingBalance: balance('OPBD'),
    closingBalance: balance('CLBD'),
    totalCredit: summarySum('TtlCdtNtries'),
    totalDebit: summarySum('TtlDbtNtries'),
    entries: children(stmt, 'Ntry').map((n) => {
      const tx = child(child(n, 'NtryDtls'), 'TxDtls');
      const credit = textAt(n, 'CdtDbtInd') === 'CRDT';
      const side = credit ? 'Dbtr' : 'Cdtr';
      const parties = child(tx, 'RltdPties');
      const party = child(child(parties, side), 'Pty');
      const agent = child(child(tx, 'RltdAgts'), `${side}Agt`);
      const kpp = textAt(tx, 'Tax', side, 'RegnId');
      const priority = PRIORITY_TEXT.exec(textAt(tx, 'AddtlTxInf') ?? '')?.[1];
      const { bankName, corrAccount } = readAgentBank(agent);
      return {
        date: textAt(n, 'BookgDt', 'Dt') ?? '',
        direction: credit ? ('credit' as const) : ('debit' as const),
        amount: Math.abs(signedAmount(n)),
        counterparty: {
          name: textAt(party, 'Nm') ?? '',
          inn: readTaxId(party),
          ...(kpp ? { kpp } : {}),
          account: readAccount(child(parties, `${side}Acct`)) ?? '',
          bic: readBic(agent),
          ...(bankName ? { bankName } : {}),
          ...(corrAccount ? { corrAccount } : {}),
        },
        purpose: children(child(tx, 'RmtInf'), 'Ustrd').map((u) => u.text).join(''),
        documentNumber: textAt(tx, 'Refs', 'EndToEndId') ?? '',
        ...(priority ? { priority: Number(priority) } : {}),
        servicerRef: textAt(n, 'AcctSvcrRef') ?? '',
      };
    }),
  };
}
