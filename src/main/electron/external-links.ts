/**
 * Links out of the app (docs/architecture.md "Security model"): the page never navigates away and never opens
 * a window. A link to one of the origins below is offered to the system browser, and opened only
 * once the user has confirmed it in a native dialog that shows the address. Anything else is refused.
 */
import { t, type Locale } from '../../shared/i18n/index.ts';

/**
 * The only origins a link may leave the app for: the bank's public site. Exact origins (https,
 * host, default port); a subdomain, another port or plain http is not on the list.
 */
export const EXTERNAL_ORIGINS: readonly string[] = Object.freeze(['https://bankclient.ru', 'https://www.bankclient.ru']);

/**
 * The address to hand to the system browser, re-serialised by the URL parser, or null when the
 * link is not allowed: not https, user info in it, or an origin not on the list.
 */
export function allowedExternalUrl(url: string, origins: readonly string[] = EXTERNAL_ORIGINS): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '') return null;
  return origins.includes(parsed.origin) ? parsed.href : null;
}

/** What the confirmation needs of Electron (dialog.showMessageBox, shell.openExternal), so it is tested without it. */
export interface ExternalLinkDeps {
  confirm(options: { type: 'question'; buttons: string[]; defaultId: number; cancelId: number; noLink: true; title: string; message: string; detail: string }): Promise<{ response: number }>;
  open(url: string): Promise<void>;
  /** The language of the dialog, read when it opens. */
  locale(): Locale;
}

/** The dialog's buttons: "Open" first, "Cancel" second and the default (Enter or Esc does not leave the app). */
const OPEN = 0;
const CANCEL = 1;

export type LinkOutcome = 'refused' | 'busy' | 'cancelled' | 'opened';

/**
 * The shell's link opener: asks the user, then opens an allowed link in the system browser.
 * Resolves to what happened: 'refused' (not on the list; no dialog), 'busy' (a confirmation is
 * already open: a page cannot stack dialogs by repeating the link), 'cancelled' or 'opened'.
 */
export function linkOpener(deps: ExternalLinkDeps): (url: string) => Promise<LinkOutcome> {
  let asking = false;
  return async (url) => {
    if (!allowedExternalUrl(url)) return 'refused';
    if (asking) return 'busy';
    asking = true;
    try {
      return await confirmAndOpen(url, deps);
    } finally {
      asking = false;
    }
  };
}

async function confirmAndOpen(url: string, deps: ExternalLinkDeps): Promise<LinkOutcome> {
  const allowed = allowedExternalUrl(url);
  if (!allowed) return 'refused';
  const locale = deps.locale();
  const { response } = await deps.confirm({
    type: 'question',
    buttons: [t(locale, 'ui.electron.open-link.open'), t(locale, 'ui.common.cancel')],
    defaultId: CANCEL,
    cancelId: CANCEL,
    noLink: true,
    title: t(locale, 'ui.electron.open-link.title'),
    message: t(locale, 'ui.electron.open-link.message', { name: new URL(allowed).host }),
    detail: allowed,
  });
  if (response !== OPEN) return 'cancelled';
  await deps.open(allowed);
  return 'opened';
}
