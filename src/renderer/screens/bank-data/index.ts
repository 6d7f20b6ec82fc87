import type { Routes } from '../routes.ts';

/** The bank-data area's screens by route name. */
export const bankDataRoutes: Routes = {};
