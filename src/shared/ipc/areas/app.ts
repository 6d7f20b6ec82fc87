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
});

export const appChannels = {
  'app.info': channel(Empty, z.object({ version: z.string(), dataDir: z.string(), bankUrl: z.string() })),
  'sync.state': channel(ByLocale, SyncState),
  'sync.run': channel(ByLocale, SyncState),
} as const;

export const appEvents = {
  /** The sync engine's state changed (its last error in English; the page asks sync.state for its language). */
  'sync.changed': z.unknown(),
} as const;
