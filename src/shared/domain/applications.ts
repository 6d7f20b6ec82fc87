/**
 * Applications to the bank: early repayment, schedule change, insurance case, an order of
 * payment documents, opening an account. They stay inside the bank, so their texts may hold any
 * Unicode (no control characters); dates and amounts follow the same rules as payments.
 */
import { checkAttachments, type AttachmentRef } from './attachments.ts';
import { checkAccountAtBank, checkAmount, checkContractId, checkDate, checkNotFuture, checkNotPast, checkText } from './checks.ts';
import { daysBetween, isWeekend } from './dates.ts';
import type { Kopecks } from './money.ts';
import { isValidBic } from './requisites.ts';
import { IssueList, type ValidationContext, type ValidationResult } from './validation.ts';

// ---- early repayment ----

/** After a partial early repayment the bank lowers either each payment or the number of payments. */
export const RECALCULATIONS = ['reduce-payment', 'reduce-term'] as const;
export type Recalculation = (typeof RECALCULATIONS)[number];

export interface FullEarlyRepayment {
  type: 'full';
  contractId: string;
  /** The day the loan or lease is to be paid off, YYYY-MM-DD. */
  repaymentDate: string;
}

export interface PartialEarlyRepayment {
  type: 'partial';
  contractId: string;
  repaymentDate: string;
  amount: Kopecks;
  recalculation: Recalculation;
}

export type EarlyRepaymentApplication = FullEarlyRepayment | PartialEarlyRepayment;

export function validateEarlyRepayment(doc: EarlyRepaymentApplication, ctx: ValidationContext = {}): ValidationResult {
  const issues = new IssueList();
  checkContractId(issues, 'contractId', doc.contractId);
  if (checkDate(issues, 'repaymentDate', doc.repaymentDate)) {
    checkNotPast(issues, 'repaymentDate', doc.repaymentDate, ctx.today);
    if (isWeekend(doc.repaymentDate)) issues.warning('repaymentDate', 'date.weekend', { value: doc.repaymentDate });
  }
  if (doc.type === 'partial') checkAmount(issues, 'amount', doc.amount);
  return issues.result();
}

// ---- schedule change ----

export const MAX_TERM_MONTHS = 360;
export const REASON_MAX = 1000;

export interface ScheduleChangeApplication {
  contractId: string;
  /** The day of the month payments should fall on, 1-31. */
  paymentDay?: number;
  /** The whole term wanted, in months. */
  termMonths?: number;
  reason: string;
}

export function validateScheduleChange(doc: ScheduleChangeApplication, _ctx: ValidationContext = {}): ValidationResult {
  const issues = new IssueList();
  checkContractId(issues, 'contractId', doc.contractId);
  if (doc.paymentDay === undefined && doc.termMonths === undefined) issues.error('paymentDay', 'schedule-change.empty');
  if (doc.paymentDay !== undefined) {
    if (!Number.isInteger(doc.paymentDay) || doc.paymentDay < 1 || doc.paymentDay > 31) issues.error('paymentDay', 'payment-day.range', { value: String(doc.paymentDay) });
    else if (doc.paymentDay > 28) issues.warning('paymentDay', 'payment-day.month-end', { value: doc.paymentDay });
  }
  if (doc.termMonths !== undefined && (!Number.isInteger(doc.termMonths) || doc.termMonths < 1 || doc.termMonths > MAX_TERM_MONTHS)) {
    issues.error('termMonths', 'term.range', { value: String(doc.termMonths), max: MAX_TERM_MONTHS });
  }
  checkText(issues, 'reason', doc.reason, { max: REASON_MAX, multiline: true });
  return issues.result();
}

// ---- insurance case ----

export const DESCRIPTION_MAX = 4000;

/** Tells the bank (the leased or pledged car's beneficiary) that an insured event happened. */
export interface InsuranceCaseNotice {
  contractId: string;
  /** The day of the accident, theft or damage, YYYY-MM-DD. */
  eventDate: string;
  description: string;
  /** Police report, photos, the insurer's acceptance; referenced by digest. */
  attachments: AttachmentRef[];
}

export function validateInsuranceCase(doc: InsuranceCaseNotice, ctx: ValidationContext = {}): ValidationResult {
  const issues = new IssueList();
  checkContractId(issues, 'contractId', doc.contractId);
  if (checkDate(issues, 'eventDate', doc.eventDate)) checkNotFuture(issues, 'eventDate', doc.eventDate, ctx.today);
  checkText(issues, 'description', doc.description, { max: DESCRIPTION_MAX, multiline: true });
  checkAttachments(issues, 'attachments', doc.attachments);
  if (doc.attachments.length === 0) issues.warning('attachments', 'attachments.none');
  return issues.result();
}

// ---- order of payment documents, statements, certificates ----

/**
 * What is ordered, and what each needs: an account and a period (copies of payment documents, a
 * statement, a certificate of turnover), an account and a date (a certificate of balance), a
 * date (a certificate of the accounts open), a contract and a date (a certificate of loan debt).
 */
export const DOCUMENT_ORDER_TYPES = ['payment-copies', 'statement', 'turnover-certificate', 'balance-certificate', 'accounts-certificate', 'loan-debt-certificate'] as const;
export type DocumentOrderType = (typeof DOCUMENT_ORDER_TYPES)[number];

