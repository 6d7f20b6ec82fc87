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
