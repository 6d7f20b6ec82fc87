/**
 * The app's channel table: every call the UI may make, by name, with the schema of what it
 * sends and of what comes back. The Electron preload exposes exactly these as window.bank; the
 * browser host serves exactly these over loopback HTTP; both parse every input with its schema
 * before a service sees it. Events are pushed the other way (token inserted, sync state...).
 * One file per area of the app in areas/; this file only joins them.
 */
import type { z } from 'zod';
import { appChannels, appEvents } from './areas/app.ts';
import { bankDataChannels, bankDataEvents } from './areas/bank-data.ts';
import { certificatesChannels, certificatesEvents } from './areas/certificates.ts';
import { demoChannels, demoEvents } from './areas/demo.ts';
import { directoryChannels } from './areas/directory.ts';
import { documentsChannels, documentsEvents } from './areas/documents.ts';
import { editorChannels, editorEvents } from './areas/editor.ts';
import { importChannels } from './areas/import.ts';
import { printsChannels } from './areas/prints.ts';
import { recallChannels } from './areas/recall.ts';
import { signingChannels, signingEvents } from './areas/signing.ts';
import { tokensChannels, tokensEvents } from './areas/tokens.ts';

export type { Channel } from './schemas.ts';

export const CHANNELS = {
  ...appChannels,
  ...documentsChannels,
  ...editorChannels,
  ...tokensChannels,
  ...importChannels,
  ...signingChannels,
  ...bankDataChannels,
  ...certificatesChannels,
  ...demoChannels,
  ...printsChannels,
  ...directoryChannels,
  ...recallChannels,
} as const;

export type ChannelName = keyof typeof CHANNELS;
export type ChannelInput<N extends ChannelName> = z.input<(typeof CHANNELS)[N]['input']>;
export type ChannelOutput<N extends ChannelName> = z.infer<(typeof CHANNELS)[N]['output']>;

/** What the app pushes to the UI, by name, with its payload's schema. */
export const EVENTS = {
  ...appEvents,
  ...documentsEvents,
  ...editorEvents,
  ...tokensEvents,
  ...signingEvents,
  ...bankDataEvents,
  ...certificatesEvents,
  ...demoEvents,
} as const;

export type EventName = keyof typeof EVENTS;
export type EventPayload<E extends EventName> = z.infer<(typeof EVENTS)[E]>;
