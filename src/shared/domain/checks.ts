/**
 * Field checks shared by the document validators. Each adds its findings to an IssueList under
 * the field path it is given and returns whether the value passed (so callers can skip rules
 * that depend on it).
 */
import { isValidAmount } from './money.ts';
import { daysBetween, isIsoDate } from './dates.ts';
import { isValidAccountKey, isValidBic } from './requisites.ts';
import { firstControlChar, firstNonCp1251, showChar } from './text.ts';
import type { IssueList, Severity } from './validation.ts';

export interface TextRule {
  max: number;
  /** Empty (after trimming) is an error; default true. */
  required?: boolean;
  /** Line breaks and tabs allowed (letters, descriptions); default false. */
  multiline?: boolean;
  /** Only Windows-1251 printable characters (fields that become part of a payment); default false. */
  cp1251?: boolean;
}

export function checkText(issues: IssueList, field: string, value: string, rule: TextRule): boolean {
  if (value.trim() === '') {
    if (rule.required ?? true) {
      issues.error(field, 'required');
      return false;
    }
    return true;
  }
  if (value.length > rule.max) {
    issues.error(field, 'too-long', { max: rule.max });
    return false;
  }
  if (rule.cp1251) {
    const bad = firstNonCp1251(value);
    if (bad !== undefined) {
      issues.error(field, 'text.charset', { value: showChar(bad) });
      return false;
    }
  } else {
    const bad = firstControlChar(value, rule.multiline ?? false);
    if (bad !== undefined) {
      issues.error(field, 'text.control-character', { value: showChar(bad) });
      return false;
    }
  }
  return true;
}

export function checkDate(issues: IssueList, field: string, value: string): boolean {
  if (isIsoDate(value)) return true;
  issues.error(field, 'date.format', { value });
  return false;
}

/** The date may not be later than today (events that already happened, statement periods). */
export function checkNotFuture(issues: IssueList, field: string, value: string, today: string | undefined): void {
  if (today !== undefined && isIsoDate(today) && daysBetween(today, value) > 0) issues.error(field, 'date.future', { value });
}

/**
 * The date should not be earlier than today (payments and repayments still to be made). An error
 * by default; a warning where the bank would act on the next business day instead.
 */
export function checkNotPast(issues: IssueList, field: string, value: string, today: string | undefined, severity: Severity = 'error'): void {
  if (today !== undefined && isIsoDate(today) && daysBetween(value, today) > 0) issues[severity](field, 'date.past', { value });
}

export function checkAmount(issues: IssueList, field: string, amount: number): boolean {
  if (isValidAmount(amount)) return true;
  issues.error(field, 'amount.invalid', { value: String(amount) });
  return false;
}

/** The most characters a contract number may have. */
export const CONTRACT_ID_MAX = 40;

/**
 * A contract number as the bank writes it ("КР-2026/0153", "AL 17-04"): 1-40 characters, letters
 * of any script, digits, spaces and - / . _ № #, starting with a letter or digit.
 */
export function checkContractId(issues: IssueList, field: string, id: string): boolean {
  if (id.trim() === '') {
    issues.error(field, 'required');
    return false;
  }
  if (id.length > CONTRACT_ID_MAX) {
    issues.error(field, 'too-long', { max: CONTRACT_ID_MAX });
    return false;
  }
  if (!/^[\p{L}\p{N}](?:[\p{L}\p{N} \-/._№#]*[\p{L}\p{N}])?$/u.test(id)) {
    issues.error(field, 'contract-id.format', { value: id });
    return false;
  }
  return true;
}

/** An account at a bank named only by its BIC (the bank's own accounts, debit accounts). */
export interface AccountRef {
  /** 20 digits. */
  account: string;
  /** 9 digits. */
  bic: string;
}

/** Account formats, BIC format and the control key of the pair; `account` and `bic` are the field paths. */
export function checkAccountAtBank(issues: IssueList, fields: { account: string; bic: string }, ref: AccountRef): boolean {
  const bicOk = isValidBic(ref.bic);
  if (!bicOk) issues.error(fields.bic, 'bic.format', { value: ref.bic });
  if (!/^\d{20}$/.test(ref.account)) {
    issues.error(fields.account, 'account.format', { value: ref.account });
    return false;
  }
  if (bicOk && !isValidAccountKey(ref.bic, ref.account)) {
    issues.error(fields.account, 'account.key', { value: ref.account });
    return false;
  }
  return bicOk;
}

/**
 * Accounts a company pays from: 405-408 (state, non-commercial, commercial organisations, sole
 * traders). Others (deposits 421-423, loans 45x) are unusual to pay from; the bank may still do it.
 */
export const isSettlementAccount = (account: string): boolean => /^40[5-8]/.test(account);
