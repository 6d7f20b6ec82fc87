/** Words of the documents screens. */
import type { Entry } from '../entry.ts';

export const documentsUiMessages = {} satisfies Record<string, Entry>;
