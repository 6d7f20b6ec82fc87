/** Words of the certificates screens. */
import type { Entry } from '../entry.ts';

export const certificatesUiMessages = {} satisfies Record<string, Entry>;
