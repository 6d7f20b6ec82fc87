import { z } from 'zod';

export const MEDIA_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'text/plain'] as const;
/** An attachment may be up to 5 MiB; the request carrying it is capped accordingly. */
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;

export const AttachmentInfo = z.object({
  id: z.string(),
  name: z.string(),
  mediaType: z.enum(MEDIA_TYPES),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export const Message = z.object({
  id: z.string(),
  direction: z.enum(['from-bank', 'to-bank']),
  subject: z.string(),
  body: z.string(),
  sentAt: z.string(),
  read: z.boolean(),
  inReplyTo: z.string().nullable(),
  attachments: z.array(AttachmentInfo),
});

export const NewMessage = z
  .object({
    subject: z.string().min(1).max(255),
    body: z.string().min(1).max(20_000),
    inReplyTo: z.string().optional(),
    attachments: z
      .array(
        z
          .object({
            name: z.string().min(1).max(255).regex(/^[^/\\\0]+$/, 'a file name without path separators'),
            mediaType: z.enum(MEDIA_TYPES),
            content: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64 expected'),
          })
          .strict(),
      )
      .max(10)
      .default([]),
  })
  .strict();

export const MessageUpdate = z.object({ read: z.boolean() }).strict();

export type Message = z.infer<typeof Message>;
