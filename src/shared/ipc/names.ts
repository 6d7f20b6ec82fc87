/**
 * The kinds and statuses of documents as plain lists (the schemas in schemas.ts are made from
 * them), so the page can show them without loading zod.
 */
export const KIND_NAMES = ['payment-order', 'leasing-payment', 'loan-repayment', 'early-repayment', 'schedule-change', 'insurance-case', 'payment-documents-order', 'account-opening', 'letter'] as const;
/** Declared once, with the rules between them, in shared/domain/document-status.ts. */
export { LOCAL_STATUSES as STATUS_NAMES } from '../domain/document-status.ts';
