import type { Routes } from '../routes.ts';
import { ImportScreen } from './Import.tsx';

/** The import area's screen by route name (a payment file: sent, previewed per document, accepted). */
export const importRoutes: Routes = {
  import: ImportScreen,
};
