/** Words of the bank-data screens. */
import type { Entry } from '../entry.ts';

export const bankDataUiMessages = {} satisfies Record<string, Entry>;
