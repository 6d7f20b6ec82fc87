import { useEffect, useState, type FormEvent } from 'react';
import { ErrorText } from '../../components/ErrorText.tsx';
import { useAction, useCall } from '../../components/use-call.ts';
import { useI18n } from '../../i18n.tsx';
import { href } from '../../router.tsx';
import { Field, Note, TokenSelect, type TokenSummary } from './fields.tsx';

/** Route `certificates/pin`: change the user PIN, or set a new one with the SO PIN (unblock). */
export function PinForms() {
  const { t } = useI18n();
  const tokens = useCall('certificates.tokens', {});
  const [token, setToken] = useState('');
  useEffect(() => {
    const list = tokens.data ?? [];
    if (list.length > 0 && !list.some((tk) => tk.serial === token)) setToken(list[0]!.serial);
  }, [tokens.data, token]);
  const chosen = tokens.data?.find((tk) => tk.serial === token);
  return (
    <section aria-labelledby="pin-title">
      <h1 id="pin-title">{t('ui.certificates.pin.title')}</h1>
      <p>
        <a href={href('certificates')}>{t('ui.certificates.wizard.to-list')}</a>
      </p>
      <ErrorText error={tokens.error} />
      {tokens.data && tokens.data.length === 0 && <p>{t('ui.certificates.no-tokens')}</p>}
      {tokens.data && tokens.data.length > 0 && <TokenSelect tokens={tokens.data} value={token} onChange={setToken} />}
      {chosen && (
        <div className="pin-forms">
          <PinForm key={`change-${chosen.serial}`} mode="change" token={chosen} onDone={() => tokens.reload()} />
          <PinForm key={`unblock-${chosen.serial}`} mode="unblock" token={chosen} onDone={() => tokens.reload()} />
        </div>
      )}
    </section>
  );
}

/** One form: the current PIN (or SO PIN), the new one twice; checked here first, then by the token. */
function PinForm({ mode, token, onDone }: { mode: 'change' | 'unblock'; token: TokenSummary; onDone(): void }) {
  const { t } = useI18n();
  const change = useAction('certificates.changePin');
  const unblock = useAction('certificates.unblockPin');
  const action = mode === 'change' ? change : unblock;
  const [old, setOld] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [tried, setTried] = useState(false);
  const [done, setDone] = useState(false);
  const { min, max } = token.pinLength;
  const errors = {
    old: !old ? t('ui.certificates.required') : undefined,
    next: !next ? t('ui.certificates.required') : next.length < min || next.length > max ? t('ui.certificates.error.pin-length', { min, max }) : undefined,
    confirm: !confirm ? t('ui.certificates.required') : confirm !== next ? t('pin.mismatch') : undefined,
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    setDone(false);
    if (errors.old || errors.next || errors.confirm) return;
    const r = mode === 'change' ? await change.run({ token: token.serial, oldPin: old, newPin: next, confirm }) : await unblock.run({ token: token.serial, soPin: old, newPin: next, confirm });
    setOld('');
    setNext('');
    setConfirm('');
    setTried(false);
    if (r) setDone(true);
    onDone();
  };
  const title = mode === 'change' ? t('ui.certificates.pin.change') : t('ui.certificates.pin.unblock');
  return (
    <form className="panel" aria-label={title} onSubmit={(e) => void submit(e)} noValidate>
      <h2>{title}</h2>
      {mode === 'unblock' && <p className="muted">{t('ui.certificates.pin.unblock-intro')}</p>}
      <p className={token.pin.user === 'ok' ? 'muted' : 'warning'} data-testid={`${mode}-pin-state`}>
        {t('ui.certificates.pin-state', { state: token.pin.user })}
        {mode === 'unblock' && ` ${t('ui.certificates.so-pin-state', { state: token.pin.so })}`}
      </p>
      <Field label={mode === 'change' ? t('ui.certificates.pin.old') : t('ui.certificates.pin.so')} type="password" value={old} onChange={setOld} error={tried ? errors.old : undefined} />
      <Field label={t('ui.certificates.pin.new')} type="password" value={next} onChange={setNext} hint={t('ui.certificates.pin.policy', { min, max })} error={tried ? errors.next : undefined} />
      <Field label={t('ui.certificates.pin.confirm')} type="password" value={confirm} onChange={setConfirm} error={tried ? errors.confirm : undefined} />
      <ErrorText error={action.error} />
      {done && <Note>{mode === 'change' ? t('ui.certificates.pin.changed') : t('ui.certificates.pin.unblocked')}</Note>}
      <div className="toolbar">
        <button type="submit" disabled={action.pending}>
          {title}
        </button>
      </div>
    </form>
  );
}
