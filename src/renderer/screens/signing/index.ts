import type { Routes } from '../routes.ts';
import { SignScreen } from './Sign.tsx';

/** The signing area's screen by route name (a batch shown as signed, signed with one PIN). */
export const signingRoutes: Routes = {
  sign: SignScreen,
};
