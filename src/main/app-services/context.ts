import type { z } from 'zod';
import type { Channel, EventName, EventPayload } from '../../shared/ipc/channels.ts';
import type { Client } from '../client.ts';
import type { BackgroundSync } from './background-sync.ts';

/** What every area's handlers get: the profile's services and a way to push an event to the page. */
export interface ServiceContext {
  client: Client;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** The background exchange while logged in (started at login, stopped at logout; signing asks it to run at once). */
  background: BackgroundSync;
}

/** The handlers of one area of the table: each gets its parsed input and returns its output's shape. */
export type AreaHandlers<C extends Record<string, Channel>> = {
  [N in keyof C]: (input: z.output<C[N]['input']>) => Promise<z.input<C[N]['output']>> | z.input<C[N]['output']>;
};

/**
 * Runs `use` with PINs (as the page sent them) in buffers that are zeroed afterwards, whatever
 * happens (docs/architecture.md "Security model": PIN buffers are dropped right after use). The JSON strings they came in
 * cannot be zeroed; the buffers, which the token layer and its copies read, are.
 */
export async function withPins<T>(pins: string[], use: (...buffers: Buffer[]) => Promise<T>): Promise<T> {
  const buffers = pins.map((p) => Buffer.from(p, 'utf8'));
  try {
    return await use(...buffers);
  } finally {
    for (const b of buffers) b.fill(0);
  }
}
