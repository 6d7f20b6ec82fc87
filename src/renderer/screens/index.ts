/**
 * Every screen by the first part of its route. An area's screens are loaded when one of them is
 * first opened (a chunk of its own), so the frame and the first screen do not wait for the code
 * of all the others; what every screen shows (the token bar, the demo banner, the theme) loads at once.
 */
import { createElement, use, type ComponentType } from 'react';
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
  import: () => import('./import/index.ts').then((m) => m.importRoutes),
  signing: () => import('./signing/index.ts').then((m) => m.signingRoutes),
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
  copy: 'editor',
  login: 'tokens',
  import: 'import',
  sign: 'signing',
  certificates: 'certificates',
  settings: 'certificates',
};

const missing: Screen = () => {
  throw new Error('route without a screen');
};

type Area = keyof typeof AREAS;
const loaded = new Map<Area, Routes>();
const loading = new Map<Area, Promise<Routes>>();

/** Loads an area's chunk once; later calls get the same promise. */
function loadArea(area: Area): Promise<Routes> {
  let p = loading.get(area);
  if (!p) {
    p = AREAS[area]().then((routes) => {
      loaded.set(area, routes);
      return routes;
    });
    loading.set(area, p);
  }
  return p;
}

/**
 * Loads the area of a route before the page first renders, so the first screen shows without a
 * loading state (React holds a Suspense fallback for a while once shown); then, when the browser
 * is idle, the other areas, so that moving between screens does not wait either.
 */
export async function preloadRoute(route: string): Promise<void> {
  const area = Object.hasOwn(ROUTE_AREA, route) ? ROUTE_AREA[route] : undefined;
  if (area) await loadArea(area).catch(() => undefined);
}

export function prefetchAreas(): void {
  const all = (): void => void Promise.all((Object.keys(AREAS) as Area[]).map((a) => loadArea(a).catch(() => undefined)));
  if (typeof requestIdleCallback === 'function') requestIdleCallback(all, { timeout: 2000 });
  else setTimeout(all, 500);
}

/** A route's screen: rendered at once when its area is loaded, else suspended until it is. */
function screenOf(route: string, area: Area): ComponentType<{ params: string[] }> {
  return function RouteScreen(props) {
    const routes = loaded.get(area) ?? use(loadArea(area));
    return createElement(routes[route] ?? missing, props);
  };
}

export const ROUTES: Record<string, ComponentType<{ params: string[] }>> = Object.fromEntries(Object.entries(ROUTE_AREA).map(([route, area]) => [route, screenOf(route, area)]));
