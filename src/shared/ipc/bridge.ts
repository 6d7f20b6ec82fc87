import type { ChannelInput, ChannelName, ChannelOutput, EventName, EventPayload } from './channels.ts';

/**
 * What the page sees as window.bank (the Electron preload) or builds itself over the browser
 * host: a call of any channel of the table and its events. Nothing else crosses.
 */
export interface BankBridge {
  readonly version: string;
  invoke<N extends ChannelName>(name: N, input: ChannelInput<N>): Promise<ChannelOutput<N>>;
  /** Listens to an event of the table; returns the function that stops listening. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/**
 * An error as it crosses to the page: a message code of the shared catalogue with its
 * parameters (so the page words it in its language), or the field a schema refused.
 */
export interface WireError {
  code: string;
  params?: Record<string, string | number>;
  field?: string;
  detail?: string;
}
