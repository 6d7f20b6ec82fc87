/**
 * Payments to the bank under a contract: a leasing instalment, a car-loan repayment. The bank
 * is the payee, so only the payer's account is named; the payment becomes an ordinary transfer
 * inside the bank, whose purpose must travel in Windows-1251 like any payment.
 */
import { checkAccountAtBank, checkAmount, checkContractId, checkDate, checkNotPast, checkText, isSettlementAccount, type AccountRef } from './checks.ts';
import { daysBetween, isIsoDate } from './dates.ts';
import type { Kopecks } from './money.ts';
import { IssueList, type ValidationContext, type ValidationResult } from './validation.ts';

export type { AccountRef } from './checks.ts';

/** Which instalment of the contract's payment schedule is paid. */
export interface InstalmentRef {
  /** Its number in the schedule, from 1. */
  number: number;
  /** Its due date, YYYY-MM-DD. */
  dueDate: string;
}

/** Pays one instalment of a leasing contract's schedule. */
export interface LeasingPayment {
  contractId: string;
  instalment: InstalmentRef;
  amount: Kopecks;
  /** The company's account the money comes from, and its bank's BIC. */
  payer: AccountRef;
  /** The day the money is to be debited, YYYY-MM-DD. */
  date: string;
  purpose: string;
}

/** Repays a car loan: a scheduled instalment, or (without `instalment`) an amount towards the loan. */
export interface LoanRepayment {
  contractId: string;
  instalment?: InstalmentRef;
  amount: Kopecks;
  payer: AccountRef;
  date: string;
  purpose: string;
}

/** The most instalments a schedule has (50 years monthly). */
export const MAX_INSTALMENTS = 600;

/** A purpose is at most 210 characters (docs/architecture.md "Domain rules"), like any payment's. */
export const PURPOSE_MAX = 210;

function checkInstalment(issues: IssueList, i: InstalmentRef): void {
  if (!Number.isInteger(i.number) || i.number < 1 || i.number > MAX_INSTALMENTS) {
    issues.error('instalment.number', 'instalment-number.range', { value: String(i.number), max: MAX_INSTALMENTS });
  }
  checkDate(issues, 'instalment.dueDate', i.dueDate);
}

/** Normalises a contract number for comparison: case, spaces and "№" do not matter. */
const squeeze = (s: string): string => s.toLowerCase().replace(/[\s№]/g, '');

function checkContractPayment(doc: LoanRepayment, ctx: ValidationContext): ValidationResult {
  const issues = new IssueList();
  const contractOk = checkContractId(issues, 'contractId', doc.contractId);
  if (doc.instalment) checkInstalment(issues, doc.instalment);
  checkAmount(issues, 'amount', doc.amount);
  if (checkAccountAtBank(issues, { account: 'payer.account', bic: 'payer.bic' }, doc.payer) && !isSettlementAccount(doc.payer.account)) {
    issues.warning('payer.account', 'account.not-settlement', { value: doc.payer.account });
  }
  if (checkDate(issues, 'date', doc.date)) {
    // a payment that waited in the outbox past its date is still debited, on the next business day
    checkNotPast(issues, 'date', doc.date, ctx.today, 'warning');
    const due = doc.instalment?.dueDate;
    if (due !== undefined && isIsoDate(due) && daysBetween(due, doc.date) > 0) issues.warning('date', 'instalment.late', { value: due });
  }
  if (checkText(issues, 'purpose', doc.purpose, { max: PURPOSE_MAX, cp1251: true }) && contractOk && !squeeze(doc.purpose).includes(squeeze(doc.contractId))) {
    issues.warning('purpose', 'purpose.no-contract', { value: doc.contractId });
  }
  return issues.result();
}

export function validateLeasingPayment(doc: LeasingPayment, ctx: ValidationContext = {}): ValidationResult {
  return checkContractPayment(doc, ctx);
}

export function validateLoanRepayment(doc: LoanRepayment, ctx: ValidationContext = {}): ValidationResult {
  return checkContractPayment(doc, ctx);
}
