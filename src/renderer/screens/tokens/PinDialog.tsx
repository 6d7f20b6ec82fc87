import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorText } from '../../components/ErrorText.tsx';
import { useI18n } from '../../i18n.tsx';
import { PinState } from './PinState.tsx';
import type { TokenItem } from './use-tokens.ts';

export interface PinDialogProps {
  open: boolean;
  /** The token the PIN is for: its tries-left state is shown, and a warning before the last try. */
  token: TokenItem | undefined;
  title?: string;
  /** What the confirm button says ("Sign 12 documents"). */
  submitLabel?: string;
  /** What the PIN is for, shown above the field. */
  children?: ReactNode;
  /** Uses the PIN; the dialog has already cleared its field. An error thrown is shown in the dialog. */
  onSubmit(pin: string): Promise<void>;
  onClose(): void;
  /** An error to show (e.g. the last try was refused). */
  error?: unknown;
}

/**
 * The PIN dialog every screen that needs the token's PIN uses. The PIN lives only in the
 * password field: it is read from it on submit, the field is emptied at once, and it is passed
 * to `onSubmit` for the one call; it is never in React state, never logged, never stored.
 */
export function PinDialog({ open, token, title, submitLabel, children, onSubmit, onClose, error }: PinDialogProps) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const [finalConfirmed, setFinalConfirmed] = useState(false);
  const stateId = useId();
  const errorId = useId();
  const shown = failure ?? error;
  const lastTry = token?.pin === 'final-try';
  const locked = token?.pin === 'locked';

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const field = input.current;
    if (!field || pending || locked) return;
    const pin = field.value;
    field.value = ''; // out of the page's DOM before anything else happens
    if (pin === '') return;
    setPending(true);
    setFailure(undefined);
    try {
      await onSubmit(pin);
    } catch (err) {
      setFailure(err);
      field.focus();
    } finally {
      setPending(false);
    }
  };

  const close = (): void => {
    if (input.current) input.current.value = '';
    setFailure(undefined);
    setFinalConfirmed(false);
    onClose();
  };

  return (
    <Dialog title={title ?? t('ui.tokens.pin.title')} open={open} onClose={close} className="pin-dialog">
      <form onSubmit={(e) => void submit(e)}>
        {children}
        {token && <p>{t('ui.tokens.pin.for-token', { token: token.label })}</p>}
        <PinState token={token} id={stateId} />
        <label className="field">
          <span>{t('ui.tokens.pin.label')}</span>
          <input
            ref={input}
            type="password"
            name="pin"
            autoComplete="off"
            autoFocus
            disabled={locked}
            aria-describedby={`${stateId} ${errorId}`}
            aria-invalid={shown ? true : undefined}
            {...(token ? { maxLength: token.pinLength.max } : {})}
          />
        </label>
        {lastTry && (
          <label className="confirm-last-try">
            <input type="checkbox" checked={finalConfirmed} onChange={(e) => setFinalConfirmed(e.target.checked)} />
            <span>{t('ui.tokens.pin.confirm-last-try')}</span>
          </label>
        )}
        <ErrorText error={shown} id={errorId} />
        <div className="actions">
          <button type="button" className="secondary" onClick={close}>
            {t('ui.common.cancel')}
          </button>
          <button type="submit" disabled={pending || locked || (lastTry && !finalConfirmed)}>
            {pending ? t('ui.tokens.pin.checking') : (submitLabel ?? t('ui.common.ok'))}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
