/** Messages of the file formats (1C, ISO 20022): import findings and export errors. */
import type { Entry } from './entry.ts';

export const formatMessages = {} satisfies Record<string, Entry>;
