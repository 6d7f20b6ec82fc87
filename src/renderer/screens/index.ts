import { bankDataRoutes } from './bank-data/index.ts';
import { certificatesRoutes } from './certificates/index.ts';
import { demoRoutes } from './demo/index.ts';
import { documentsRoutes } from './documents/index.ts';
import { editorRoutes } from './editor/index.ts';
import type { Routes } from './routes.ts';
import { tokensRoutes } from './tokens/index.ts';

export { DemoBanner } from './demo/index.ts';
export { TokenBar } from './tokens/index.ts';

/** Every screen by the first part of its route; each area keeps its own. */
export const ROUTES: Routes = { ...bankDataRoutes, ...documentsRoutes, ...editorRoutes, ...tokensRoutes, ...certificatesRoutes, ...demoRoutes };
