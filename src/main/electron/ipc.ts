import { CHANNELS, type ChannelName } from '../../shared/ipc/channels.ts';
import { LocalizedError } from '../../shared/i18n/index.ts';
import type { Handlers } from '../app-services/index.ts';
import { isAppUrl } from './app-protocol.ts';

/** The part of ipcMain this needs (so it is tested without Electron). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: { senderFrame: FrameLike | null }, input: unknown) => Promise<unknown>): void;
}

/** The part of a WebFrameMain the sender check reads. */
export interface FrameLike {
  url: string;
  parent: FrameLike | null;
}

/** The IPC name of a channel of the table. */
export const ipcName = (name: ChannelName): string => `bank:${name}`;

/**
 * A message comes from the app's own page: its top frame (not an iframe), on the app's own origin
 * app://bank-client exactly (parsed, not a prefix: app://bank-client.evil or
 * app://bank-client@evil is another origin). Anything else is refused before it is read.
 */
export function isAppFrame(frame: FrameLike | null): boolean {
  return !!frame && frame.parent === null && isAppUrl(frame.url);
}

/**
 * Registers every channel of the table with ipcMain: the sender is checked, the input parsed with
 * the channel's schema (a refusal names the field), and only then is the service called. Errors
 * cross as their code and parameters, so the page words them in its language.
 */
export function registerChannels(ipc: IpcMainLike, handlers: Handlers): void {
  for (const name of Object.keys(CHANNELS) as ChannelName[]) {
    ipc.handle(ipcName(name), async (event, input) => {
      if (!isAppFrame(event.senderFrame)) throw new Error(`refused: ${name} from ${event.senderFrame?.url ?? 'no frame'}`);
      const parsed = CHANNELS[name].input.safeParse(input);
      if (!parsed.success) {
        const first = parsed.error.issues[0]!;
        throw new Error(JSON.stringify({ code: 'validation-failed', field: first.path.join('.'), message: first.message }));
      }
      try {
        return await (handlers[name] as (i: unknown) => unknown)(parsed.data);
      } catch (e) {
        if (e instanceof LocalizedError) throw new Error(JSON.stringify({ code: e.code, params: e.params }), { cause: e });
        // anything else is a fault of ours: its text (paths, internals) stays in main's log
        console.error(`${name} failed:`, e);
        throw new Error(JSON.stringify({ code: 'internal' }), { cause: e });
      }
    });
  }
}
