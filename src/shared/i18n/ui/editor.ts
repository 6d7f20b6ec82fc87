/** Words of the editor screens. */
import type { Entry } from '../entry.ts';

export const editorUiMessages = {} satisfies Record<string, Entry>;
