import type { Routes } from '../routes.ts';

/** The documents area's screens by route name. */
export const documentsRoutes: Routes = {};
