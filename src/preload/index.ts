/**
 * The preload script: contextBridge only (docs/architecture.md "Layout"). It runs sandboxed, so it is built
 * as one CommonJS file that requires nothing but electron. It exposes window.bank: the version,
 * a call of any channel of the table (src/shared/ipc, checked again in main with the sender and
 * the schema), and the table's events. Nothing else of Electron or Node reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { BankTransport, DispatchResult } from '../shared/ipc/bridge.ts';
import { CHANNELS, EVENTS, type ChannelInput, type ChannelName, type ChannelOutput, type EventName, type EventPayload } from '../shared/ipc/channels.ts';

/** Set by electron.vite.config.ts from package.json. */
declare const __APP_VERSION__: string;

const bank: BankTransport = {
  version: __APP_VERSION__,
  invoke<N extends ChannelName>(name: N, input: ChannelInput<N>): Promise<DispatchResult<ChannelOutput<N>>> {
    if (!Object.hasOwn(CHANNELS, name)) return Promise.reject(new Error(`no channel ${String(name)}`));
    // main answers with its gate's envelope; the page decodes it
    return ipcRenderer.invoke(`bank:${name}`, input) as Promise<DispatchResult<ChannelOutput<N>>>;
  },
  /** Listens to an event of the table; returns the function that stops listening. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    if (!Object.hasOwn(EVENTS, event)) throw new Error(`no event ${String(event)}`);
    const wrapped = (_e: unknown, payload: unknown): void => listener(payload as EventPayload<E>);
    ipcRenderer.on(`bank:${event}`, wrapped);
    return () => void ipcRenderer.removeListener(`bank:${event}`, wrapped);
  },
};

contextBridge.exposeInMainWorld('bank', bank);
