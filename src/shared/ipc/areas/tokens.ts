/**
 * Tokens, the bank session, import and signing: the token bar (tokens present, the one in use,
 * its certificate), login with the token's signature and a one-time code, logout; a payment file
 * sent in chunks, previewed per document and accepted; a batch of documents shown as signed
 * (rendered from their canonical bytes), signed with one PIN, with progress and cancel.
 */
import { z } from 'zod';
import { channel, Empty, Id, Kind, Locale, UploadChunk } from '../schemas.ts';

/** A PIN as typed: it crosses once, is turned into a buffer that is zeroed after the call. */
const Pin = z.string().min(1).max(64);
/** A token by serial (preferred) or label. */
const TokenRef = z.string().min(1).max(64);
/** A key on a token by its label (as the certificate of the key is labelled) or CKA_ID hex. */
const KeyRef = z.string().min(1).max(128);

export const PinCounter = z.enum(['ok', 'count-low', 'final-try', 'locked']);

export const CertificateItem = z.object({
  /** How the key is named when signing (the certificate's label, else its CKA_ID). */
  key: z.string(),
  id: z.string(),
  subject: z.string(),
  /** The holder's name (CN), for the bar. */
  name: z.string(),
  serialNumber: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  /** Whole days until it expires (negative: expired). */
  daysLeft: z.number().int(),
});

export const TokenItem = z.object({
  serial: z.string(),
  label: z.string(),
  manufacturer: z.string(),
  model: z.string(),
  pin: PinCounter,
  pinMustChange: z.boolean(),
  pinLength: z.object({ min: z.number().int(), max: z.number().int() }),
  certificates: z.array(CertificateItem),
});

export const Selected = z.object({ token: z.string(), key: z.string() });

export const SessionView = z.object({
  loggedIn: z.boolean(),
  name: z.string().optional(),
  role: z.string().optional(),
  company: z.string().optional(),
  limit: z.number().int().optional(),
  expiresAt: z.string().optional(),
  certificateSerial: z.string().optional(),
  /** The token and key of this session, when this profile logged in with them. */
  token: z.string().optional(),
  key: z.string().optional(),
});

const PreviewDocument = z.object({
  line: z.number().int(),
  outcome: z.enum(['valid', 'warnings', 'errors', 'duplicate', 'rejected']),
  number: z.string().optional(),
  date: z.string().optional(),
  amount: z.number().int().optional(),
  payee: z.string().optional(),
  purpose: z.string().optional(),
  /** Findings and reasons, worded in the asked locale. */
  messages: z.array(z.object({ severity: z.enum(['error', 'warning']), text: z.string(), field: z.string().optional() })),
});

export const ImportPreview = z.object({
  name: z.string(),
  format: z.enum(['1c', 'pain.001']),
  version: z.string(),
  encoding: z.string(),
  documents: z.array(PreviewDocument),
  fileWarnings: z.array(z.object({ line: z.number().int(), text: z.string() })),
  counts: z.object({ valid: z.number().int(), warnings: z.number().int(), errors: z.number().int(), duplicate: z.number().int(), rejected: z.number().int() }),
});

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

const Refusal = z.object({ id: z.string().optional(), code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) });

/** The payment order, already signed or sent, that a draft of the batch repeats (number, date, amount, payee). */
export const EarlierDocument = z.object({ id: z.string(), number: z.string(), date: z.string(), amount: z.number().int(), status: z.string() });
/** Possible duplicates listed for confirmation at most (the rest of a huge batch are skipped unless confirmed). */
export const MAX_DUPLICATES_LISTED = 1000;

/** After logout: whether the bank ended the session, and when not, why (the session then lives on the bank until it expires). */
export const LogoutView = SessionView.extend({ endedOnBank: z.boolean(), notEnded: z.object({ until: z.string(), reason: Refusal }).optional() });

export const tokensChannels = {
  'tokens.list': channel(Empty, z.object({ tokens: z.array(TokenItem), selected: Selected.nullable() })),
  'tokens.select': channel(z.object({ token: TokenRef, key: KeyRef }).strict(), Selected),
  'tokens.session': channel(Empty, SessionView),
  'tokens.login': channel(z.object({ token: TokenRef, key: KeyRef, pin: Pin, totp: z.string().regex(/^\d{6,8}$/) }).strict(), SessionView),
  'tokens.logout': channel(Empty, LogoutView),

  'import.begin': channel(z.object({ name: z.string().min(1).max(260), size: z.number().int().min(0) }).strict(), z.object({ uploadId: Id, chunkBytes: z.number().int() })),
  'import.chunk': channel(UploadChunk, z.object({ received: z.number().int() })),
  'import.preview': channel(z.object({ uploadId: Id, locale: Locale }).strict(), ImportPreview),
  'import.accept': channel(z.object({ uploadId: Id, onlyValid: z.boolean() }).strict(), z.object({ imported: z.array(z.string()), rejected: z.number().int() })),
  'import.discard': channel(z.object({ uploadId: Id }).strict(), z.object({ discarded: z.boolean() })),

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
    z.object({ ids: z.array(Id).max(1000).optional(), allValidDrafts: z.boolean().optional() }).strict(),
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

export const tokensEvents = {
  /** A token was inserted or removed, the one in use or the session changed: the bar asks tokens.list / tokens.session again. */
  'tokens.changed': z.object({ reason: z.enum(['inserted', 'removed', 'selected', 'session', 'certificate', 'module']), serial: z.string().optional() }),
  /** A signing batch advanced: signed and stored so far, of total. */
  'signing.progress': z.object({ batchId: z.string(), signed: z.number().int(), total: z.number().int() }),
} as const;
