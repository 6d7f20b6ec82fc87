/**
 * Live validation in the page: the same structure check and business rules the service and the
 * bank run (src/shared), with the client's clock and rules (editor.new gives them), worded in
 * the page's language.
 */
import { DOCUMENT_KINDS, describeIssues, parseDocument, validateDocument, type DocumentKindName } from '../../../shared/bank-api/documents/index.ts';
import type { ValidationContext } from '../../../shared/domain/validation.ts';
import type { Locale } from '../../../shared/i18n/index.ts';

export interface Finding {
  field: string;
  code: string;
  severity: 'error' | 'warning';
  message: string;
}

export function findingsOf(kind: DocumentKindName, content: unknown, context: ValidationContext, locale: Locale): Finding[] {
  const parsed = parseDocument({ kind, version: DOCUMENT_KINDS[kind].version, content });
  const problems = parsed.ok
    ? (() => {
        const r = validateDocument(parsed.body, context);
        return [...describeIssues(r.errors, kind), ...describeIssues(r.warnings, kind)];
      })()
    : parsed.problems;
  return problems.map((p) => ({ field: p.field, code: p.code, severity: p.severity, message: p.message[locale] }));
}
