/**
 * The token bar and the bank session: tokens present, the one in use (a setting of the profile),
 * its certificates; login with the token's signature and a one-time code, logout. Import and
 * signing, the other parts of the tokens area, are import.ts and signing.ts.
 */
import { z } from 'zod';
import { channel, Empty } from '../schemas.ts';
import { KeyAlgorithmChoice } from './certificates.ts';

/** A PIN as typed: it crosses once, is turned into a buffer that is zeroed after the call. */
export const Pin = z.string().min(1).max(64);
/** A token by serial (preferred) or label. */
export const TokenRef = z.string().min(1).max(64);
/** A key on a token by its label (as the certificate of the key is labelled) or CKA_ID hex. */
export const KeyRef = z.string().min(1).max(128);

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
  /** The certificate's key: "ECDSA P-256", "RSA-2048", or `gost2012-256:cryptopro-a` for a GOST key (the bar names it in words). */
  keyAlgorithm: z.string().optional(),
});

export const TokenItem = z.object({
  serial: z.string(),
  label: z.string(),
  manufacturer: z.string(),
  model: z.string(),
  pin: PinCounter,
  pinMustChange: z.boolean(),
  pinLength: z.object({ min: z.number().int(), max: z.number().int() }),
  /** The key algorithms this token can generate (RSA, EC, and GOST R 34.10-2012 with parameter set where its mechanisms allow). */
  algorithms: z.array(KeyAlgorithmChoice),
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

/** A refusal of one document or of the call: a message code of the catalogue and its parameters. */
export const Refusal = z.object({ id: z.string().optional(), code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) });

/** After logout: whether the bank ended the session, and when not, why (the session then lives on the bank until it expires). */
export const LogoutView = SessionView.extend({ endedOnBank: z.boolean(), notEnded: z.object({ until: z.string(), reason: Refusal }).optional() });

export const tokensChannels = {
  'tokens.list': channel(Empty, z.object({ tokens: z.array(TokenItem), selected: Selected.nullable() })),
  'tokens.select': channel(z.object({ token: TokenRef, key: KeyRef }).strict(), Selected),
  'tokens.session': channel(Empty, SessionView),
  'tokens.login': channel(z.object({ token: TokenRef, key: KeyRef, pin: Pin, totp: z.string().regex(/^\d{6,8}$/) }).strict(), SessionView),
  'tokens.logout': channel(Empty, LogoutView),
} as const;

export const tokensEvents = {
  /** A token was inserted or removed, the one in use or the session changed: the bar asks tokens.list / tokens.session again. */
  'tokens.changed': z.object({ reason: z.enum(['inserted', 'removed', 'selected', 'session', 'certificate', 'module']), serial: z.string().optional() }),
} as const;
