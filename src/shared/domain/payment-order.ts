import { checkBankInDirectory } from './bic-directory.ts';
import { checkText } from './checks.ts';
import { daysBetween, isIsoDate } from './dates.ts';
import { isValidAmount, type Kopecks } from './money.ts';
import { isValidAccountKey, isValidBic, isValidInn, isValidKpp, isValidUin } from './requisites.ts';
import { IssueList, type ValidationContext, type ValidationResult } from './validation.ts';

export { isIsoDate } from './dates.ts';

export interface BankRef {
  name: string;
  bic: string;
  /** Correspondent account; empty for the Bank of Russia's own BICs. */
  corrAccount?: string;
}

export interface Party {
  name: string;
  /** 10 digits (company), 12 (person, sole trader), or "0" for a payee without one. */
  inn: string;
  kpp?: string;
  account: string;
  bank: BankRef;
}

/** Fields 101 and 104-109 of a payment to the budget (taxes, duties, fines). */
export interface BudgetFields {
  payerStatus: string; // 101
  kbk: string; // 104
  oktmo: string; // 105
  basis: string; // 106
  period: string; // 107
  documentNumber: string; // 108
  documentDate: string; // 109
}

/** A Russian payment order (form 0401060), as drafted, signed and sent. Amount in kopecks. */
export interface PaymentOrder {
  number: string;
  /** ISO date, YYYY-MM-DD. */
  date: string;
  amount: Kopecks;
  payer: Party;
  payee: Party;
  /** Field 22 "Код": the UIN, or "0". */
  uin: string;
  /** Очерёдность, 1-5. */
  priority: number;
  purpose: string;
  /** ВидОплаты: "01" for a payment order. */
  operationType: string;
  /** Field 5 "Вид платежа": empty, "срочно" (urgent), or a value the bank sets ("электронно"). */
  paymentKind?: string;
  /** Field 20 "Наз. пл.": the income type code "1"-"5" of a payment to a person (Указание 5286-У); absent otherwise. */
  incomeType?: string;
  budget?: BudgetFields;
}

/** Payer statuses (field 101) accepted by default; deployments may pass their own list. */
export const DEFAULT_PAYER_STATUSES: readonly string[] = Array.from({ length: 36 }, (_, i) => String(i + 1).padStart(2, '0'));

/** Field 5 values banks know; others are passed on with a warning. */
export const PAYMENT_KINDS: readonly string[] = ['срочно', 'электронно', 'почтой', 'телеграфом', '0'];

/** Field 20 codes of the kind of income paid to a person. */
export const INCOME_TYPES: readonly string[] = ['1', '2', '3', '4', '5'];

/** A payment order is valid for 10 calendar days after the day it is dated (Положение 762-П). */
export const PAYMENT_ORDER_VALID_DAYS = 10;

/** payerStatuses (field 101) and today (date rules); the same object as every document's ValidationContext. */
export type PaymentOrderRules = ValidationContext;

/** Accounts that make a payment a budget payment: treasury 03100 and the older 40101. */
export const isBudgetAccount = (account: string): boolean => /^(03100|40101)/.test(account);

function checkParty(issues: IssueList, role: 'payer' | 'payee', p: Party, rules: PaymentOrderRules): void {
  const f = (name: string): string => `${role}.${name}`;
  checkText(issues, f('name'), p.name, { max: 160, cp1251: true });

  if (role === 'payee' && p.inn === '0') {
    // a payee without an INN (a person paid by a company) writes "0"
  } else if (!/^\d{10}$|^\d{12}$/.test(p.inn)) issues.error(f('inn'), 'inn.format', { value: p.inn });
  else if (!isValidInn(p.inn)) issues.error(f('inn'), 'inn.checksum', { value: p.inn });

  const kpp = p.kpp ?? '';
  if (kpp === '' || kpp === '0') {
    if (p.inn.length === 10) issues.warning(f('kpp'), 'kpp.missing');
  } else if (!isValidKpp(kpp)) issues.error(f('kpp'), 'kpp.format', { value: kpp });

  const bicOk = isValidBic(p.bank.bic);
  if (!bicOk) issues.error(f('bank.bic'), 'bic.format', { value: p.bank.bic });
  if (!/^\d{20}$/.test(p.account)) issues.error(f('account'), 'account.format', { value: p.account });
  else if (bicOk && !isValidAccountKey(p.bank.bic, p.account)) issues.error(f('account'), 'account.key', { value: p.account });

  const corr = p.bank.corrAccount ?? '';
  if (corr !== '') {
    if (!/^\d{20}$/.test(corr)) issues.error(f('bank.corrAccount'), 'account.format', { value: corr });
    else if (bicOk && !isValidAccountKey(p.bank.bic, corr)) issues.error(f('bank.corrAccount'), 'account.key', { value: corr });
  }
  if (!p.bank.name.trim()) issues.error(f('bank.name'), 'required');
  if (bicOk) checkBankInDirectory(issues, f('bank'), p.bank, rules.bicDirectory, rules.today);
}

