/**
 * The security officer's area: the certificates on the tokens present, the enrolment wizard
 * (key on the token, request, key-recognition act, submit with the enrolment code, the bank's
 * approval, install), renewal, PIN change and unblock; and the app's settings (PKCS#11 modules,
 * the bank's address). PINs and the enrolment code travel in inputs only: no output carries one.
 */
import { z } from 'zod';
import { channel, Empty, Locale } from '../schemas.ts';
import { KEY_ALGORITHM_CHOICES } from '../../key-algorithm-choices.ts';

export { KEY_ALGORITHM_CHOICES };

const Pin = z.string().min(1).max(64);
const TokenQuery = z.string().min(1).max(64);

export const PinCounter = z.enum(['ok', 'count-low', 'final-try', 'locked']);
export const PinState = z.object({ user: PinCounter, userMustChange: z.boolean(), userInitialized: z.boolean(), so: PinCounter, soMustChange: z.boolean() });

/** The key algorithms the officer can pick (shared/key-algorithm-choices.ts). */
export const KeyAlgorithmChoice = z.enum(KEY_ALGORITHM_CHOICES);
export type KeyAlgorithmChoice = z.infer<typeof KeyAlgorithmChoice>;

/** A token as the officer picks it: no handles, nothing secret. */
export const TokenSummary = z.object({
  label: z.string(),
  serial: z.string(),
  model: z.string(),
  manufacturer: z.string(),
  pin: PinState,
  pinLength: z.object({ min: z.number().int(), max: z.number().int() }),
  /** The key algorithms this token can generate (from its mechanism list), in the order they are offered. */
  algorithms: z.array(KeyAlgorithmChoice),
});

export const CertificateSummary = z.object({
  subject: z.string(),
  issuer: z.string(),
  serialNumber: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  sha256: z.string(),
  keyUsage: z.array(z.string()),
  isCa: z.boolean(),
});

export const TokenCertificate = CertificateSummary.extend({
  /** CKA_ID (hex): pairs the certificate with its key. */
  id: z.string(),
  label: z.string(),
  authority: z.boolean(),
  /** The certificate the logged-in session was opened with. */
  inUse: z.boolean(),
  /** Of the owner's certificates (same subject) on the token, the one to use now: valid, started last; a renewal supersedes the one it renewed. */
  current: z.boolean(),
  /** "ECDSA P-256", "RSA-2048", or a GOST key's algorithm as `gost2012-256:cryptopro-a` (the page names it in words). */
  keyAlgorithm: z.string().optional(),
  /** The owner as people read it: the subject's common name and title (position), and organisation. */
  owner: z.object({ name: z.string(), position: z.string().optional(), organization: z.string().optional() }).optional(),
  /** Who issued it, by name: the issuer's organisation (else its common name), e.g. the bank. */
  issuerName: z.string().optional(),
});

export const TokenCertificates = z.object({
  token: TokenSummary,
  certificates: z.array(TokenCertificate),
  /** Why this token's certificates could not be read (in the page's language). */
  error: z.object({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() }).optional(),
});


/** What the certificate will name: the company and the person; the bank checks the INN against the company. */
export const SubjectInput = z
  .object({
    company: z.string().trim().min(1).max(200),
    inn: z.string().trim().regex(/^\d{10}$/),
    name: z.string().trim().min(1).max(200),
    position: z.string().trim().max(200).optional(),
  })
  .strict();

const EnrolStatus = z.enum(['pending', 'approved', 'rejected']);

export const PendingEnrolment = z.object({ enrollmentId: z.string(), token: z.string(), key: z.string() });

export const ModuleEntry = z.object({ name: z.string(), path: z.string(), present: z.boolean() });

export const Settings = z.object({
  modules: z.object({
    /** The well-known modules of this platform, and whether each is installed here. */
    detected: z.array(ModuleEntry),
    /** Paths the user added. */
    added: z.array(z.string()),
    /** The path chosen in settings (absent: the first module found). */
    selected: z.string().optional(),
    /** The module the token service uses now, or why none could be loaded. */
    inUse: z.string().optional(),
    inUseError: z.object({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() }).optional(),
  }),
  bankUrl: z.string(),
  /** The profile trusts this bank's CA: its address can no longer be switched. */
  bankPinned: z.boolean(),
});

