/**
 * The app's channel table: every call the UI may make, by name, with the schema of what it
 * sends and of what comes back. The Electron preload exposes exactly these as window.bank; the
 * browser host serves exactly these over loopback HTTP; both parse every input with its schema
 * before a service sees it. Events are pushed the other way (token inserted, sync state...).
 */
import { z } from 'zod';

const Id = z.string().uuid();
const Status = z.enum(['draft', 'signed', 'sent', 'delivered', 'accepted', 'executed', 'rejected', 'recalled']);
const Kind = z.enum(['payment-order', 'leasing-payment', 'loan-repayment', 'early-repayment', 'schedule-change', 'insurance-case', 'payment-documents-order', 'account-opening', 'letter']);
const Locale = z.enum(['en', 'ru']);

const DocumentRow = z.object({
  id: z.string(),
  kind: Kind,
  status: Status,
  revision: z.number().int(),
  number: z.string().nullable(),
  date: z.string().nullable(),
  amount: z.number().int().nullable(),
  counterparty: z.string().nullable(),
  summary: z.string(),
  errors: z.number().int(),
  warnings: z.number().int(),
  missing: z.array(z.enum(['first', 'second', 'single'])),
  rejection: z.object({ code: z.string(), reason: z.string() }).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const Finding = z.object({ field: z.string(), code: z.string(), severity: z.enum(['error', 'warning']), message: z.string() });

const SyncState = z.object({
  running: z.boolean(),
  pending: z.number().int(),
  failed: z.number().int(),
  nextAttemptAt: z.string().optional(),
  lastSuccessAt: z.string().optional(),
  lastError: z.object({ code: z.string(), message: z.string(), at: z.string() }).optional(),
});

export interface Channel<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
}

const channel = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O): Channel<I, O> => ({ input, output });

export const CHANNELS = {
  'app.info': channel(z.object({}).strict(), z.object({ version: z.string(), dataDir: z.string(), bankUrl: z.string() })),
  'documents.list': channel(
    z
      .object({
        kind: Kind.optional(),
        status: z.array(Status).max(8).optional(),
        from: z.string().max(10).optional(),
        to: z.string().max(10).optional(),
        text: z.string().max(200).optional(),
        limit: z.number().int().min(1).max(1000).optional(),
        offset: z.number().int().min(0).optional(),
      })
      .strict(),
    z.object({ items: z.array(DocumentRow), total: z.number().int() }),
  ),
  'documents.get': channel(
    z.object({ id: Id, locale: Locale }).strict(),
    DocumentRow.extend({
      body: z.object({ kind: Kind, version: z.number().int(), content: z.unknown() }),
      rendered: z.array(z.object({ field: z.string(), label: z.string(), value: z.string() })),
      findings: z.array(Finding),
      signers: z.array(z.object({ kind: z.string(), certificateSerial: z.string(), signer: z.string(), signedAt: z.string() })),
    }),
  ),
  'documents.create': channel(z.object({ kind: Kind, content: z.unknown() }).strict(), z.object({ id: z.string() })),
  'documents.update': channel(z.object({ id: Id, content: z.unknown(), revision: z.number().int().positive() }).strict(), z.object({ id: z.string(), revision: z.number().int(), derived: z.boolean() })),
  'documents.copy': channel(z.object({ id: Id }).strict(), z.object({ id: z.string() })),
  'documents.delete': channel(z.object({ id: Id }).strict(), z.object({ deleted: z.literal(true) })),
  'sync.state': channel(z.object({ locale: Locale }).strict(), SyncState),
  'sync.run': channel(z.object({ locale: Locale }).strict(), SyncState),
} as const;

export type ChannelName = keyof typeof CHANNELS;
export type ChannelInput<N extends ChannelName> = z.input<(typeof CHANNELS)[N]['input']>;
export type ChannelOutput<N extends ChannelName> = z.infer<(typeof CHANNELS)[N]['output']>;

/** What the app pushes to the UI, by name, with its payload's schema. */
export const EVENTS = {
  'sync.changed': SyncState,
} as const;

export type EventName = keyof typeof EVENTS;
