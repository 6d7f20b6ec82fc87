import { useEffect, useState, type FormEvent } from 'react';
import { ErrorText } from '../../components/ErrorText.tsx';
import { useAction, useCall } from '../../components/use-call.ts';
import { useI18n } from '../../i18n.tsx';
import { href } from '../../router.tsx';
import { Note, PinField, takePins, TokenSelect, type TokenSummary } from './fields.tsx';

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
  // error messages only: the PINs stay in their fields until sent (PinField, takePins)
  const [errors, setErrors] = useState<{ old?: string; next?: string; confirm?: string }>({});
  const [done, setDone] = useState(false);
  const { min, max } = token.pinLength;
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setDone(false);
    const { pins, clear } = takePins(e.currentTarget, ['old', 'next', 'confirm'] as const);
    const found = {
      old: !pins.old ? t('ui.certificates.required') : undefined,
      next: !pins.next ? t('ui.certificates.required') : pins.next.length < min || pins.next.length > max ? t('ui.certificates.error.pin-length', { min, max }) : undefined,
      confirm: !pins.confirm ? t('ui.certificates.required') : pins.confirm !== pins.next ? t('pin.mismatch') : undefined,
    };
    setErrors(found);
    if (found.old || found.next || found.confirm) return;
    const call = mode === 'change' ? change.run({ token: token.serial, oldPin: pins.old, newPin: pins.next, confirm: pins.confirm }) : unblock.run({ token: token.serial, soPin: pins.old, newPin: pins.next, confirm: pins.confirm });
    clear();
    const r = await call;
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
      <PinField name="old" label={mode === 'change' ? t('ui.certificates.pin.old') : t('ui.certificates.pin.so')} error={errors.old} />
      <PinField name="next" label={t('ui.certificates.pin.new')} hint={t('ui.certificates.pin.policy', { min, max })} error={errors.next} />
      <PinField name="confirm" label={t('ui.certificates.pin.confirm')} error={errors.confirm} />
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
