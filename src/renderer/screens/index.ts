/**
 * Every screen by the first part of its route. An area's screens are loaded when one of them is
 * first opened (a chunk of its own), so the frame and the first screen do not wait for the code
 * of all the others; what every screen shows (the token bar, the demo banner, the theme) loads at once.
 */
import { lazy, type ComponentType } from 'react';
import type { Routes, Screen } from './routes.ts';
import { startTheme } from './certificates/theme.ts';
import './tokens/tokens.css';
import './demo/demo.css';

export { DemoBanner } from './demo/DemoBanner.tsx';
export { TokenBar } from './tokens/TokenBar.tsx';

// the theme chosen in the settings holds from the first paint, whatever the route
startTheme();

const AREAS = {
  documents: () => import('./documents/index.ts').then((m) => m.documentsRoutes),
  editor: () => import('./editor/index.ts').then((m) => m.editorRoutes),
  tokens: () => import('./tokens/index.ts').then((m) => m.tokensRoutes),
  bankData: () => import('./bank-data/index.ts').then((m) => m.bankDataRoutes),
  certificates: () => import('./certificates/index.ts').then((m) => m.certificatesRoutes),
} satisfies Record<string, () => Promise<Routes>>;

/** Which area holds each route (each area's index.ts lists its own; a route missing there shows "no such page"). */
const ROUTE_AREA: Record<string, keyof typeof AREAS> = {
  dashboard: 'bankData',
  contract: 'bankData',
  messages: 'bankData',
  statements: 'bankData',
  documents: 'documents',
  document: 'documents',
  new: 'editor',
  edit: 'editor',
  login: 'tokens',
  import: 'tokens',
  sign: 'tokens',
  certificates: 'certificates',
  settings: 'certificates',
};

const missing: Screen = () => {
  throw new Error('route without a screen');
};

export const ROUTES: Record<string, ComponentType<{ params: string[] }>> = Object.fromEntries(
  Object.entries(ROUTE_AREA).map(([route, area]) => [route, lazy(() => AREAS[area]().then((routes) => ({ default: routes[route] ?? missing })))]),
);
