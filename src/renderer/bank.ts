/**
 * The page's one way out: window.bank when the Electron preload put it there, else the same
 * channel table over the browser host (POST rpc/NAME, events from the server-sent stream at
 * events), both relative to the page's own secret address. Either way main's gate answers with
 * the same envelope, read by the one decoder (src/shared/ipc/answer.ts).
 */
import type { BankBridge, BankTransport } from '../shared/ipc/bridge.ts';
import type { ChannelInput, ChannelName, ChannelOutput, EventName, EventPayload } from '../shared/ipc/channels.ts';
import { AppError, decode } from '../shared/ipc/answer.ts';

export { AppError } from '../shared/ipc/answer.ts';

declare global {
  interface Window {
    bank?: BankTransport;
  }
}

function browserHostBridge(): BankBridge {
  const listeners = new Map<string, Set<(payload: never) => void>>();
  let stream: EventSource | undefined;
  const open = (event: string): void => {
    stream ??= new EventSource(new URL('events', location.href));
    if (listeners.has(event)) return;
    listeners.set(event, new Set());
    stream.addEventListener(event, (e) => {
      const payload = JSON.parse((e as MessageEvent<string>).data) as never;
      for (const l of listeners.get(event) ?? []) l(payload);
    });
  };
  return {
    version: 'browser',
    async invoke<N extends ChannelName>(name: N, input: ChannelInput<N>): Promise<ChannelOutput<N>> {
      let res: Response;
      try {
        res = await fetch(new URL(`rpc/${name}`, location.href), { method: 'POST', headers: { 'content-type': 'application/json', 'x-bank-refusals': 'in-body' }, body: JSON.stringify(input) });
      } catch {
        throw new AppError({ code: 'ui.error.connection' });
      }
      // a service's refusal comes as 200 (x-bank-refusals: in-body; the browser host's REFUSALS_IN_BODY), so an
      // expected refusal logs no failed request in the console; the envelope says what it is; a body that is not one (a 403 page) is a fault
      return decode<ChannelOutput<N>>(await res.json().catch(() => ({ ok: false, error: { code: 'internal', detail: `HTTP ${res.status}` } })));
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      open(event);
      listeners.get(event)!.add(listener as (payload: never) => void);
      return () => void listeners.get(event)?.delete(listener as (payload: never) => void);
    },
  };
}

function electronBridge(bridge: BankTransport): BankBridge {
  return {
    version: bridge.version,
    invoke: <N extends ChannelName>(name: N, input: ChannelInput<N>) =>
      bridge.invoke(name, input).then(decode<ChannelOutput<N>>, (e: unknown) => {
        // only a refused sender or a broken IPC rejects; every answer of the gate resolves
        throw new AppError({ code: 'internal', detail: e instanceof Error ? e.message : String(e) });
      }),
    on: (event, listener) => bridge.on(event, listener),
  };
}

/** The bridge of this page. */
export const bank: BankBridge = window.bank ? electronBridge(window.bank) : browserHostBridge();
