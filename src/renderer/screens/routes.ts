import type { ReactElement } from 'react';

/** A screen of an area, shown for "#/NAME/...params". */
export type Screen = (props: { params: string[] }) => ReactElement;
export type Routes = Record<string, Screen>;
