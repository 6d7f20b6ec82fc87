/**
 * What the frame shows of the bank session and the background exchange, on every screen:
 *  - the session about to end (announced by main two minutes ahead), with "log in again";
 *  - the session ended (its time ran out, or the bank said so): a dialog with the token login;
 *  - news from the bank: each document whose status the bank changed, in words («Платёжное
 *    поручение № 12 на 1 200 000,00 ₽ исполнено»), announced to screen readers.
 * The login is always the form in the app (token, PIN, one-time code), never a command to run.
 */
import { useCallback, useEffect, useState } from 'react';
import { statusNotice } from '../shared/i18n/status-notice.ts';
import type { EventPayload } from '../shared/ipc/channels.ts';
import { bank } from './bank.ts';
import { Dialog } from './components/Dialog.tsx';
import { useI18n } from './i18n.tsx';
import { href } from './router.tsx';
import { LoginForm } from './screens/tokens/Login.tsx';

const OPEN_LOGIN = 'bankclient:login';

/** Opens the session's login dialog (the status bar's "log in" after the session ended). */
export function openLoginDialog(): void {
  window.dispatchEvent(new Event(OPEN_LOGIN));
}

type Change = EventPayload<'sync.statuses'>['changes'][number];
/** Notices kept on screen at most (the newest first). */
const KEEP = 5;

export function SessionWatch() {
  const { t, locale } = useI18n();
  const [expiring, setExpiring] = useState<string | undefined>();
  const [ended, setEnded] = useState(false);
  const [dialog, setDialog] = useState(false);
  const [notices, setNotices] = useState<(Change & { key: string })[]>([]);

  useEffect(() => bank.on('session.expiring', (e) => setExpiring(e.expiresAt)), []);
  useEffect(
    () =>
      bank.on('session.ended', () => {
        setExpiring(undefined);
        setEnded(true);
        setDialog(true);
      }),
    [],
  );
  useEffect(() => {
    const open = (): void => setDialog(true);
    window.addEventListener(OPEN_LOGIN, open);
    return () => window.removeEventListener(OPEN_LOGIN, open);
  }, []);
  useEffect(
    () =>
      bank.on('sync.statuses', ({ changes }) =>
        setNotices((was) => [...changes.map((c) => ({ ...c, key: `${c.id}:${c.status}` })).reverse(), ...was.filter((n) => !changes.some((c) => `${c.id}:${c.status}` === n.key))].slice(0, KEEP)),
      ),
    [],
  );
  const loggedIn = useCallback(() => {
    setDialog(false);
    setEnded(false);
    setExpiring(undefined);
  }, []);
  const time = (iso: string): string => new Date(iso).toLocaleTimeString(locale === 'ru' ? 'ru-RU' : 'en-GB', { hour: '2-digit', minute: '2-digit' });

  return (
    <>
      {expiring && !ended && (
        <div className="session-expiring warning" role="status" data-testid="session-expiring">
          <span>{t('ui.session.expiring', { time: time(expiring) })}</span>{' '}
          <button type="button" onClick={() => setDialog(true)}>
            {t('ui.session.login-again')}
          </button>
        </div>
      )}
      <section className="notices" aria-label={t('ui.notice.label')} aria-live="polite" data-testid="status-notices">
        {notices.map((n) => (
          <p key={n.key} className={n.status === 'rejected' ? 'notice error-inline' : 'notice'} data-testid="status-notice">
            <a href={href('document', n.id)}>{statusNotice(locale, n)}</a>{' '}
            <button type="button" className="secondary" onClick={() => setNotices((was) => was.filter((x) => x.key !== n.key))}>
              {t('ui.notice.dismiss')}
            </button>
          </p>
        ))}
      </section>
      <Dialog title={ended ? t('ui.session.expired.title') : t('ui.tokens.login.title')} open={dialog} onClose={() => setDialog(false)} className="session-dialog">
        {ended && <p data-testid="session-ended-text">{t('ui.session.expired.text')}</p>}
        <LoginForm onDone={loggedIn} autoFocus />
        <div className="toolbar">
          <button type="button" className="secondary" onClick={() => setDialog(false)}>
            {t('ui.session.later')}
          </button>
        </div>
      </Dialog>
    </>
  );
}
