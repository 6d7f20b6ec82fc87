/**
 * Recall of a sent document ("Отзыв документа"), from its card: the request held for it and the
 * bank's answer, and the recall itself (signed on the token with its PIN, sent, answered at once).
 */
import { z } from 'zod';
import { channel, Id } from '../schemas.ts';
import { KeyRef, Pin, TokenRef } from './tokens.ts';

export const RecallView = z.object({
  documentId: z.string(),
  /** pending: signed and kept, the bank's answer not yet in; accepted: the bank recalls it; refused: with the bank's code and reason. */
  status: z.enum(['pending', 'accepted', 'refused']),
  reason: z.string(),
  requestedAt: z.string(),
  decidedAt: z.string().optional(),
  refusal: z.object({ code: z.string(), reason: z.string() }).optional(),
});

export const recallChannels = {
  /** The recall request held for a document (null: none), and whether the card offers a recall now. */
  'documents.recall-state': channel(z.object({ id: Id }).strict(), z.object({ recall: RecallView.nullable(), recallable: z.boolean() })),
  /** Signs the recall request with the token's key (the PIN for this one call) and sends it; the bank's answer, and the document's status after the exchange that follows. */
  'documents.recall': channel(
    z.object({ id: Id, reason: z.string().trim().min(1).max(500), token: TokenRef, key: KeyRef, pin: Pin }).strict(),
    z.object({ recall: RecallView, documentStatus: z.string() }),
  ),
} as const;
