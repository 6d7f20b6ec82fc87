/** The settings part of the tokens area: which token and key the profile uses. */
import { getSetting, setSetting, type Db } from '../store/settings.ts';

/** The profile setting that remembers the token and key in use. */
const SELECTED = 'ui.tokens.selected';

/** The token and key chosen in the bar (or at login), shared by the token bar and the signing screen; null when none or unreadable. */
export function selectedKey(db: Db): { token: string; key: string } | null {
  const raw = getSetting(db, SELECTED);
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as { token?: unknown; key?: unknown };
    return typeof v.token === 'string' && typeof v.key === 'string' ? { token: v.token, key: v.key } : null;
  } catch {
    return null;
  }
}

export function selectKey(db: Db, choice: { token: string; key: string }): void {
  setSetting(db, SELECTED, JSON.stringify({ token: choice.token, key: choice.key }));
}
