/**
 * The bank's data as the page reads it: accounts and balances, loan and leasing contracts with
 * their schedules, messages with the bank (read marks, attachments, replies) and statements
 * (read through the bank, exported to 1C or camt.053). Accounts, contracts and messages are
 * what the last exchange stored; statements, read marks, attachments and replies go to the bank.
 */
import { z } from 'zod';
import { Account, Statement } from '../../bank-api/accounts.ts';
import { Contract, ScheduleItem } from '../../bank-api/contracts.ts';
import { MEDIA_TYPES, Message } from '../../bank-api/messages.ts';
import { channel, Empty, UploadChunk } from '../schemas.ts';
import { KeyRef, Pin, TokenRef } from './tokens.ts';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
/** Ids the bank gives (UUIDs in the sandbox; any short token elsewhere). */
const BankId = z.string().min(1).max(100);
const Base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64 expected');
/** Attachments of one message together (the bank caps the request at 8 MiB of JSON, base64 included). */
export const MAX_MESSAGE_ATTACHMENTS_BYTES = 5 * 1024 * 1024;
export const MAX_MESSAGE_ATTACHMENTS = 10;

export const ContractView = Contract.extend({ schedule: z.array(ScheduleItem) });

/**
 * What the client found when it checked a letter's signature: the bank's (its receipts
 * certificate) or a person's of our company, with the certificate's serial. A letter whose
 * signature fails is never stored, so a stored letter carries its seal (null: one of ours kept
 * from before letters were signed).
 */
export const LetterSeal = z.object({ by: z.enum(['bank', 'person']), name: z.string(), certificateSerial: z.string(), signedAt: z.string() });
export type LetterSeal = z.infer<typeof LetterSeal>;
/** A letter as the client keeps it: the bank's message and the seal of its verified signature. */
export const StoredMessage = Message.extend({ seal: LetterSeal.nullable() });

export const bankDataChannels = {
  /** Accounts and balances as of the last exchange (metal accounts included when the bank lists them). */
  'accounts.list': channel(Empty, z.object({ accounts: z.array(Account), updatedAt: z.string().nullable() })),
  /** Loan and leasing contracts with the next payment, as of the last exchange. */
  /**
   * The contracts; a leasing contract also with what its schedule says is left to pay (leasing
   * payments with VAT, and the VAT in them) and the VAT in the next payment: leasing is shown as
   * payments, not as a debt.
   */
  'contracts.list': channel(
    Empty,
    z.object({
      contracts: z.array(Contract.extend({ leasing: z.object({ paymentsLeft: z.number().int(), vatLeft: z.number().int(), nextVat: z.number().int().optional() }).optional() })),
      updatedAt: z.string().nullable(),
    }),
  ),
  /** One contract with its schedule. */
  'contracts.get': channel(z.object({ id: BankId }).strict(), ContractView),
  /** Messages with the bank, newest first, and how many from the bank are unread. */
  'messages.list': channel(Empty, z.object({ messages: z.array(StoredMessage), unread: z.number().int() })),
  /** Opens a message: one from the bank that was unread is marked read at the bank (and here). */
  'messages.open': channel(z.object({ id: BankId }).strict(), StoredMessage),
  /** An attachment's bytes (checked against the digest the bank listed), for the page to save. */
  'messages.attachment': channel(
    z.object({ messageId: BankId, attachmentId: BankId }).strict(),
    z.object({ name: z.string(), mediaType: z.string(), size: z.number().int(), content: Base64 }),
  ),
  /** Starts an upload of a file to attach to a message; its size is checked here, before any byte. */
  'messages.upload-start': channel(
    z
      .object({
        name: z.string().min(1).max(255),
        mediaType: z.string().max(100),
        size: z.number().int().nonnegative(),
      })
      .strict(),
    z.object({ uploadId: z.string() }),
  ),
  /** One chunk of an upload, at its offset. */
  'messages.upload-chunk': channel(UploadChunk, z.object({ received: z.number().int() })),
  /**
   * Writes to the bank (a reply when inReplyTo is given), with uploaded attachments, signed with
   * the token's key like a document (one PIN entry): the detached CMS over the letter's bytes.
   */
  'messages.send': channel(
    z
      .object({
        subject: z.string().trim().min(1).max(255),
        body: z.string().trim().min(1).max(20_000),
        inReplyTo: BankId.optional(),
        uploads: z.array(z.string().uuid()).max(MAX_MESSAGE_ATTACHMENTS).optional(),
        token: TokenRef,
        key: KeyRef,
        pin: Pin,
      })
      .strict(),
    StoredMessage,
  ),
  /** The statement of an account for a period, read from the bank. */
  'statements.fetch': channel(z.object({ accountId: BankId, from: IsoDate, to: IsoDate }).strict(), Statement),
  /** The statement as a file: 1C (Windows-1251) or camt.053 XML, with a file name to save it under. */
  'statements.export': channel(
    z.object({ accountId: BankId, from: IsoDate, to: IsoDate, format: z.enum(['1c', 'camt053']) }).strict(),
    z.object({ fileName: z.string(), mediaType: z.string(), content: Base64, entries: z.number().int() }),
  ),
} as const;

export const bankDataEvents = {
  /** An exchange brought messages from the bank that were not here before. */
  'messages.new': z.object({ count: z.number().int(), unread: z.number().int(), ids: z.array(z.string()) }),
} as const;

export { MEDIA_TYPES };
