import { z } from 'zod';
import { Problem } from './problem.ts';

const Base64 = z.string().min(1).max(262_144).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64 expected');

/**
 * PUT /v1/documents/{id}: the signed document ({id, companyId, kind, version, content}; its id
 * must be the URL's and its companyId the caller's) and a detached CMS over its canonical bytes.
 */
export const SubmitDocument = z.object({ document: z.unknown(), signature: Base64 }).strict();

/** POST /v1/documents/{id}/signatures: the SignedData with one more signer over the same canonical bytes. */
export const AddSignature = z.object({ signature: Base64 }).strict();

export const SignatureKind = z.enum(['first', 'second', 'single']);

export const DocumentStatus = z.enum(['signed', 'delivered', 'accepted', 'executed', 'rejected', 'recalled']);

export const DocumentState = z.object({
  id: z.string().uuid(),
  kind: z.string(),
  status: DocumentStatus,
  /** Signatures still needed before the bank processes it (two-person rule). */
  missing: z.array(SignatureKind),
  /** Who signed: each by the SHA-256 of the exact certificate (the serial is for people). */
  signers: z.array(z.object({ name: z.string(), kind: SignatureKind, certificateSerial: z.string(), certificateSha256: z.string(), signedAt: z.string() })),
  rejection: z.object({ code: z.string(), reason: z.string() }).optional(),
  receivedAt: z.string(),
  updatedAt: z.string(),
});

export const AwaitingDocument = z.object({
  id: z.string().uuid(),
  document: z.unknown(),
  /** The canonical bytes (base64): what the next signer signs and sees rendered. */
  canonical: z.string(),
  /** The SignedData so far (base64), to add the next signer to. */
  signature: z.string(),
  missing: z.array(SignatureKind),
});

/** A status change with the bank's receipt: a CMS signature by the receipts key over `payload`. */
export const Change = z.object({
  cursor: z.number().int(),
  documentId: z.string().uuid(),
  status: DocumentStatus,
  at: z.string(),
  rejection: z.object({ code: z.string(), reason: z.string() }).optional(),
  receipt: z.object({
    /** base64 of the canonical JSON of a ReceiptPayload. */
    payload: z.string(),
    signature: z.string(),
  }),
});

/**
 * What a receipt signs: the change and its cursor, the company, the digest of the signed document bytes, and
 * every signature the bank holds for it, each by its certificate's SHA-256.
 */
export const ReceiptPayload = z
  .object({
    /** The change's place in the feed: a client moves its cursor only as far as signed receipts say. */
    cursor: z.number().int().positive(),
    /** The cursor of the company's change before this one (0 for its first): the receipts form a chain, so none can be left out. */
    previous: z.number().int().nonnegative(),
    documentId: z.string(),
    companyId: z.string(),
    documentSha256: z.string().regex(/^[0-9a-f]{64}$/),
    status: DocumentStatus,
    at: z.string(),
    rejection: z.object({ code: z.string(), reason: z.string() }).strict().optional(),
    signers: z.array(z.object({ certificateSha256: z.string().regex(/^[0-9a-f]{64}$/), kind: SignatureKind }).strict()),
  })
  .strict();
export type ReceiptPayload = z.infer<typeof ReceiptPayload>;

export const ChangesQuery = z.object({ cursor: z.coerce.number().int().nonnegative().default(0), limit: z.coerce.number().int().min(1).max(1000).default(500) }).strict();
export const Changes = z.object({ changes: z.array(Change), cursor: z.number().int() });

export type DocumentState = z.infer<typeof DocumentState>;
export type Change = z.infer<typeof Change>;

/** At most this many documents in one POST /v1/documents/batch (more: 413 payload-too-large). */
export const DOCUMENT_BATCH_MAX = 256;

/** The body limit of POST /v1/documents/batch (bytes). */
export const DOCUMENT_BATCH_BODY_LIMIT = 8 * 1024 * 1024;

/**
 * POST /v1/documents/batch: up to DOCUMENT_BATCH_MAX submissions, each exactly what
 * PUT /v1/documents/{id} takes plus its id. Every id at most once in a batch (else the whole
 * batch is refused, 400 malformed-request naming both places).
 */
export const SubmitDocuments = z.object({ documents: z.array(z.object({ id: z.string(), document: z.unknown(), signature: Base64 }).strict()).min(1) }).strict();

/**
 * One submission's result, in the order sent, its id echoed: what PUT /v1/documents/{id} would
 * have answered (201 stored now, 200 the same bytes already held, with the state; or the
 * problem). Each is decided and idempotent on its own: a refused one leaves nothing, the others
 * stand, and the same id and bytes again answer the same.
 */
export const BatchResult = z.union([
  z.object({ id: z.string(), status: z.union([z.literal(200), z.literal(201)]), state: DocumentState }).strict(),
  z.object({ id: z.string(), status: z.number().int().min(400).max(599), problem: Problem }).strict(),
]);
export const BatchResults = z.object({ results: z.array(BatchResult) }).strict();
export type BatchResult = z.infer<typeof BatchResult>;
