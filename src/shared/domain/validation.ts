import type { BicDirectoryFacts } from './bic-directory.ts';

/**
 * A finding of a validator: which field, what rule, how serious. Errors stop a document from
 * being signed; warnings are shown but let the accountant proceed where the bank would.
 */
export type Severity = 'error' | 'warning';

export interface ValidationIssue {
  /** Dotted path of the field, e.g. "payer.inn" or "budget.kbk". */
  field: string;
  /** A stable rule code, e.g. "inn.checksum"; the message key is "validation." + code. */
  code: string;
  severity: Severity;
  /** Values the message shows (the offending value, a limit). */
  params?: Record<string, string | number>;
}

export interface ValidationResult {
  ok: boolean;
  errors: ValidationIssue[];
  warnings: ValidationIssue[];
}

/** Collects issues; `result()` splits them by severity. */
export class IssueList {
  private readonly items: ValidationIssue[] = [];

  error(field: string, code: string, params?: ValidationIssue['params']): void {
    this.items.push({ field, code, severity: 'error', ...(params ? { params } : {}) });
  }

  warning(field: string, code: string, params?: ValidationIssue['params']): void {
    this.items.push({ field, code, severity: 'warning', ...(params ? { params } : {}) });
  }

  result(): ValidationResult {
    const errors = this.items.filter((i) => i.severity === 'error');
    return { ok: errors.length === 0, errors, warnings: this.items.filter((i) => i.severity === 'warning') };
  }
}

/**
 * What a validator may know beyond the document. Rules that need a fact run only when it is
 * given, so the client and the bank apply the same rules with their own clocks.
 */
export interface ValidationContext {
  /** Today's date (YYYY-MM-DD) on the validating side's clock: date rules (expired, future, past) need it. */
  today?: string;
  /** Payer statuses (field 101) accepted; DEFAULT_PAYER_STATUSES otherwise. */
  payerStatuses?: readonly string[];
  /** The BIC of the bank the document goes to: the control key of an account at that bank is checked with it. */
  bankBic?: string;
  /** The BIC directory (ED807): a party's bank unknown or closed there is an error, one under restrictions a warning. */
  bicDirectory?: BicDirectoryFacts;
}
