import type { Routes } from '../routes.ts';

/** The demo area's screens by route name. */
export const demoRoutes: Routes = {};

/** A banner shown when the app runs against the demo bank (nothing otherwise). */
export function DemoBanner() {
  return null;
}
