/** Documents: the list (filters, search, paging), one document as the signer reads it, draft edits. */
import { z } from 'zod';
import { channel, Finding, Id, Kind, Locale, Status } from '../schemas.ts';

export const DocumentRow = z.object({
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
  /** The row's place in the list's order: ask documents.list for the page after or before it. */
  key: z.object({ date: z.string(), seq: z.number().int() }),
});

/** A row's place in the list's order, as documents.list gave it. */
export const ListKey = z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), seq: z.number().int().min(0) }).strict();
const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Kopecks = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** A receipt of the bank, as sync verified and stored it. */
export const Receipt = z.object({
  cursor: z.number().int(),
  status: z.string(),
  at: z.string(),
  rejection: z.object({ code: z.string(), reason: z.string() }).optional(),
  verifiedAt: z.string(),
  /** SHA-256 of the signed payload, hex: to compare with what the bank says it sent. */
  payloadSha256: z.string(),
  /** The payload the bank signed (JSON text). */
  payload: z.string(),
});

export const documentsChannels = {
  'documents.list': channel(
    z
      .object({
        kind: Kind.optional(),
        status: z.array(Status).max(8).optional(),
        /** Document dates, inclusive (a document without a date: the day it was made). */
        from: IsoDay.optional(),
        to: IsoDay.optional(),
        /** Amounts in kopecks, inclusive. */
        minAmount: Kopecks.optional(),
        maxAmount: Kopecks.optional(),
        counterparty: z.string().max(200).optional(),
        /** Full-text search: number, counterparty, purpose, amount. */
        text: z.string().max(200).optional(),
        limit: z.number().int().min(1).max(1000).optional(),
        /** Rows skipped: for a jump to a place in the list (scrolling goes by key). */
        offset: z.number().int().min(0).max(10_000_000).optional(),
        /** The page after this row's key; `before`: the page just before it; `last`: the last page. */
        after: ListKey.optional(),
        before: ListKey.optional(),
        last: z.boolean().optional(),
        /** false: skip counting (a next page of a list whose total is known); `total` is then -1. */
        count: z.boolean().optional(),
        /** The language of the rows' summaries (Russian when not given). */
        locale: Locale.optional(),
      })
      .strict()
      .refine((x) => x.after === undefined || x.before === undefined, { path: ['before'], message: 'after and before exclude each other' })
      .refine((x) => x.from === undefined || x.to === undefined || x.from <= x.to, { path: ['to'], message: 'the period ends before it starts' })
      .refine((x) => x.minAmount === undefined || x.maxAmount === undefined || x.minAmount <= x.maxAmount, { path: ['maxAmount'], message: 'the largest amount is below the smallest' }),
    /** total: every match (-1 when not counted); amount: the matches' sum in kopecks, given when there are few enough to sum cheaply. */
    z.object({
      items: z.array(DocumentRow),
      total: z.number().int(),
      amount: z.number().optional(),
      /** The matching payments summed for each kind and currency, drafts apart (given with amount). */
      totals: z.array(z.object({ kind: z.string(), currency: z.string(), draft: z.boolean(), count: z.number().int(), amount: z.number() })).optional(),
    }),
  ),
  'documents.receipts': channel(z.object({ id: Id }).strict(), z.object({ items: z.array(Receipt) })),
  'documents.get': channel(
    z.object({ id: Id, locale: Locale }).strict(),
    DocumentRow.extend({
      body: z.object({ kind: Kind, version: z.number().int(), content: z.unknown() }),
      rendered: z.array(z.object({ field: z.string(), label: z.string(), value: z.string() })),
      findings: z.array(Finding),
      signers: z.array(z.object({ kind: z.string(), certificateSerial: z.string(), signer: z.string(), signedAt: z.string() })),
      /** Once signed: SHA-256 (hex) of the canonical bytes the signatures cover, as the bank's receipts name them. */
      signedSha256: z.string().optional(),
    }),
  ),
  /** A new draft; `copyOf` names the document it was copied from (the editor's copy, saved by Save). */
  'documents.create': channel(z.object({ kind: Kind, content: z.unknown(), copyOf: Id.optional() }).strict(), z.object({ id: z.string() })),
  /**
   * What a copy of a document starts from, nothing saved: its kind and content with the next
   * number and today's date (the editor saves it as a new draft only when the user presses Save).
   */
  'documents.copy-content': channel(z.object({ id: Id }).strict(), z.object({ kind: Kind, content: z.unknown(), number: z.string().optional() })),
  'documents.update': channel(z.object({ id: Id, content: z.unknown(), revision: z.number().int().positive() }).strict(), z.object({ id: z.string(), revision: z.number().int(), derived: z.boolean() })),
  'documents.copy': channel(z.object({ id: Id }).strict(), z.object({ id: z.string() })),
  'documents.delete': channel(z.object({ id: Id }).strict(), z.object({ deleted: z.literal(true) })),
} as const;

export const documentsEvents = {} as const;
