import type { z } from 'zod';
import type { Channel, EventName, EventPayload } from '../../shared/ipc/channels.ts';
import type { Client } from '../client.ts';

/** What every area's handlers get: the profile's services and a way to push an event to the page. */
export interface ServiceContext {
  client: Client;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

/** The handlers of one area of the table: each gets its parsed input and returns its output's shape. */
export type AreaHandlers<C extends Record<string, Channel>> = {
  [N in keyof C]: (input: z.output<C[N]['input']>) => Promise<z.input<C[N]['output']>> | z.input<C[N]['output']>;
};
