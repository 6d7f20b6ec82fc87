import type { Routes } from '../routes.ts';

/** The editor area's screens by route name. */
export const editorRoutes: Routes = {};
