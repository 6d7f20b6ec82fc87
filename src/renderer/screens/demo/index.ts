import type { Routes } from '../routes.ts';
import './demo.css';

export { DemoBanner } from './DemoBanner.tsx';

/** The demo area's screens by route name (the demo has only its banner, shown by the frame). */
export const demoRoutes: Routes = {};
