/**
 * Signing: a batch of documents shown as signed (rendered from their canonical bytes), signed
 * with one PIN, with progress and cancel.
 */
import { z } from 'zod';
import { channel, Id, Kind, Locale } from '../schemas.ts';
import { KeyRef, Pin, Refusal, TokenRef } from './tokens.ts';

const Rendered = z.array(z.object({ field: z.string(), label: z.string(), value: z.string() }));

export const SignCandidate = z.object({
  id: z.string(),
  kind: Kind,
  number: z.string().nullable(),
  date: z.string().nullable(),
  amount: z.number().int().nullable(),
  counterparty: z.string().nullable(),
  missing: z.array(z.string()),
  /** A draft of this profile, or a document the bank holds for this signer's signature. */
  source: z.enum(['draft', 'awaiting']),
});

/** The payment order, already signed or sent, that a draft of the batch repeats (number, date, amount, payee). */
export const EarlierDocument = z.object({ id: z.string(), number: z.string(), date: z.string(), amount: z.number().int(), status: z.string() });
/** Possible duplicates listed for confirmation at most (the rest of a huge batch are skipped unless confirmed). */
export const MAX_DUPLICATES_LISTED = 1000;

export const signingChannels = {
  'sign.candidates': channel(
    z.object({ token: TokenRef.optional(), key: KeyRef.optional() }).strict(),
    z.object({
      signer: z.object({ name: z.string(), role: z.string(), limit: z.number().int().nullable() }).nullable(),
      drafts: z.array(SignCandidate),
      draftsTotal: z.number().int(),
      awaiting: z.array(SignCandidate),
    }),
  ),
  'sign.prepare': channel(
    /** token and key: whose "all valid drafts" (the same signer as sign.candidates). */
    z.object({ ids: z.array(Id).max(1000).optional(), allValidDrafts: z.boolean().optional(), token: TokenRef.optional(), key: KeyRef.optional() }).strict(),
    z.object({
      batchId: Id,
      total: z.number().int(),
      /** Drafts of the batch that repeat a payment order already signed or sent: skipped unless confirmed in sign.run. */
      duplicates: z.array(z.object({ id: z.string(), number: z.string(), earlier: EarlierDocument })).max(MAX_DUPLICATES_LISTED),
      duplicatesTotal: z.number().int(),
    }),
  ),
  'sign.texts': channel(
    z.object({ batchId: Id, offset: z.number().int().min(0), limit: z.number().int().min(1).max(50), locale: Locale }).strict(),
    z.object({
      total: z.number().int(),
      items: z.array(SignCandidate.extend({ rendered: Rendered, problem: Refusal.optional(), duplicateOf: EarlierDocument.optional() })),
    }),
  ),
  'sign.run': channel(
    z
      .object({
        batchId: Id,
        token: TokenRef,
        key: KeyRef,
        pin: Pin,
        /** Possible duplicates the signer confirmed as separate payments; the others are skipped with the reason. */
        confirmedDuplicates: z.array(Id).max(MAX_DUPLICATES_LISTED).optional(),
      })
      .strict(),
    z.object({
      total: z.number().int(),
      signed: z.array(z.string()),
      skipped: z.array(Refusal),
      notSigned: z.array(z.string()),
      cancelled: z.boolean(),
      /** Why the batch stopped early (token removed, PIN locked...), when not cancelled. */
      error: Refusal.optional(),
    }),
  ),
  'sign.cancel': channel(z.object({ batchId: Id }).strict(), z.object({ cancelled: z.boolean() })),
} as const;


export const signingEvents = {
  /** A signing batch advanced: signed and stored so far, of total. */
  'signing.progress': z.object({ batchId: z.string(), signed: z.number().int(), total: z.number().int() }),
} as const;
