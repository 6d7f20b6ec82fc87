/** A change of a contract's schedule: a new payment day, a new term, or both, and why. */
import { fieldLabel } from '../../../../shared/i18n/validation.ts';
import { useI18n } from '../../../i18n.tsx';
import { AreaField, IntField } from '../fields.tsx';
import { ContractSelect } from './ContractSelect.tsx';

export function ScheduleChangeForm() {
  const { t, locale } = useI18n();
  const label = (path: string): string => fieldLabel(locale, path, 'schedule-change');
  return (
    <fieldset className="panel">
      <legend>{t('ui.editor.contract')}</legend>
      <ContractSelect />
      <div className="grid">
        <IntField path="paymentDay" label={t('ui.editor.optional', { label: label('paymentDay') })} optional />
        <IntField path="termMonths" label={t('ui.editor.optional', { label: label('termMonths') })} optional />
      </div>
      <AreaField path="reason" label={label('reason')} rows={4} />
    </fieldset>
  );
}
