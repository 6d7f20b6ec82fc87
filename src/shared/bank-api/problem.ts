import { z } from 'zod';

/**
 * Every failure of the bank API is an RFC 9457 problem+json with a stable `code`. Clients act on
 * the code; `title` and `detail` are for people.
 */
export const PROBLEM_CODES = [
  'malformed-request',
  'validation-failed',
  'payload-too-large',
  'headers-too-large',
  'unauthenticated',
  'session-expired',
  'forbidden',
  'not-found',
  'rate-limited',
  'enrolment-code-invalid',
  'csr-invalid',
  'csr-identity-mismatch',
  'csr-subject-mismatch',
  'challenge-invalid',
  'challenge-expired',
  'challenge-replayed',
  'totp-invalid',
  'totp-replayed',
  'locked-out',
  'certificate-unknown',
  'certificate-revoked',
  'certificate-expired',
  'certificate-superseded',
  'signature-invalid',
  'signature-replayed',
  'document-binding-mismatch',
  'signer-not-authorised',
  'amount-over-limit',
  'document-conflict',
  'recall-too-late',
  'internal',
] as const;

export type ProblemCode = (typeof PROBLEM_CODES)[number];

export const FieldProblem = z.object({
  field: z.string(),
  code: z.string(),
  message: z.string(),
  /** The same in Russian, where the bank has it. */
  messageRu: z.string().optional(),
});

export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int().min(400).max(599),
  code: z.enum(PROBLEM_CODES),
  detail: z.string().optional(),
  instance: z.string().optional(),
  /** With validation-failed: every field that failed, by dotted path. */
  errors: z.array(FieldProblem).optional(),
});
export type Problem = z.infer<typeof Problem>;

export const PROBLEM_STATUS: Record<ProblemCode, number> = {
  'malformed-request': 400,
  'validation-failed': 422,
  'payload-too-large': 413,
  'headers-too-large': 431,
  unauthenticated: 401,
  'session-expired': 401,
  forbidden: 403,
  'not-found': 404,
  'rate-limited': 429,
  'enrolment-code-invalid': 403,
  'csr-invalid': 422,
  'csr-identity-mismatch': 422,
  'csr-subject-mismatch': 422,
  'challenge-invalid': 401,
  'challenge-expired': 401,
  'challenge-replayed': 401,
  'totp-invalid': 401,
  'totp-replayed': 401,
  'locked-out': 423,
  'certificate-unknown': 401,
  'certificate-revoked': 403,
  'certificate-expired': 403,
  'certificate-superseded': 409,
  'signature-invalid': 422,
  'signature-replayed': 409,
  'document-binding-mismatch': 422,
  'signer-not-authorised': 403,
  'amount-over-limit': 403,
  'document-conflict': 409,
  'recall-too-late': 409,
  internal: 500,
};

export const PROBLEM_TYPE_BASE = 'https://bank-client.invalid/problems/';
