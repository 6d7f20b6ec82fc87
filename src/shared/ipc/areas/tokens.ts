/** (filled in by the tokens area) */
export const tokensChannels = {} as const;
export const tokensEvents = {} as const;
