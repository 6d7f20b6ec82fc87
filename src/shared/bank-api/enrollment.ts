import { z } from 'zod';

const Pem = z.string().min(1).max(16_384).regex(/-----BEGIN [A-Z0-9 ]+-----/, 'PEM text expected');
const Base64 = z.string().min(1).max(65_536).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64 expected');

/** First certificate: the one-time code from the contract + a CSR made on the token. */
export const EnrollmentRequest = z
  .object({
    enrolmentCode: z.string().min(6).max(64),
    csr: Pem,
  })
  .strict();

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

/** Renewal: a new CSR, with a CMS signature over its DER made by the current, valid key. */
export const RenewalRequest = z
  .object({
    csr: Pem,
    signature: Base64,
  })
  .strict();

export const IssuedCertificate = z.object({
  certificate: Pem,
  chain: z.array(Pem),
  serialNumber: z.string(),
  notAfter: z.string(),
});

export const RevocationRequest = z.object({ reason: z.enum(['key-compromise', 'superseded', 'cessation-of-operation']) }).strict();

export type EnrollmentRequest = z.infer<typeof EnrollmentRequest>;
export type Enrollment = z.infer<typeof Enrollment>;