type OrderField = 'account' | 'period' | 'asOf' | 'contractId' | 'documentNumbers';
const ORDER_FIELDS: Record<DocumentOrderType, { needs: OrderField[]; may: OrderField[] }> = {
  'payment-copies': { needs: ['account', 'period'], may: ['documentNumbers'] },
  statement: { needs: ['account', 'period'], may: [] },
  'turnover-certificate': { needs: ['account', 'period'], may: [] },
  'balance-certificate': { needs: ['account', 'asOf'], may: [] },
  'accounts-certificate': { needs: ['asOf'], may: [] },
  'loan-debt-certificate': { needs: ['contractId', 'asOf'], may: [] },
};

export const DELIVERY_METHODS = ['electronic', 'branch', 'courier'] as const;
export const MAX_COPIES = 10;
export const MAX_ORDERED_DOCUMENTS = 100;
export const ADDRESS_MAX = 300;
export const COMMENT_MAX = 1000;

/** Signed electronic copies through the client, paper at the branch, or paper by courier. */
export type Delivery = { method: 'electronic' } | { method: 'branch'; copies: number } | { method: 'courier'; copies: number; address: string };

export interface Period {
  from: string;
  to: string;
}

export interface PaymentDocumentsOrder {
  type: DocumentOrderType;
  /** 20 digits, an account of the company at this bank. */
  account?: string;
  contractId?: string;
  period?: Period;
  /** The date a certificate speaks of, YYYY-MM-DD. */
  asOf?: string;
  /** With payment-copies: only these documents' numbers; all of the period when absent. */
  documentNumbers?: string[];
  delivery: Delivery;
  comment?: string;
}

export function validatePaymentDocumentsOrder(doc: PaymentDocumentsOrder, ctx: ValidationContext = {}): ValidationResult {
  const issues = new IssueList();
  const rule = ORDER_FIELDS[doc.type];
  const present: Record<OrderField, boolean> = {
    account: doc.account !== undefined,
    period: doc.period !== undefined,
    asOf: doc.asOf !== undefined,
    contractId: doc.contractId !== undefined,
    documentNumbers: doc.documentNumbers !== undefined,
  };
  for (const field of rule.needs) if (!present[field]) issues.error(field, 'required');
  for (const field of Object.keys(present) as OrderField[]) {
    if (present[field] && !rule.needs.includes(field) && !rule.may.includes(field)) issues.warning(field, 'not-applicable', { value: doc.type });
  }

  if (doc.account !== undefined) {
    if (ctx.bankBic !== undefined && isValidBic(ctx.bankBic)) checkAccountAtBank(issues, { account: 'account', bic: 'account' }, { account: doc.account, bic: ctx.bankBic });
    else if (!/^\d{20}$/.test(doc.account)) issues.error('account', 'account.format', { value: doc.account });
  }
  if (doc.contractId !== undefined) checkContractId(issues, 'contractId', doc.contractId);
  if (doc.period) {
    const fromOk = checkDate(issues, 'period.from', doc.period.from);
    const toOk = checkDate(issues, 'period.to', doc.period.to);
    if (fromOk && toOk && daysBetween(doc.period.from, doc.period.to) < 0) issues.error('period.to', 'period.reversed', { value: doc.period.from });
    if (toOk) checkNotFuture(issues, 'period.to', doc.period.to, ctx.today);
  }
  if (doc.asOf !== undefined && checkDate(issues, 'asOf', doc.asOf)) checkNotFuture(issues, 'asOf', doc.asOf, ctx.today);
  if (doc.documentNumbers !== undefined) {
    if (doc.documentNumbers.length === 0) issues.error('documentNumbers', 'required');
    else if (doc.documentNumbers.length > MAX_ORDERED_DOCUMENTS) issues.error('documentNumbers', 'too-many', { max: MAX_ORDERED_DOCUMENTS });
    doc.documentNumbers.forEach((n, i) => {
      if (!/^\S{1,6}$/.test(n)) issues.error(`documentNumbers.${i}`, 'number.format', { value: n, max: 6 });
    });
  }

  const d = doc.delivery;
  if (d.method !== 'electronic') {
    if (!Number.isInteger(d.copies) || d.copies < 1 || d.copies > MAX_COPIES) issues.error('delivery.copies', 'copies.range', { value: String(d.copies), max: MAX_COPIES });
  }
  if (d.method === 'courier') checkText(issues, 'delivery.address', d.address, { max: ADDRESS_MAX });
  if (doc.comment !== undefined) checkText(issues, 'comment', doc.comment, { max: COMMENT_MAX, required: false, multiline: true });
  return issues.result();
}

// ---- account opening ----

export const FIAT_CURRENCIES = ['RUB', 'USD', 'EUR', 'CNY'] as const;
/** Unallocated metal accounts (ОМС): gold, silver, platinum, palladium. */
export const METAL_CURRENCIES = ['XAU', 'XAG', 'XPT', 'XPD'] as const;
export const ACCOUNT_CURRENCIES = [...FIAT_CURRENCIES, ...METAL_CURRENCIES] as const;
export type AccountCurrency = (typeof ACCOUNT_CURRENCIES)[number];

export const isMetalCurrency = (c: string): boolean => (METAL_CURRENCIES as readonly string[]).includes(c);

export const ACCOUNT_PURPOSE_MAX = 500;

export interface AccountOpeningApplication {
  currency: AccountCurrency;
  /** What the account is for, as the bank's know-your-customer rules ask. */
  purpose: string;
}

export function validateAccountOpening(doc: AccountOpeningApplication, _ctx: ValidationContext = {}): ValidationResult {
  const issues = new IssueList();
  if (!(ACCOUNT_CURRENCIES as readonly string[]).includes(doc.currency)) issues.error('currency', 'currency.unknown', { value: doc.currency });
  checkText(issues, 'purpose', doc.purpose, { max: ACCOUNT_PURPOSE_MAX, multiline: true });
  return issues.result();
}
