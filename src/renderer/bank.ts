/**
 * The page's one way out: window.bank when the Electron preload put it there, else the same
 * channel table over the browser host (POST rpc/NAME, events from the server-sent stream at
 * events), both relative to the page's own secret address.
 */
import type { BankBridge, WireError } from '../shared/ipc/bridge.ts';
import type { ChannelInput, ChannelName, ChannelOutput, EventName, EventPayload } from '../shared/ipc/channels.ts';

declare global {
  interface Window {
    bank?: BankBridge;
  }
}

/** A call's refusal, as the page handles it: the code (a message of the catalogue), its parameters, the field. */
export class AppError extends Error {
  constructor(readonly wire: WireError) {
    super(wire.detail ?? wire.code);
    this.name = 'AppError';
  }
}

/** Electron wraps a handler's error as "Error invoking remote method 'bank:x': Error: {json}". */
function fromIpc(error: unknown): AppError {
  const text = error instanceof Error ? error.message : String(error);
  const start = text.indexOf('{');
  if (start >= 0) {
    try {
      return new AppError(JSON.parse(text.slice(start)) as WireError);
    } catch {
      /* not ours: fall through */
    }
  }
  return new AppError({ code: 'internal', detail: text });
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
        res = await fetch(new URL(`rpc/${name}`, location.href), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
      } catch {
        throw new AppError({ code: 'ui.error.connection' });
      }
      const body = (await res.json().catch(() => ({}))) as unknown;
      if (res.ok) return body as ChannelOutput<N>;
      const p = body as { code?: string; params?: WireError['params']; detail?: string; errors?: { field: string; message: string }[] };
      throw new AppError({ code: p.code ?? 'internal', ...(p.params ? { params: p.params } : {}), ...(p.errors?.[0] ? { field: p.errors[0].field } : {}), detail: p.errors?.[0]?.message ?? p.detail ?? `HTTP ${res.status}` });
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      open(event);
      listeners.get(event)!.add(listener as (payload: never) => void);
      return () => void listeners.get(event)?.delete(listener as (payload: never) => void);
    },
  };
}

function electronBridge(bridge: BankBridge): BankBridge {
  return {
    version: bridge.version,
    invoke: (name, input) => bridge.invoke(name, input).catch((e: unknown) => Promise.reject(fromIpc(e))),
    on: (event, listener) => bridge.on(event, listener),
  };
}

/** The bridge of this page. */
export const bank: BankBridge = window.bank ? electronBridge(window.bank) : browserHostBridge();
