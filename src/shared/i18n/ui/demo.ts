/** Words of the demo setup. */
import type { Entry } from '../entry.ts';

export const demoUiMessages = {} satisfies Record<string, Entry>;
