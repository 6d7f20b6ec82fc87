import { z } from 'zod';
import { canonicalize } from '../domain/canonical-json.ts';
import { Role } from './auth.ts';

const Pem = z.string().min(1).max(16_384).regex(/-----BEGIN [A-Z0-9 ]+-----/, 'PEM text expected');
const Base64 = z.string().min(1).max(65_536).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64 expected');

/** First certificate: the one-time code from the contract + a CSR made on the token. */
export const EnrollmentRequest = z
  .object({
    enrolmentCode: z.string().min(6).max(64),
    csr: Pem,
  })
  .strict();

/** Whose enrolment code this is: asked before the key is made, the code is not used up by it. */
export const EnrollmentHolderRequest = z.object({ enrolmentCode: z.string().min(6).max(64) }).strict();

/**
 * The person the bank issued the code to, as the bank's records have them: the certificate
 * request must name this person (its CN is the full name, else csr-subject-mismatch).
 */
export const EnrollmentHolder = z.object({
  /** Full name (surname, name, patronymic): the CN of the certificate request. */
  name: z.string(),
  /** Position (job title), when the bank has one: the T of the request. */
  position: z.string().optional(),
  role: Role,
  company: z.object({ name: z.string(), inn: z.string(), kpp: z.string().optional(), ogrn: z.string() }),
});

export const EnrollmentStatus = z.enum(['pending', 'approved', 'rejected']);

export const Enrollment = z.object({
  id: z.string().uuid(),
  status: EnrollmentStatus,
  /** Shown once, in the answer to the request that created the enrolment: the TOTP secret (Base32) and its otpauth URI. */
  totp: z.object({ secret: z.string(), uri: z.string() }).optional(),
  certificate: Pem.optional(),
  chain: z.array(Pem).optional(),
  reason: z.string().optional(),
});

/** Renewal step 1: a one-time challenge for the current certificate (by serial number, hex). */
export const RenewalChallengeRequest = z.object({ certificateSerial: z.string().regex(/^[0-9a-f]{2,40}$/) }).strict();

/**
 * Renewal step 2: a new CSR, with a detached CMS signature by the current, valid key over
 * `renewalSignedBytes(nonce, csrDer)`. The challenge is spent by any attempt, so a captured
 * renewal cannot be sent again.
 */
export const RenewalRequest = z
  .object({
    challengeId: z.string().uuid(),
    csr: Pem,
    signature: Base64,
  })
  .strict();

/**
 * What a renewal signature covers: the challenge's nonce and the SHA-256 (hex) of the CSR's DER,
 * as RFC 8785 JSON with a purpose, so that it can be mistaken neither for a login signature (raw
 * nonce bytes) nor for a document (which has no "purpose").
 */
export function renewalSignedJson(nonce: string, csrSha256: string): string {
  return canonicalize({ purpose: 'certificate-renewal', nonce, csrSha256 });
}

export const IssuedCertificate = z.object({
  certificate: Pem,
  chain: z.array(Pem),
  serialNumber: z.string(),
  notAfter: z.string(),
});

export const RevocationRequest = z.object({ reason: z.enum(['key-compromise', 'superseded', 'cessation-of-operation']) }).strict();

export type EnrollmentRequest = z.infer<typeof EnrollmentRequest>;
export type Enrollment = z.infer<typeof Enrollment>;
export type EnrollmentHolder = z.infer<typeof EnrollmentHolder>;
