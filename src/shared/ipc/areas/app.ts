/** The app itself and the sync engine: version, profile, sync state and its event. */
import { z } from 'zod';
import { ByLocale, channel, Empty } from '../schemas.ts';

export const SyncState = z.object({
  running: z.boolean(),
  pending: z.number().int(),
  failed: z.number().int(),
  nextAttemptAt: z.string().optional(),
  lastSuccessAt: z.string().optional(),
  lastError: z.object({ code: z.string(), message: z.string(), at: z.string() }).optional(),
  /** The background exchange serves a session (it runs while logged in). */
  background: z.boolean().optional(),
  /** When the next background exchange is planned. */
  nextExchangeAt: z.string().optional(),
});

/** A document whose status a receipt of the bank moved (the page and the desktop's notification word it: shared/i18n/status-notice.ts). */
export const StatusChange = z.object({
  id: z.string(),
  kind: z.string(),
  number: z.string().nullable(),
  /** Kopecks. */
  amount: z.number().int().nullable(),
  status: z.string(),
  /** When the bank changed it. */
  at: z.string(),
  rejection: z.object({ code: z.string(), reason: z.string() }).optional(),
});

export const appChannels = {
  'app.info': channel(Empty, z.object({ version: z.string(), dataDir: z.string(), bankUrl: z.string() })),
  'sync.state': channel(ByLocale, SyncState),
  'sync.run': channel(ByLocale, SyncState),
} as const;

export const appEvents = {
  /** The sync engine's state changed (its last error in English; the page asks sync.state for its language). */
  'sync.changed': z.unknown(),
  /** The bank changed the status of documents (told once per change, after the exchange that learnt it). */
  'sync.statuses': z.object({ changes: z.array(StatusChange) }),
  /** The bank session ends soon (the page offers to log in again). */
  'session.expiring': z.object({ expiresAt: z.string() }),
  /** The bank session ended (its time ran out, or the bank said it is gone): the page asks for the token login. */
  'session.ended': z.object({}),
} as const;
