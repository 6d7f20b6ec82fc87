/**
 * The document editor: validation of a content that is not stored, what a new document starts
 * from, the counterparties directory, templates, contracts and accounts to pay from, a payment
 * pre-filled from a contract's schedule, the bank's early-repayment quote, and files attached to
 * an insurance case or a letter (uploaded in pieces: the channel table caps a request at 1 MiB).
 */
import { z } from 'zod';
import { PartialRepaymentQuote } from '../../bank-api/contracts.ts';
import { channel, Finding, Id, Kind, Locale, UploadChunk } from '../schemas.ts';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Kopecks = z.number().int();

/** What the page's own validators need to agree with the service's: today on the client's clock, the payer statuses, the bank's BIC. */
export const EditorContext = z.object({
  today: z.string(),
  payerStatuses: z.array(z.string()).optional(),
  bankBic: z.string().optional(),
});

export const CounterpartyItem = z.object({
  id: z.number().int(),
  name: z.string(),
  inn: z.string(),
  kpp: z.string().optional(),
  account: z.string(),
  bic: z.string(),
  bankName: z.string(),
  corrAccount: z.string().optional(),
  usedAt: z.string(),
});

export const TemplateItem = z.object({ id: z.string(), name: z.string(), kind: Kind, createdAt: z.string(), summary: z.string() });

export const ContractItem = z.object({
  id: z.string(),
  kind: z.enum(['car-loan', 'leasing']),
  number: z.string(),
  subject: z.string(),
  currency: z.string(),
  outstanding: Kopecks,
  nextPayment: z.object({ number: z.number().int(), dueDate: z.string(), amount: Kopecks }).nullable(),
  requisites: z.object({ payeeName: z.string(), inn: z.string(), kpp: z.string(), account: z.string(), bic: z.string(), bankName: z.string(), corrAccount: z.string(), purpose: z.string() }),
});

export const AccountItem = z.object({ id: z.string(), number: z.string(), currency: z.string(), balance: Kopecks, bic: z.string(), bankName: z.string(), corrAccount: z.string() });

export const AttachmentRef = z.object({ name: z.string(), mediaType: z.string(), size: z.number().int(), sha256: z.string() });

export const editorChannels = {
  /** The business rules (and the structure) of a content, without storing it, worded in the locale. */
  'editor.validate': channel(z.object({ kind: Kind, content: z.unknown(), locale: Locale }).strict(), z.object({ ok: z.boolean(), findings: z.array(Finding) })),
  /** A new document's starting content (today's date, the next number, the company's account) and the validators' context. */
  'editor.new': channel(z.object({ kind: Kind }).strict(), z.object({ content: z.unknown(), context: EditorContext })),
  /** Payees paid before, most recent first, narrowed by name, INN or account. */
  'editor.counterparties': channel(z.object({ text: z.string().max(200), limit: z.number().int().min(1).max(50).optional() }).strict(), z.object({ items: z.array(CounterpartyItem) })),
  'editor.templates.list': channel(z.object({ kind: Kind.optional(), locale: Locale }).strict(), z.object({ items: z.array(TemplateItem) })),
  /** Keeps a content under a name (as typed, stored or not). */
  'editor.templates.save': channel(z.object({ name: z.string().max(200), kind: Kind, content: z.unknown() }).strict(), z.object({ id: z.string() })),
  /** A new draft from a template, dated today and numbered next. */
  'editor.templates.apply': channel(z.object({ id: z.string().max(100) }).strict(), z.object({ id: z.string() })),
  'editor.templates.delete': channel(z.object({ id: z.string().max(100) }).strict(), z.object({ deleted: z.literal(true) })),
  /** The loans and leasing contracts of the last exchange with the bank. */
  'editor.contracts': channel(z.object({ kind: z.enum(['car-loan', 'leasing']).optional() }).strict(), z.object({ items: z.array(ContractItem) })),
  /** The company's accounts of the last exchange with the bank. */
  'editor.accounts': channel(z.object({}).strict(), z.object({ items: z.array(AccountItem) })),
  /** A leasing payment or loan repayment of the contract's next unpaid instalment, or of the unpaid instalment named. */
  'editor.contract-prefill': channel(
    z.object({ kind: z.enum(['leasing-payment', 'loan-repayment']), contractId: z.string().max(100), account: z.string().max(20).optional(), instalment: z.number().int().min(1).max(10_000).optional() }).strict(),
    z.object({ content: z.unknown() }),
  ),
  /** The bank's payoff amount of a contract on a date (needs a session). */
  'editor.payoff-quote': channel(
    z
      .object({ contractId: z.string().max(100), date: IsoDate, amount: Kopecks.positive().optional(), recalculation: z.enum(['reduce-payment', 'reduce-term']).optional() })
      .strict()
      .refine((x) => (x.amount === undefined) === (x.recalculation === undefined), { path: ['recalculation'], message: 'a partial repayment names both its amount and the recalculation' }),
    z.object({ contractId: z.string(), number: z.string(), kind: z.enum(['car-loan', 'leasing']), date: z.string(), principal: Kopecks, accruedInterest: Kopecks, payoff: Kopecks, partial: PartialRepaymentQuote.optional() }),
  ),
  /** Starts the upload of a file to attach: its name, type and size are checked first. */
  'editor.attachment.start': channel(
    z.object({ name: z.string().max(1000), mediaType: z.string().max(200), size: z.number().int().min(0) }).strict(),
    z.object({ uploadId: z.string() }),
  ),
  'editor.attachment.chunk': channel(UploadChunk, z.object({ received: z.number().int() })),
  /** Ends an upload: the file is kept in the profile by its SHA-256, and its reference comes back for the document. */
  'editor.attachment.finish': channel(z.object({ uploadId: Id }).strict(), AttachmentRef),
} as const;

export const editorEvents = {} as const;
