/** A letter to the bank: subject, text, files. */
import { fieldLabel } from '../../../../shared/i18n/validation.ts';
import { useI18n } from '../../../i18n.tsx';
import { Attachments } from '../Attachments.tsx';
import { AreaField, TextField } from '../fields.tsx';

export function LetterForm() {
  const { t, locale } = useI18n();
  const label = (path: string): string => fieldLabel(locale, path, 'letter');
  return (
    <>
      <fieldset className="panel">
        <legend>{t('ui.kind.letter')}</legend>
        <TextField path="subject" label={label('subject')} wide />
        <AreaField path="body" label={label('body')} rows={8} />
      </fieldset>
      <Attachments />
    </>
  );
}
