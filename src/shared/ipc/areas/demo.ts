/** (filled in by the demo area) */
export const demoChannels = {} as const;
export const demoEvents = {} as const;
