import type { ChannelInput, ChannelName, ChannelOutput, EventName, EventPayload } from '../../shared/ipc/channels.ts';
import type { Client } from '../client.ts';
import { appHandlers } from './app.ts';
import { bankDataHandlers } from './bank-data.ts';
import { certificatesHandlers } from './certificates.ts';
import { backgroundSync } from './background-sync.ts';
import type { ServiceContext } from './context.ts';
import type { SchedulerOptions } from '../sync/scheduler.ts';
import { demoHandlers } from './demo.ts';
import { directoryHandlers } from './directory.ts';
import { documentsHandlers } from './documents.ts';
import { editorHandlers } from './editor.ts';
import { importHandlers } from './import.ts';
import { printsHandlers } from './prints.ts';
import { recallHandlers } from './recall.ts';
import { signingHandlers } from './signing.ts';
import { tokensHandlers } from './tokens.ts';

export type Handlers = { [N in ChannelName]: (input: ChannelInput<N>) => Promise<ChannelOutput<N>> | ChannelOutput<N> };
export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/**
 * The channel table's handlers over one profile's services: what the Electron shell and the
 * browser host both serve. Inputs arrive parsed by their schemas; outputs are the table's shapes.
 * `emit` pushes an event to the page (the shell sends it to the window, the host over SSE).
 * `o.sync` sets the background exchange's interval, backoff and clock (tests; the app uses the defaults).
 */
export function handlersFor(client: Client, emit: Emit = () => {}, o: { sync?: SchedulerOptions } = {}): Handlers {
  const ctx: ServiceContext = { client, emit, background: backgroundSync({ client, emit }, o.sync) };
  const handlers: Handlers = {
    ...appHandlers(ctx),
    ...documentsHandlers(ctx),
    ...editorHandlers(ctx),
    ...tokensHandlers(ctx),
    ...importHandlers(ctx),
    ...signingHandlers(ctx),
    ...bankDataHandlers(ctx),
    ...certificatesHandlers(ctx),
    ...demoHandlers(ctx),
    ...printsHandlers(ctx),
    ...directoryHandlers(ctx),
    ...recallHandlers(ctx),
  };
  // a session kept from before (the app restarted within it): the background exchange serves it
  ctx.background.resume();
  return handlers;
}
