/**
 * The demo setup (issue 5, "Demo by default"): whether the app runs against the in-process demo
 * bank, and what a newcomer needs to walk the flow there — the demo tokens and their PINs, the
 * demo company's people with their enrolment codes, and (demo only) their current one-time codes.
 */
import { z } from 'zod';
import { Role } from '../../bank-api/auth.ts';
import { channel, Empty } from '../schemas.ts';

export const DemoTokenInfo = z.object({
  label: z.string(),
  serial: z.string(),
  pin: z.string(),
  soPin: z.string(),
  /** The role of the person the token is meant for. */
  role: Role,
});

/** The one-time login code as an authenticator app would show it now (the demo bank's clock). */
export const DemoTotp = z.object({ code: z.string(), validForSeconds: z.number().int().positive() });

export const DemoPerson = z.object({
  userId: z.string(),
  name: z.string(),
  role: Role,
  /** Amount limit of the person's signature, in kopecks. */
  limit: z.number().int().optional(),
  /** The label of the demo token meant for this person, if there is one. */
  token: z.string().optional(),
  /** While unused: the one-time enrolment code for the first certificate. */
  enrolmentCode: z.string().optional(),
  enrolment: z.enum(['unused', 'pending', 'approved', 'rejected']),
  totp: DemoTotp.optional(),
});

export const DemoInfo = z.discriminatedUnion('active', [
  z.object({ active: z.literal(false) }),
  z.object({
    active: z.literal(true),
    bankUrl: z.string(),
    company: z.object({ name: z.string(), inn: z.string() }).optional(),
    tokens: z.array(DemoTokenInfo),
    /** Why there are no demo tokens, when there are none. */
    noTokens: z.enum(['module-configured', 'softhsm-configured', 'softhsm-missing', 'softhsm-failed']).optional(),
    people: z.array(DemoPerson),
    /** Enrolment requests are approved by the demo bank at once (no officer to wait for). */
    autoApprove: z.boolean(),
  }),
]);

export const demoChannels = {
  /** Is this the demo? (answers `active: false` outside it) and, in the demo, its tokens, people and codes. */
  'demo.info': channel(Empty, DemoInfo),
  /** The current one-time login code of a demo person (demo only; refused outside the demo). */
  'demo.totp': channel(z.object({ userId: z.string().min(1).max(100) }).strict(), DemoTotp),
} as const;

export const demoEvents = {} as const;
