import { z } from 'zod';
import type { AttachmentRef } from '../../domain/attachments.ts';
import { CAP, Code, Line, type Assert, type Same } from './common.ts';

/** A file referenced by digest: the document signs its name, type, size and SHA-256; the bytes travel separately. */
export const Attachment = z
  .object({
    name: Line,
    mediaType: Code,
    size: z.int().meta({ description: 'Bytes' }),
    sha256: Code.meta({ description: 'SHA-256 of the file, 64 lower-case hex digits' }),
  })
  .strict();
export type Attachment = z.infer<typeof Attachment>;

export const Attachments = z.array(Attachment).max(CAP.list);

type _AttachmentMatchesDomain = Assert<Same<Attachment, AttachmentRef>>;
