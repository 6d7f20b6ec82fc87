/**
 * The BIC directory (ED807): what copy the profile holds, a bank looked up by BIC (the editor
 * fills the payee's bank from it), and a Bank of Russia file loaded by hand (sent in chunks).
 */
import { z } from 'zod';
import { channel, Empty, Id, UploadChunk } from '../schemas.ts';

export const Bic = z.string().regex(/^\d{9}$/, 'a BIC of 9 digits');

export const DirectorySource = z.object({
  edNo: z.string(),
  edDate: z.string(),
  businessDay: z.string(),
  entries: z.number().int(),
  origin: z.enum(['bank', 'file']),
  fileName: z.string().optional(),
  etag: z.string().optional(),
  sha256: z.string(),
  loadedAt: z.string(),
});

export const BicRecord = z.object({
  bic: z.string(),
  name: z.string(),
  placeType: z.string(),
  place: z.string(),
  corrAccount: z.string(),
  closed: z.boolean(),
  closedOn: z.string().optional(),
  restrictions: z.array(z.object({ code: z.string(), date: z.string() })),
});

export const directoryChannels = {
  'directory.status': channel(Empty, z.object({ source: DirectorySource.optional() })),
  /** found: the bank's record; unknown: the directory held has no such BIC; none: no directory is held. */
  'directory.lookup': channel(z.object({ bic: Bic }).strict(), z.discriminatedUnion('found', [z.object({ found: z.literal(true), record: BicRecord }), z.object({ found: z.literal(false), directory: z.boolean() })])),
  'directory.begin': channel(z.object({ name: z.string().min(1).max(260), size: z.number().int().min(0) }).strict(), z.object({ uploadId: Id, chunkBytes: z.number().int() })),
  'directory.chunk': channel(UploadChunk, z.object({ received: z.number().int() })),
  /** Reads the uploaded file and, when all of it is right, makes it the profile's directory (else an error naming the line; the copy held unchanged). */
  'directory.load': channel(z.object({ uploadId: Id }).strict(), z.object({ source: DirectorySource })),
} as const;
