import { useState } from 'react';
import { messages, type MessageKey } from '../../../shared/i18n/index.ts';
import { keyAlgorithmWords } from '../../../shared/i18n/key-algorithm.ts';
import type { ChannelOutput } from '../../../shared/ipc/channels.ts';
import { useAction } from '../../components/use-call.ts';
import { ErrorText } from '../../components/ErrorText.tsx';
import { useI18n } from '../../i18n.tsx';
import { href } from '../../router.tsx';
import { KeySelect } from './KeySelect.tsx';
import { choiceValue, keysOf, parseChoice, useTokens } from './use-tokens.ts';

/** Days before expiry from which the bar warns that the certificate needs renewing. */
export const EXPIRY_WARNING_DAYS = 30;

/**
 * The bar at the top: the tokens present (live: insert and remove), the token and key in use
 * (the user picks; the profile remembers), its certificate with its expiry, who is logged in to
 * the bank, logout (with a note when the bank could not be told, so the session lives on there).
 */
export function TokenBar() {
  const { t, date, locale } = useI18n();
  const { tokens, token, certificate, session, error } = useTokens();
  const select = useAction('tokens.select');
  const logout = useAction('tokens.logout');
  const [notEnded, setNotEnded] = useState<ChannelOutput<'tokens.logout'>['notEnded']>();
  const logOut = async (): Promise<void> => {
    const r = await logout.run({});
    setNotEnded(r?.notEnded);
  };
  const keys = keysOf(tokens);
  return (
    <section className="tokenbar" aria-label={t('ui.tokens.bar.label')}>
      <ul className="tokens-present" aria-label={t('ui.tokens.bar.present')} data-testid="tokens-present">
        {tokens.length === 0 && <li className="muted">{t('ui.tokens.bar.none')}</li>}
        {tokens.map((tk) => (
          <li key={tk.serial} className="user-text" title={`${tk.manufacturer} ${tk.model} · ${tk.serial}`}>
            {tk.label}
          </li>
        ))}
      </ul>
      {keys.length > 0 && (
        <label className="token-choice">
          <span>{t('ui.tokens.bar.in-use')}</span>
          <KeySelect keys={keys} value={token && certificate ? choiceValue(token.serial, certificate.key) : ''} onChange={(v) => void select.run(parseChoice(v))} />
        </label>
      )}
      {certificate && (
        <span className={certificate.daysLeft < EXPIRY_WARNING_DAYS ? 'cert warning' : 'cert'} data-testid="token-certificate">
          <span className="user-text">{certificate.name}</span>{' '}
          {certificate.daysLeft < 0
            ? t('ui.tokens.bar.expired', { date: date(certificate.notAfter) })
            : certificate.daysLeft < EXPIRY_WARNING_DAYS
              ? t('ui.tokens.bar.expires-soon', { date: date(certificate.notAfter), days: certificate.daysLeft })
              : t('ui.tokens.bar.valid-until', { date: date(certificate.notAfter) })}
          {certificate.keyAlgorithm && (
            <span className="muted" data-testid="token-key-algorithm">
              {' · '}
              {t('ui.tokens.bar.key-algorithm', { algorithm: keyAlgorithmWords(locale, certificate.keyAlgorithm) })}
            </span>
          )}
        </span>
      )}
      <span className="session" data-testid="session">
        {session?.loggedIn && !(session.expiresAt && Date.parse(session.expiresAt) <= Date.now()) ? (
          <>
            <span>
              {t('ui.tokens.bar.logged-in')} <span className="user-text">{session.name ?? ''}</span>
            </span>
            <button type="button" className="secondary" disabled={logout.pending} onClick={() => void logOut()}>
              {t('ui.tokens.bar.logout')}
            </button>
          </>
        ) : (
          <a href={href('login')}>{t('ui.tokens.bar.login')}</a>
        )}
      </span>
      {notEnded && !session?.loggedIn && (
        <p className="warning" role="status" data-testid="logout-not-ended">
          {t('ui.tokens.logout.not-ended', {
            until: date(notEnded.until, true),
            reason: notEnded.reason.code in messages ? t(notEnded.reason.code as MessageKey, notEnded.reason.params) : notEnded.reason.code,
          })}
        </p>
      )}
      <ErrorText error={error ?? select.error ?? logout.error} />
    </section>
  );
}
