import type { Routes } from '../routes.ts';

/** The tokens area's screens by route name. */
export const tokensRoutes: Routes = {};

/** The bar at the top: tokens present, the one in use, its certificate; logout. */
export function TokenBar() {
  return null;
}