function checkBudget(issues: IssueList, b: BudgetFields | undefined, rules: PaymentOrderRules): void {
  if (!b) {
    issues.error('budget', 'budget.required');
    return;
  }
  const statuses = rules.payerStatuses ?? DEFAULT_PAYER_STATUSES;
  if (!statuses.includes(b.payerStatus)) issues.error('budget.payerStatus', 'payer-status.unknown', { value: b.payerStatus });
  if (b.kbk !== '0' && !/^[0-9A-Z]{20}$/.test(b.kbk)) issues.error('budget.kbk', 'kbk.format', { value: b.kbk });
  if (b.oktmo !== '0' && !/^\d{8}$|^\d{11}$/.test(b.oktmo)) issues.error('budget.oktmo', 'oktmo.format', { value: b.oktmo });
  if (b.basis !== '0' && !/^[А-ЯA-Z]{2}$/.test(b.basis)) issues.error('budget.basis', 'basis.format', { value: b.basis });
  if (b.period !== '0' && !/^(\d{2}|[А-ЯA-Z]{2})\.\d{2}\.\d{4}$/.test(b.period)) issues.error('budget.period', 'period.format', { value: b.period });
  if (b.documentNumber.length === 0) issues.error('budget.documentNumber', 'required');
  else if (b.documentNumber.length > 15) issues.error('budget.documentNumber', 'too-long', { max: 15 });
  if (b.documentDate !== '0' && !/^\d{2}\.\d{2}\.\d{4}$/.test(b.documentDate)) issues.error('budget.documentDate', 'date.format', { value: b.documentDate });
}

/** Every rule of a payment order, each finding naming its field. */
export function validatePaymentOrder(doc: PaymentOrder, rules: PaymentOrderRules = {}): ValidationResult {
  const issues = new IssueList();
  if (!/^\S{1,6}$/.test(doc.number)) issues.error('number', 'number.format', { value: doc.number, max: 6 });
  if (!isIsoDate(doc.date)) issues.error('date', 'date.format', { value: doc.date });
  else if (rules.today !== undefined && isIsoDate(rules.today)) {
    const age = daysBetween(doc.date, rules.today);
    if (age < 0) issues.error('date', 'date.future', { value: doc.date });
    else if (age > PAYMENT_ORDER_VALID_DAYS) issues.error('date', 'date.expired', { value: doc.date, max: PAYMENT_ORDER_VALID_DAYS });
  }
  if (!isValidAmount(doc.amount)) issues.error('amount', 'amount.invalid', { value: String(doc.amount) });
  checkParty(issues, 'payer', doc.payer, rules);
  checkParty(issues, 'payee', doc.payee, rules);
  if (doc.payer.account !== '' && doc.payer.account === doc.payee.account && doc.payer.bank.bic === doc.payee.bank.bic) {
    issues.error('payee.account', 'account.same-as-payer');
  }
  if (!isValidUin(doc.uin)) issues.error('uin', 'uin.invalid', { value: doc.uin });
  if (!Number.isInteger(doc.priority) || doc.priority < 1 || doc.priority > 5) issues.error('priority', 'priority.range', { value: doc.priority });
  else if (doc.priority !== 5 && !isBudgetAccount(doc.payee.account)) issues.warning('priority', 'priority.unusual', { value: doc.priority });
  checkText(issues, 'purpose', doc.purpose, { max: 210, cp1251: true });
  if (doc.operationType !== '01') issues.error('operationType', 'operation-type.invalid', { value: doc.operationType });
  const kind = doc.paymentKind ?? '';
  if (kind !== '' && !PAYMENT_KINDS.includes(kind)) issues.warning('paymentKind', 'payment-kind.unusual', { value: kind });
  const income = doc.incomeType ?? '';
  if (income !== '') {
    if (!INCOME_TYPES.includes(income)) issues.error('incomeType', 'income-type.invalid', { value: income });
    else if (doc.payee.inn.length === 10) issues.warning('incomeType', 'income-type.company-payee', { value: income });
  }
  if (isBudgetAccount(doc.payee.account)) checkBudget(issues, doc.budget, rules);
  else if (doc.budget) issues.warning('budget', 'budget.unexpected');
  return issues.result();
}
