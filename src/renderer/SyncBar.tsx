import { useEffect, useState } from 'react';
import { bank } from './bank.ts';
import { ErrorText } from './components/ErrorText.tsx';
import { useAction, useCall } from './components/use-call.ts';
import { useI18n } from './i18n.tsx';
import { openLoginDialog } from './SessionWatch.tsx';

/** The time now, again every second while `ticking` (the countdown to the next exchange). */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [ticking]);
  return now;
}

/**
 * The status bar: exchange state, when the next background exchange is (while logged in), what
 * waits to be sent, the last error in words, "exchange now"; after the session ended, "log in"
 * (the login dialog of the app).
 */
export function SyncBar() {
  const { t, locale, date } = useI18n();
  const state = useCall('sync.state', { locale });
  const run = useAction('sync.run');
  const { reload } = state;
  useEffect(() => bank.on('sync.changed', () => reload()), [reload]);
  // the session's end changes what the bar offers (the background exchange stops)
  useEffect(() => bank.on('tokens.changed', (e) => e.reason === 'session' && reload()), [reload]);
  const s = run.pending ? undefined : state.data;
  const now = useNow(!!s?.nextExchangeAt);
  const loginNeeded = s?.lastError?.code === 'sync.login-needed';
  const tag = locale === 'ru' ? 'ru-RU' : 'en-GB';
  return (
    <footer className="syncbar" aria-label={t('ui.sync.label')}>
      <span role="status" aria-live="polite" data-testid="sync-status">
        {run.pending || s?.running ? t('ui.sync.running') : t('ui.sync.idle', { when: s?.lastSuccessAt ? date(s.lastSuccessAt, true) : '' })}
      </span>
      {s?.nextExchangeAt && !s.running && (
        <span data-testid="sync-next">
          {t('ui.sync.next-exchange', { time: new Date(s.nextExchangeAt).toLocaleTimeString(tag) })}{' '}
          <span className="muted">{t('ui.sync.next-exchange-in', { seconds: Math.max(0, Math.ceil((Date.parse(s.nextExchangeAt) - now) / 1000)) })}</span>
        </span>
      )}
      {s && s.background === false && !loginNeeded && <span className="muted" data-testid="sync-paused">{t('ui.sync.paused')}</span>}
      {s && <span data-testid="sync-pending">{t('ui.sync.pending', { count: s.pending })}</span>}
      {s && s.failed > 0 && <span>{t('ui.sync.failed', { count: s.failed })}</span>}
      {s?.nextAttemptAt && <span>{t('ui.sync.next', { when: date(s.nextAttemptAt, true) })}</span>}
      {s?.lastError && <span className="error-inline" data-testid="sync-error">{t('ui.sync.last-error', { message: s.lastError.message })}</span>}
      <ErrorText error={run.error ?? state.error} />
      {loginNeeded && (
        <button type="button" onClick={openLoginDialog} data-testid="sync-login">
          {t('ui.tokens.bar.login')}
        </button>
      )}
      <button
        type="button"
        disabled={run.pending}
        onClick={() => {
          void run.run({ locale }).then(() => reload());
        }}
      >
        {t('ui.sync.retry')}
      </button>
    </footer>
  );
}
