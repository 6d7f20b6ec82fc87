/**
 * The kinds and statuses of documents as plain lists (the schemas in schemas.ts are made from
 * them), so the page can show them without loading zod.
 */
export const KIND_NAMES = ['payment-order', 'leasing-payment', 'loan-repayment', 'early-repayment', 'schedule-change', 'insurance-case', 'payment-documents-order', 'account-opening', 'letter'] as const;
export const STATUS_NAMES = ['draft', 'signed', 'sent', 'delivered', 'accepted', 'executed', 'rejected', 'recalled'] as const;
