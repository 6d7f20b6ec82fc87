/** (filled in by the editor area) */
export const editorChannels = {} as const;
export const editorEvents = {} as const;
