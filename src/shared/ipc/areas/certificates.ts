/** (filled in by the certificates area) */
export const certificatesChannels = {} as const;
export const certificatesEvents = {} as const;
