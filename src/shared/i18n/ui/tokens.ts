/** Words of the tokens screens. */
import type { Entry } from '../entry.ts';

export const tokensUiMessages = {} satisfies Record<string, Entry>;
