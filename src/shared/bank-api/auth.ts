import { z } from 'zod';
import { canonicalize } from '../domain/canonical-json.ts';

/** A login nonce: exactly 32 random bytes, base64. */
export const NONCE = /^[A-Za-z0-9+/]{43}=$/;

/** Step 1: ask for a challenge for a certificate (by serial number, hex). */
export const ChallengeRequest = z.object({ certificateSerial: z.string().regex(/^[0-9a-f]{2,40}$/) }).strict();

export const Challenge = z.object({
  challengeId: z.string().uuid(),
  /** 32 random bytes, base64; the client signs loginSignedJson(nonce) (detached CMS), never the bytes themselves. */
  nonce: z.string().regex(NONCE, '32 bytes, base64'),
  expiresAt: z.string(),
});

/**
 * What a login signature covers: the nonce inside a statement of purpose, as RFC 8785 JSON. The
 * token never signs bytes the bank chose as they are: a bank (or a man in the middle) that sent
 * a payment's bytes as the "nonce" would otherwise get the payment signed. A login statement can
 * be mistaken neither for a document (no kind) nor for a renewal (another purpose).
 */
export function loginSignedJson(nonce: string): string {
  return canonicalize({ purpose: 'login', nonce });
}

/** Step 2: the CMS signature of loginSignedJson(nonce) with the token key, and the one-time code. */
export const SessionRequest = z
  .object({
    challengeId: z.string().uuid(),
    signature: z.string().min(1).max(65_536).regex(/^[A-Za-z0-9+/]+={0,2}$/),
    totp: z.string().regex(/^\d{6}$/),
  })
  .strict();

export const Role = z.enum(['prepares', 'first-signature', 'second-signature', 'single-signature']);

export const Session = z.object({
  token: z.string(),
  expiresAt: z.string(),
  user: z.object({
    id: z.string(),
    name: z.string(),
    /** kpp: the company's KPP (a company's field 103 of its payments), when it has one. */
    company: z.object({ id: z.string(), name: z.string(), inn: z.string(), kpp: z.string().optional() }),
    role: Role,
    /** The most this signer may sign for, in kopecks; absent when there is no limit. */
    limit: z.number().int().optional(),
  }),
});

export type Challenge = z.infer<typeof Challenge>;
export type Session = z.infer<typeof Session>;
