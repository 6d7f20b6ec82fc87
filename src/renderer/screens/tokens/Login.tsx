import { useId, useRef, useState, type FormEvent } from 'react';
import { ErrorText } from '../../components/ErrorText.tsx';
import { useAction } from '../../components/use-call.ts';
import { useI18n } from '../../i18n.tsx';
import type { MessageKey } from '../../../shared/i18n/index.ts';
import { PinState } from './PinState.tsx';
import { KeySelect } from './KeySelect.tsx';
import { choiceValue, keysOf, parseChoice, useTokens, type SessionView } from './use-tokens.ts';
import { href, navigate } from '../../router.tsx';

/** Who is logged in, in words. */
export function SessionSummary({ session }: { session: SessionView }) {
  const { t, date, money } = useI18n();
  if (!session.loggedIn) return <p data-testid="login-state">{t('ui.tokens.login.nobody')}</p>;
  return (
    <div className="panel" data-testid="login-state" role="status">
      <p>
        {t('ui.tokens.login.who')} <strong className="user-text">{session.name ?? ''}</strong>
      </p>
      <dl className="facts">
        <dt>{t('ui.tokens.login.company')}</dt>
        <dd className="user-text">{session.company ?? ''}</dd>
        <dt>{t('ui.tokens.login.role')}</dt>
        <dd>{t(`ui.tokens.role.${session.role ?? 'prepares'}` as MessageKey)}</dd>
        {session.limit !== undefined && (
          <>
            <dt>{t('ui.tokens.login.limit')}</dt>
            <dd>{money(session.limit, 'RUB')}</dd>
          </>
        )}
        <dt>{t('ui.tokens.login.until')}</dt>
        <dd>{session.expiresAt ? date(session.expiresAt, true) : ''}</dd>
      </dl>
    </div>
  );
}

/**
 * The login form: the token and key, the PIN (the token signs the bank's challenge) and the
 * one-time code from the authenticator app. Every refusal is said in words; the PIN field is
 * emptied as soon as it is read. With no certificate on the tokens present it says where to get
 * one (Certificates) instead. Used by the login screen and by the dialog of an ended session.
 */
export function LoginForm({ onDone, autoFocus = false }: { onDone?(session: SessionView): void; autoFocus?: boolean }) {
  const { t } = useI18n();
  const { tokens, token, certificate, reload } = useTokens();
  const login = useAction('tokens.login');
  const [choice, setChoice] = useState<string>('');
  const pinRef = useRef<HTMLInputElement>(null);
  const totpRef = useRef<HTMLInputElement>(null);
  const stateId = useId();
  const keys = keysOf(tokens);
  const current = choice || (token && certificate ? choiceValue(token.serial, certificate.key) : '');
  const chosenToken = current ? tokens.find((tk) => tk.serial === parseChoice(current).token) : undefined;

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!current || !pinRef.current || !totpRef.current) return;
    const pin = pinRef.current.value;
    pinRef.current.value = '';
    const totp = totpRef.current.value.replace(/\s/g, '');
    const done = await login.run({ ...parseChoice(current), pin, totp });
    if (done && totpRef.current) totpRef.current.value = '';
    reload(); // a wrong PIN may have changed the token's tries-left flags
    if (done?.loggedIn) onDone?.(done);
  };

  return (
    <form className="panel" onSubmit={(e) => void submit(e)} aria-label={t('ui.tokens.login.title')}>
      {keys.length === 0 ? (
        <div className="warning" data-testid="login-no-certificate">
          <p>{tokens.length > 0 ? t('ui.login.no-certificate') : t('ui.tokens.login.no-keys')}</p>
          <p>
            <a href={href('certificates')}>{t('ui.login.to-certificates')}</a>
          </p>
        </div>
      ) : (
        <label className="field">
          <span>{t('ui.tokens.login.key')}</span>
          <KeySelect keys={keys} value={current} onChange={setChoice} />
        </label>
      )}
      <PinState token={chosenToken} id={stateId} />
      <label className="field">
        <span>{t('ui.tokens.pin.label')}</span>
        <input ref={pinRef} type="password" name="pin" autoComplete="off" required autoFocus={autoFocus} aria-describedby={stateId} {...(chosenToken ? { maxLength: chosenToken.pinLength.max } : {})} />
      </label>
      <label className="field">
        <span>{t('ui.tokens.login.totp')}</span>
        <input ref={totpRef} name="totp" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]{6,9}" required />
      </label>
      <ErrorText error={login.error} />
      <div className="toolbar">
        <button type="submit" disabled={login.pending || keys.length === 0 || chosenToken?.pin === 'locked'}>
          {login.pending ? t('ui.tokens.login.pending') : t('ui.tokens.login.submit')}
        </button>
      </div>
    </form>
  );
}

/** Login to the bank: who is logged in, the form; after a login, the dashboard (its data comes with the first exchange, which starts at once). */
export function LoginScreen() {
  const { t } = useI18n();
  const { session } = useTokens();
  return (
    <section className="login">
      <h1>{t('ui.tokens.login.title')}</h1>
      {session && <SessionSummary session={session} />}
      <LoginForm onDone={() => navigate('dashboard')} />
    </section>
  );
}
