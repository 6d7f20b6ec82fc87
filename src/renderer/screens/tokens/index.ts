import type { Routes } from '../routes.ts';
import { LoginScreen } from './Login.tsx';
import './tokens.css';

export { TokenBar } from './TokenBar.tsx';
/** The PIN dialog with the token's tries-left state: for any screen that needs the PIN. */
export { PinDialog, type PinDialogProps } from './PinDialog.tsx';
export { PinState } from './PinState.tsx';
export { useTokens } from './use-tokens.ts';

/** The tokens area's screens by route name (import and signing are areas of their own: ../import, ../signing). */
export const tokensRoutes: Routes = {
  login: LoginScreen,
};
