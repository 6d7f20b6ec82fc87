/** Import of a payment file: sent in chunks, previewed per document, accepted or discarded. */
import { z } from 'zod';
import { channel, Id, Locale, UploadChunk } from '../schemas.ts';

const PreviewDocument = z.object({
  line: z.number().int(),
  outcome: z.enum(['valid', 'warnings', 'errors', 'duplicate', 'rejected']),
  number: z.string().optional(),
  date: z.string().optional(),
  amount: z.number().int().optional(),
  payee: z.string().optional(),
  purpose: z.string().optional(),
  /** Findings and reasons, worded in the asked locale. */
  messages: z.array(z.object({ severity: z.enum(['error', 'warning']), text: z.string(), field: z.string().optional() })),
});

export const ImportPreview = z.object({
  name: z.string(),
  format: z.enum(['1c', 'pain.001']),
  version: z.string(),
  encoding: z.string(),
  documents: z.array(PreviewDocument),
  fileWarnings: z.array(z.object({ line: z.number().int(), text: z.string() })),
  counts: z.object({ valid: z.number().int(), warnings: z.number().int(), errors: z.number().int(), duplicate: z.number().int(), rejected: z.number().int() }),
});

export const importChannels = {
  'import.begin': channel(z.object({ name: z.string().min(1).max(260), size: z.number().int().min(0) }).strict(), z.object({ uploadId: Id, chunkBytes: z.number().int() })),
  'import.chunk': channel(UploadChunk, z.object({ received: z.number().int() })),
  'import.preview': channel(z.object({ uploadId: Id, locale: Locale }).strict(), ImportPreview),
  'import.accept': channel(z.object({ uploadId: Id, onlyValid: z.boolean() }).strict(), z.object({ imported: z.array(z.string()), rejected: z.number().int() })),
  'import.discard': channel(z.object({ uploadId: Id }).strict(), z.object({ discarded: z.boolean() })),
} as const;
