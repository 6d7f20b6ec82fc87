/**
 * The document kinds of the bank API: one module per kind, each with its content schema
 * (structure), its business rules (src/shared/domain), a title and a summary. A document travels
 * as a DocumentBody {kind, version, content}; its RFC 8785 canonical bytes are what is signed,
 * sent, and recomputed and compared by the bank.
 *
 *   parseDocument(json)        -> the typed body, or the structural problems (unknown fields, wrong types)
 *   validateDocument(body)     -> the business rules' findings (errors and warnings)
 *   checkDocument(json)        -> both, as one list a server answers "validation-failed" with
 *   canonicalDocumentBytes(b)  -> the bytes that are signed
 */
import { z } from 'zod';
import { canonicalBytes, canonicalize } from '../../domain/canonical-json.ts';
import type { ValidationContext, ValidationResult } from '../../domain/validation.ts';
import type { Locale } from '../../i18n/locale.ts';
import { accountOpeningKind } from './account-opening.ts';
import type { Assert, DocumentKind, DocumentSummary, Same } from './common.ts';
import { earlyRepaymentKind } from './early-repayment.ts';
import { insuranceCaseKind } from './insurance-case.ts';
import { leasingPaymentKind } from './leasing-payment.ts';
import { letterKind } from './letter.ts';
import { loanRepaymentKind } from './loan-repayment.ts';
import { paymentDocumentsOrderKind } from './payment-documents-order.ts';
import { paymentOrderKind } from './payment-order.ts';
import { describeIssues, issuesFromZod, type DocumentProblem } from './problems.ts';
import { scheduleChangeKind } from './schedule-change.ts';

export type { DocumentKind, DocumentSummary, LocalizedText } from './common.ts';
export { describeIssues, type DocumentProblem } from './problems.ts';
export { PaymentOrder } from './payment-order.ts';
export { LeasingPayment } from './leasing-payment.ts';
export { LoanRepayment } from './loan-repayment.ts';
export { EarlyRepayment } from './early-repayment.ts';
export { ScheduleChange } from './schedule-change.ts';
export { InsuranceCase } from './insurance-case.ts';
export { PaymentDocumentsOrder } from './payment-documents-order.ts';
export { AccountOpening } from './account-opening.ts';
export { Letter } from './letter.ts';
export { Attachment } from './attachment.ts';

/** Every kind of document by name: version, content schema, rules, title, summary. */
export const DOCUMENT_KINDS = {
  'payment-order': paymentOrderKind,
  'leasing-payment': leasingPaymentKind,
  'loan-repayment': loanRepaymentKind,
  'early-repayment': earlyRepaymentKind,
  'schedule-change': scheduleChangeKind,
  'insurance-case': insuranceCaseKind,
  'payment-documents-order': paymentDocumentsOrderKind,
  'account-opening': accountOpeningKind,
  letter: letterKind,
} as const;

export type DocumentKindName = keyof typeof DOCUMENT_KINDS;
export const DOCUMENT_KIND_NAMES = Object.keys(DOCUMENT_KINDS) as DocumentKindName[];

/** The content type of a kind. */
export type DocumentContent<K extends DocumentKindName> = z.infer<(typeof DOCUMENT_KINDS)[K]['schema']>;

function envelope<K extends DocumentKindName, S extends z.ZodType, V extends number>(kind: K, def: DocumentKind<S, V>) {
  return z.object({ kind: z.literal(kind), version: z.literal(def.version), content: def.schema }).strict();
}

const K = DOCUMENT_KINDS;

/** A document as it is signed and sent: {kind, version, content}, discriminated on kind; unknown fields refused. */
export const DocumentBody = z.discriminatedUnion('kind', [
  envelope('payment-order', K['payment-order']),
  envelope('leasing-payment', K['leasing-payment']),
  envelope('loan-repayment', K['loan-repayment']),
  envelope('early-repayment', K['early-repayment']),
  envelope('schedule-change', K['schedule-change']),
  envelope('insurance-case', K['insurance-case']),
  envelope('payment-documents-order', K['payment-documents-order']),
  envelope('account-opening', K['account-opening']),
  envelope('letter', K.letter),
]);
export type DocumentBody = z.infer<typeof DocumentBody>;

type _EveryKindInTheEnvelope = Assert<Same<DocumentBody['kind'], DocumentKindName>>;

/** A kind seen through its loosest type, so a body of any kind can be handed to it. */
function kindOf(name: DocumentKindName): DocumentKind<z.ZodType<unknown>> {
  return DOCUMENT_KINDS[name] as DocumentKind<z.ZodType<unknown>>;
}

export type ParsedDocument = { ok: true; body: DocumentBody } | { ok: false; problems: DocumentProblem[] };

/**
 * Parses a document body (JSON already decoded) against the envelope and its kind's content
 * schema. Refuses unknown fields, wrong types, unknown kinds and versions, each problem naming
 * its field; business rules are not run here (see validateDocument, checkDocument).
 */
export function parseDocument(json: unknown): ParsedDocument {
  const result = DocumentBody.safeParse(json);
  if (result.success) return { ok: true, body: result.data };
  const kind = json !== null && typeof json === 'object' && typeof (json as { kind?: unknown }).kind === 'string' ? (json as { kind: string }).kind : undefined;
  return { ok: false, problems: describeIssues(issuesFromZod(result.error, json), kind) };
}

/** The business rules of the body's kind. */
export function validateDocument(body: DocumentBody, context?: ValidationContext): ValidationResult {
  return kindOf(body.kind).validate(body.content, context);
}

export type DocumentCheck =
  | { ok: true; body: DocumentBody; warnings: DocumentProblem[] }
  | { ok: false; body?: DocumentBody; problems: DocumentProblem[] };

/**
 * Structure, then business rules: what a server runs before it accepts a document. Not ok when
 * the structure is wrong or any rule finds an error; `problems` then lists errors and warnings.
 */
export function checkDocument(json: unknown, context?: ValidationContext): DocumentCheck {
  const parsed = parseDocument(json);
  if (!parsed.ok) return parsed;
  const { body } = parsed;
  const result = validateDocument(body, context);
  const warnings = describeIssues(result.warnings, body.kind);
  if (result.ok) return { ok: true, body, warnings };
  return { ok: false, body, problems: [...describeIssues(result.errors, body.kind), ...warnings] };
}

/** The summary of a body for lists and search. */
export function summarizeDocument(body: DocumentBody, locale?: Locale): DocumentSummary {
  return kindOf(body.kind).summary(body.content, locale);
}

/** The canonical JSON text (RFC 8785) of {kind, version, content}. */
export function canonicalDocumentJson(body: DocumentBody): string {
  return canonicalize({ kind: body.kind, version: body.version, content: body.content });
}

/** The RFC 8785 bytes of {kind, version, content}: the bytes that are signed and that the bank recomputes. */
export function canonicalDocumentBytes(body: DocumentBody): Uint8Array {
  return canonicalBytes({ kind: body.kind, version: body.version, content: body.content });
}

export { DOCUMENT_EXAMPLES, EXAMPLES_VALID_ON } from './examples.ts';
