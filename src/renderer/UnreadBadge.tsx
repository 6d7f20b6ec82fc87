import { useCallback, useEffect, useState } from 'react';
import { bank } from './bank.ts';
import { useI18n } from './i18n.tsx';

/** The DOM event the messages screen sends when opening a letter marked it read. */
export const MESSAGES_READ_EVENT = 'bank-messages-read';

/**
 * The count of unread letters from the bank, as a badge beside the Messages item of the menu:
 * asked again after each exchange, on each change of screen and when a letter is opened.
 */
export function UnreadBadge({ route }: { route: string }) {
  const { t } = useI18n();
  const [unread, setUnread] = useState(0);
  const reload = useCallback(() => {
    bank.invoke('messages.list', {}).then(
      (res) => setUnread(res.unread),
      () => undefined,
    );
  }, []);
  useEffect(reload, [reload, route]);
  useEffect(
    () =>
      bank.on('sync.changed', (state) => {
        if (!(state as { running?: boolean } | null)?.running) reload();
      }),
    [reload],
  );
  useEffect(() => {
    window.addEventListener(MESSAGES_READ_EVENT, reload);
    return () => window.removeEventListener(MESSAGES_READ_EVENT, reload);
  }, [reload]);
  if (unread <= 0) return null;
  return (
    <span className="nav-badge" data-testid="unread-badge">
      <span aria-hidden="true">{unread}</span>
      <span className="visually-hidden">{t('ui.overview.messages.badge', { count: unread })}</span>
    </span>
  );
}