export const certificatesChannels = {
  /** The tokens present, with their PIN state. */
  'certificates.tokens': channel(Empty, z.array(TokenSummary)),
  /** The certificates on every token present (public objects: no PIN needed). */
  'certificates.list': channel(Empty, z.array(TokenCertificates)),
  /** What the bank told us about the company and the person at the last login, to fill the subject. */
  'certificates.company': channel(Empty, z.object({ company: z.object({ name: z.string(), inn: z.string() }).optional(), person: z.string().optional() })),
  /**
   * Step (b): whose enrolment code this is, from the bank: the person's full name, position and
   * role, and the company; the request is made in exactly this name. The code is not used up.
   */
  'certificates.holder': channel(
    z.object({ code: z.string().trim().min(6).max(64) }).strict(),
    z.object({
      name: z.string(),
      position: z.string().optional(),
      role: z.enum(['prepares', 'first-signature', 'second-signature', 'single-signature']),
      company: z.object({ name: z.string(), inn: z.string() }),
    }),
  ),
  /** Step (c): the key made on the token and its certificate request; kept in this process for the act and the submit. */
  'certificates.request': channel(
    z.object({ token: TokenQuery, pin: Pin, algorithm: KeyAlgorithmChoice, keyLabel: z.string().trim().min(1).max(64), subject: SubjectInput }).strict(),
    z.object({
      requestId: z.string().uuid(),
      key: z.object({ id: z.string(), label: z.string(), algorithm: z.string() }),
      subject: z.string(),
      csrPem: z.string(),
      /** SHA-256 of the public key (SubjectPublicKeyInfo), as the act prints it. */
      fingerprint: z.string(),
    }),
  ),
  /** Step (d): the key-recognition act as PDF bytes (base64) for download and printing. */
  'certificates.act': channel(z.object({ requestId: z.string().uuid(), locale: Locale, /** The user's IANA time zone, for the act's date. */ timeZone: z.string().max(64).optional() }).strict(), z.object({ fileName: z.string(), pdfBase64: z.string() })),
  /** Step (e): the request sent with the one-time enrolment code (never stored, never logged). The TOTP secret is in this answer only. */
  'certificates.submit': channel(
    z.object({ requestId: z.string().uuid(), code: z.string().trim().min(6).max(64) }).strict(),
    z.object({ enrollmentId: z.string(), status: EnrolStatus, totp: z.object({ secret: z.string(), uri: z.string() }).optional() }),
  ),
  /** The enrolment waiting for the bank's decision, if any (the wizard resumes there). */
  'certificates.pending': channel(Empty, z.object({ pending: PendingEnrolment.optional() })),
  /** Step (f): the bank's decision on the pending enrolment (no PIN: nothing is installed). A rejection ends it. */
  'certificates.status': channel(Empty, z.object({ enrollmentId: z.string(), status: EnrolStatus, reason: z.string().optional() })),
  /** Step (g): installs the approved certificate and its chain on the token. */
  'certificates.install': channel(
    z.object({ pin: Pin }).strict(),
    z.object({ enrollmentId: z.string(), status: EnrolStatus, reason: z.string().optional(), certificate: CertificateSummary.optional() }),
  ),
  /** Renewal: a new key, its request signed with the current one, the issued certificate installed. */
  'certificates.renew': channel(
    z.object({ token: TokenQuery, pin: Pin, key: z.string().min(1).max(128), algorithm: KeyAlgorithmChoice, newKeyLabel: z.string().trim().min(1).max(64) }).strict(),
    CertificateSummary,
  ),
  /** A request to the bank to revoke one of the user's certificates (the bank's revocation route; needs a session). */
  'certificates.revoke': channel(
    z.object({ serial: z.string().regex(/^[0-9a-fA-F]{2,64}$/), reason: z.enum(['key-compromise', 'superseded', 'cessation-of-operation']) }).strict(),
    z.object({ revoked: z.literal(true) }),
  ),
  'certificates.changePin': channel(z.object({ token: TokenQuery, oldPin: Pin, newPin: Pin, confirm: Pin }).strict(), z.object({ pin: PinState })),
  'certificates.unblockPin': channel(z.object({ token: TokenQuery, soPin: Pin, newPin: Pin, confirm: Pin }).strict(), z.object({ pin: PinState })),
  /** Settings: PKCS#11 modules and the bank's address. */
  'settings.get': channel(Empty, Settings),
  /** Adds a module by path after checking that it is a PKCS#11 module, and uses it. */
  'settings.addModule': channel(z.object({ path: z.string().trim().min(1).max(1024) }).strict(), Settings),
  /** Chooses the module the token service uses (null: the first one found). */
  'settings.useModule': channel(z.object({ path: z.string().min(1).max(1024).nullable() }).strict(), Settings),
  'settings.removeModule': channel(z.object({ path: z.string().min(1).max(1024) }).strict(), Settings),
  /** The bank's address: https, or http on this computer only; not switched once its CA is trusted. */
  'settings.setBankUrl': channel(z.object({ url: z.string().trim().min(1).max(2048) }).strict(), Settings),
} as const;

export const certificatesEvents = {} as const;
