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
});

export const documentsChannels = {
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
} as const;

export const documentsEvents = {} as const;
