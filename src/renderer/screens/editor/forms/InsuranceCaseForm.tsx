/** An insurance case under a contract: the date, what happened, and the papers (police report, photos) attached. */
import { fieldLabel } from '../../../../shared/i18n/validation.ts';
import { useI18n } from '../../../i18n.tsx';
import { Attachments } from '../Attachments.tsx';
import { AreaField, DateField } from '../fields.tsx';
import { ContractSelect } from './ContractSelect.tsx';

export function InsuranceCaseForm() {
  const { t, locale } = useI18n();
  const label = (path: string): string => fieldLabel(locale, path, 'insurance-case');
  return (
    <>
      <fieldset className="panel">
        <legend>{t('ui.editor.contract')}</legend>
        <ContractSelect />
        <div className="grid">
          <DateField path="eventDate" label={label('eventDate')} />
        </div>
        <AreaField path="description" label={label('description')} rows={5} />
      </fieldset>
      <Attachments />
    </>
  );
}
