import { CHANNELS, type ChannelName } from '../../shared/ipc/channels.ts';
import { dispatch } from '../app-services/dispatch.ts';
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
 * Registers every channel of the table with ipcMain. The shell's own part is the sender check (a
 * refused sender gets a thrown error, not an envelope: it is not our page); the rest, parsing the
 * input, calling the service and turning errors into codes, is the gate's, shared with the
 * browser host, and its envelope goes back as it is.
 */
export function registerChannels(ipc: IpcMainLike, handlers: Handlers): void {
  for (const name of Object.keys(CHANNELS) as ChannelName[]) {
    ipc.handle(ipcName(name), async (event, input) => {
      if (!isAppFrame(event.senderFrame)) throw new Error(`refused: ${name} from ${event.senderFrame?.url ?? 'no frame'}`);
      return dispatch(handlers, name, input);
    });
  }
}
