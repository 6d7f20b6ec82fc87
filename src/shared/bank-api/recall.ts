import { z } from 'zod';
import { canonicalBytes } from '../domain/canonical-json.ts';
import { DOCUMENT_ID } from './documents/signed.ts';
import { DocumentStatus } from './documents-api.ts';

const Base64 = z.string().min(1).max(262_144).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64 expected');

/** The longest reason a recall request may give (the bank's officers read it). */
export const RECALL_REASON_MAX = 500;

/**
 * What a recall request signs ("Отзыв документа"): the document by its id and by the SHA-256 of
 * its signed bytes as the bank holds them (so it recalls exactly that document and no other under
 * a reused id), the reason in the signer's words, and when it was asked. Signed as the RFC 8785
 * bytes of this object, with a detached CMS, like a document.
 */
export const RecallRequestFields = z
  .object({
    documentId: z.string().regex(DOCUMENT_ID, 'a lower-case UUID'),
    documentDigest: z.string().regex(/^[0-9a-f]{64}$/, 'SHA-256, lower-case hex'),
    reason: z.string().trim().min(1).max(RECALL_REASON_MAX),
    requestedAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type RecallRequestFields = z.infer<typeof RecallRequestFields>;

/** The bytes a recall request's signature covers. */
export function recallSignedBytes(fields: RecallRequestFields): Uint8Array {
  return canonicalBytes({ documentId: fields.documentId, documentDigest: fields.documentDigest, reason: fields.reason, requestedAt: fields.requestedAt });
}

/** POST /v1/documents/{id}/recall: the request's fields and a detached CMS over their canonical bytes. */
export const RecallSubmit = z.object({ request: RecallRequestFields, signature: Base64 }).strict();

/**
 * The bank's decision on a recall request. Accepted: the document is recalled (its change, with a
 * signed receipt, is in the changes feed). A request that comes too late is refused with the
 * problem recall-too-late (409) and changes nothing.
 */
export const RecallState = z.object({
  documentId: z.string().uuid(),
  status: z.enum(['accepted']),
  documentStatus: DocumentStatus,
  reason: z.string(),
  requestedAt: z.string(),
  decidedAt: z.string(),
});
export type RecallState = z.infer<typeof RecallState>;
