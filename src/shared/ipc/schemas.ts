/** Schemas shared by several areas of the channel table. */
import { z } from 'zod';
import { KIND_NAMES, STATUS_NAMES } from './names.ts';

export const Id = z.string().uuid();
export const Locale = z.enum(['en', 'ru']);
export const Status = z.enum(STATUS_NAMES);
export const Kind = z.enum(KIND_NAMES);
/** A finding of validation, worded in the locale the call asked for. */
export const Finding = z.object({ field: z.string(), code: z.string(), severity: z.enum(['error', 'warning']), message: z.string() });
/** Nothing to send. */
export const Empty = z.object({}).strict();
/** Input of a call whose answer carries text in the page's language. */
export const ByLocale = z.object({ locale: Locale }).strict();

/** A file is sent in pieces of at most this many bytes: base64 of one in JSON stays under the browser host's 1 MiB input cap. */
export const UPLOAD_CHUNK_BYTES = 512 * 1024;
/** One piece of a file being uploaded (message attachments, editor attachments, payment files), at its offset. */
export const UploadChunk = z
  .object({
    uploadId: Id,
    offset: z.number().int().nonnegative(),
    data: z
      .string()
      .max(Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64 expected'),
  })
  .strict();

/** A channel: what the page sends and what comes back, both parsed. */
export interface Channel<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
}

export const channel = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O): Channel<I, O> => ({ input, output });
