import { useEffect } from 'react';
import { bank } from './bank.ts';
import { ErrorText } from './components/ErrorText.tsx';
import { useAction, useCall } from './components/use-call.ts';
import { useI18n } from './i18n.tsx';

/** The status bar: exchange state, what waits to be sent, the last error in words, "exchange now". */
export function SyncBar() {
  const { t, locale, date } = useI18n();
  const state = useCall('sync.state', { locale });
  const run = useAction('sync.run');
  const { reload } = state;
  useEffect(() => bank.on('sync.changed', () => reload()), [reload]);
  const s = run.pending ? undefined : state.data;
  return (
    <footer className="syncbar" aria-label={t('ui.sync.label')}>
      <span role="status" aria-live="polite" data-testid="sync-status">
        {run.pending || s?.running ? t('ui.sync.running') : t('ui.sync.idle', { when: s?.lastSuccessAt ? date(s.lastSuccessAt, true) : '' })}
      </span>
      {s && <span data-testid="sync-pending">{t('ui.sync.pending', { count: s.pending })}</span>}
      {s && s.failed > 0 && <span>{t('ui.sync.failed', { count: s.failed })}</span>}
      {s?.nextAttemptAt && <span>{t('ui.sync.next', { when: date(s.nextAttemptAt, true) })}</span>}
      {s?.lastError && <span className="error-inline" data-testid="sync-error">{t('ui.sync.last-error', { message: s.lastError.message })}</span>}
      <ErrorText error={run.error ?? state.error} />
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
