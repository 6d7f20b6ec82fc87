/** Messages of the client's services: store, documents, signing, sync, enrolment, audit. */
import type { Entry } from './entry.ts';

export const clientMessages = {} satisfies Record<string, Entry>;
