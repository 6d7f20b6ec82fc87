import { z } from 'zod';

/** Step 1: ask for a challenge for a certificate (by serial number, hex). */
export const ChallengeRequest = z.object({ certificateSerial: z.string().regex(/^[0-9a-f]{2,40}$/) }).strict();

export const Challenge = z.object({
  challengeId: z.string().uuid(),
  /** Random bytes, base64; the client signs exactly these bytes (detached CMS). */
  nonce: z.string(),
  expiresAt: z.string(),
});

/** Step 2: the CMS signature of the nonce with the token key, and the one-time code. */
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
    company: z.object({ id: z.string(), name: z.string(), inn: z.string() }),
    role: Role,
    /** The most this signer may sign for, in kopecks; absent when there is no limit. */
    limit: z.number().int().optional(),
  }),
});

export type Challenge = z.infer<typeof Challenge>;
export type Session = z.infer<typeof Session>;
