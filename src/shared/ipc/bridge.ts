import type { ChannelInput, ChannelName, ChannelOutput, EventName, EventPayload } from './channels.ts';

/**
 * What the page works with: a call of any channel of the table and its events. Nothing else
 * crosses. The page builds it (src/renderer/bank.ts) over either transport, decoding every
 * answer, a DispatchResult, the same way.
 */
export interface BankBridge {
  readonly version: string;
  invoke<N extends ChannelName>(name: N, input: ChannelInput<N>): Promise<ChannelOutput<N>>;
  /** Listens to an event of the table; returns the function that stops listening. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** What the Electron preload puts at window.bank: the same calls, answered with the gate's envelope. */
export interface BankTransport {
  readonly version: string;
  invoke<N extends ChannelName>(name: N, input: ChannelInput<N>): Promise<DispatchResult<ChannelOutput<N>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/**
 * An error as it crosses to the page: a message code of the shared catalogue with its
 * parameters (so the page words it in its language), or the field a schema refused (`errors`
 * lists every refused field, `field` is the first).
 */
export interface WireError {
  code: string;
  params?: Record<string, string | number>;
  field?: string;
  detail?: string;
  errors?: { field: string; message: string }[];
}

/**
 * The answer of one call, as main's gate (src/main/app-services/dispatch.ts) makes it and both
 * shells pass it on unchanged: the output, or the error. One shape, so the page has one decoder.
 */
export type DispatchResult<T = unknown> = { ok: true; value: T } | { ok: false; error: WireError };
