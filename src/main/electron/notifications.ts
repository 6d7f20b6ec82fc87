/**
 * System notifications of the desktop shell: a document whose status the bank changed
 * («Платёжное поручение № 12 на 1 200 000,00 ₽ исполнено»), worded in the user's language by the
 * same words the page uses (shared/i18n/status-notice.ts). Clicking one brings the window forward.
 */
import { Notification, type BrowserWindow } from 'electron';
import type { Emit } from '../app-services/index.ts';
import { t, type Locale } from '../../shared/i18n/index.ts';
import { statusNotice } from '../../shared/i18n/status-notice.ts';
import type { EventPayload } from '../../shared/ipc/channels.ts';

/** More changes than this in one exchange make one summary instead of a notification each. */
export const MAX_SEPARATE = 3;

/** The notifications shown and not yet closed (Electron drops the click handler of one it no longer references). */
const shown = new Set<Notification>();

/**
 * Shows the changes of one exchange: one notification per document, or one summary when many
 * changed at once; nothing where the system has no notifications. Returns what was shown.
 */
export function notifyStatusChanges(changes: EventPayload<'sync.statuses'>['changes'], locale: Locale, onClick: (documentId?: string) => void = () => {}): Notification[] {
  if (changes.length === 0 || !Notification.isSupported()) return [];
  const title = t(locale, 'ui.notice.title');
  const items =
    changes.length > MAX_SEPARATE
      ? [{ body: t(locale, 'ui.notice.many', { count: changes.length }), id: undefined }]
      : changes.map((c) => ({ body: statusNotice(locale, c), id: c.id }));
  return items.map(({ body, id }) => {
    const n = new Notification({ title, body });
    shown.add(n);
    n.on('click', () => onClick(id));
    n.on('close', () => shown.delete(n));
    n.show();
    return n;
  });
}

/** The part of the app's window the events need. */
export type WindowLike = Pick<BrowserWindow, 'isMinimized' | 'restore' | 'focus'> & { webContents: Pick<BrowserWindow['webContents'], 'send'> };

/** Brings the app's window forward (a second start, a click on a notification). */
export function showWindow(win: WindowLike | null): void {
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.focus();
}

/**
 * How the desktop shell pushes the table's events: to the app's one window (the page subscribed
 * through the preload), and a status the bank changed also as a system notification in the
 * user's language, which brings the window forward when clicked.
 */
export function windowEvents(win: () => WindowLike | null, locale: () => Locale): Emit {
  return (event, payload) => {
    win()?.webContents.send(`bank:${event}`, payload);
    if (event === 'sync.statuses') notifyStatusChanges((payload as EventPayload<'sync.statuses'>).changes, locale(), () => showWindow(win()));
  };
}
