import { z } from 'zod';
import { canonicalize, utf8 } from '../domain/canonical-json.ts';

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

const Base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64 expected');

/**
 * The signature of a letter: a detached CMS SignedData over `letterSignedBytes` of the letter. A
 * letter to the bank is signed by a person of the company with the token; a letter from the bank
 * by the bank's receipts key (the certificate the client pins at its first exchange).
 */
export const LetterSignature = z.object({
  /** The detached CMS SignedData, base64. */
  cms: Base64,
  /** Who signed, as the bank recorded it: the person (to-bank) or the bank (from-bank), and the certificate's serial (hex). */
  signer: z.object({ name: z.string(), certificateSerial: z.string() }),
  signedAt: z.string(),
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
  /** Null only for letters kept from before letters were signed; the client refuses a letter from the bank without one. */
  signature: LetterSignature.nullable(),
});

/** A letter as the bank's officer writes it (the bank signs it when it sends it). */
export const NewBankLetter = z
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

/**
 * A letter to the bank: its fields and the detached CMS signature of a person of the company over
 * `letterSignedBytes` of them (the attachments bound by their SHA-256). A letter without a valid
 * signature is refused and nothing of it is kept.
 */
export const NewMessage = NewBankLetter.extend({
  signature: Base64.min(1).describe(
    'A detached CMS SignedData (CAdES-BES, base64) by a person of the company over the UTF-8 bytes of the RFC 8785 JSON {"kind":"letter","version":1,"companyId":<the caller\'s company id>,"direction":"to-bank","subject","body","inReplyTo":<the id or null>,"attachments":[{"name","mediaType","sha256":<hex SHA-256 of the file\'s bytes>}] in the order sent}. A letter from the bank is signed by the bank\'s receipts key over the same JSON with "direction":"from-bank", "version":2 and also its "id" and "sentAt" as the bank lists them (a letter to the bank cannot sign them: the bank gives both when it accepts it).',
  ),
}).strict();

/** What is signed of a letter: the attachments by name, type and the SHA-256 of their bytes. */
interface LetterFactsCommon {
  companyId: string;
  subject: string;
  body: string;
  inReplyTo: string | null;
  attachments: readonly { name: string; mediaType: string; sha256: string }[];
}

/**
 * A letter to the bank is signed before the bank gives it an id and a moment, so its bytes
 * cannot hold them (the bank takes a signature value once: the same signed letter cannot be
 * stored twice). A letter from the bank is signed by the bank after it gave both, and its id and
 * sentAt are signed too: a man in the middle cannot change the date shown, nor pass one signed
 * letter off under another id.
 */
export type LetterFacts = LetterFactsCommon & ({ direction: 'to-bank' } | { direction: 'from-bank'; id: string; sentAt: string });

/**
 * The bytes a letter's signature covers: the RFC 8785 JSON of the letter's kind, company and
 * direction (a letter signed for one company or one direction cannot be passed off as another),
 * subject, text, the letter it answers, and the attachments by name, type and SHA-256; for a
 * letter from the bank also its id and sentAt (version 2; a letter to the bank stays version 1).
 */
export function letterSignedBytes(l: LetterFacts): Uint8Array {
  return utf8(
    canonicalize({
      kind: 'letter',
      version: l.direction === 'from-bank' ? 2 : 1,
      companyId: l.companyId,
      direction: l.direction,
      ...(l.direction === 'from-bank' ? { id: l.id, sentAt: l.sentAt } : {}),
      subject: l.subject,
      body: l.body,
      inReplyTo: l.inReplyTo,
      attachments: l.attachments.map((a) => ({ name: a.name, mediaType: a.mediaType, sha256: a.sha256 })),
    }),
  );
}

export const MessageUpdate = z.object({ read: z.boolean() }).strict();

export type Message = z.infer<typeof Message>;
