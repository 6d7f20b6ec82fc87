/** Opening an account: roubles, a foreign currency, or an unallocated metal account. */
import { FIAT_CURRENCIES, METAL_CURRENCIES } from '../../../../shared/domain/applications.ts';
import type { MessageKey } from '../../../../shared/i18n/index.ts';
import { fieldLabel } from '../../../../shared/i18n/validation.ts';
import { useI18n } from '../../../i18n.tsx';
import { AreaField, SelectField } from '../fields.tsx';

export function AccountOpeningForm() {
  const { t, locale } = useI18n();
  const label = (path: string): string => fieldLabel(locale, path, 'account-opening');
  const option = (c: string) => (
    <option key={c} value={c}>
      {t(`ui.editor.currency.${c}` as MessageKey)}
    </option>
  );
  return (
    <fieldset className="panel">
      <legend>{t('ui.kind.account-opening')}</legend>
      <SelectField path="currency" label={label('currency')} options={[]}>
        <optgroup label={t('ui.editor.currencies')}>{FIAT_CURRENCIES.map(option)}</optgroup>
        <optgroup label={t('ui.editor.metals')}>{METAL_CURRENCIES.map(option)}</optgroup>
      </SelectField>
      <AreaField path="purpose" label={label('purpose')} rows={3} />
    </fieldset>
  );
}
