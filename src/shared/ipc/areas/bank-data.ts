/** (filled in by the bank-data area) */
export const bankDataChannels = {} as const;
export const bankDataEvents = {} as const;
