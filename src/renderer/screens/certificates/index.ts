import type { Routes } from '../routes.ts';

/** The certificates area's screens by route name. */
export const certificatesRoutes: Routes = {};
