import { useI18n } from '../../i18n.tsx';
import type { TokenItem } from './use-tokens.ts';

/**
 * What the token says about its PIN's retry counter (PKCS#11 gives flags, not a number): few
 * tries left, the last try, locked. Nothing when the token reports no trouble.
 */
export function PinState({ token, id }: { token: TokenItem | undefined; id?: string }) {
  const { t } = useI18n();
  if (!token) return null;
  if (token.pin === 'locked') {
    return (
      <p className="error" role="alert" id={id} data-testid="pin-state">
        {t('ui.tokens.pin.state-locked', { token: token.label })}
      </p>
    );
  }
  if (token.pin === 'final-try' || token.pin === 'count-low') {
    return (
      <p className="warning" role="alert" id={id} data-testid="pin-state">
        {t(token.pin === 'final-try' ? 'ui.tokens.pin.state-final-try' : 'ui.tokens.pin.state-count-low', { token: token.label })}
      </p>
    );
  }
  return (
    <p className="muted" id={id} data-testid="pin-state">
      {t('ui.tokens.pin.state-ok', { min: token.pinLength.min, max: token.pinLength.max })}
    </p>
  );
}
