/** Picks a contract of the last exchange with the bank; the document names it by its number. */
import type { ChannelOutput } from '../../../../shared/ipc/channels.ts';
import { fieldLabel } from '../../../../shared/i18n/validation.ts';
import { useCall } from '../../../components/use-call.ts';
import { ErrorText } from '../../../components/ErrorText.tsx';
import { useI18n } from '../../../i18n.tsx';
import { getPath } from '../content.ts';
import { SelectField, useForm } from '../fields.tsx';

export type ContractItem = ChannelOutput<'editor.contracts'>['items'][number];

export function ContractSelect({ kind, onPick }: { kind?: 'car-loan' | 'leasing'; onPick?: (c: ContractItem | undefined, number: string) => void }) {
  const { t, locale, money, date } = useI18n();
  const form = useForm();
  const contracts = useCall('editor.contracts', kind ? { kind } : {});
  const items = contracts.data?.items ?? [];
  const value = String(getPath(form.content, 'contractId') ?? '');
  const current = items.find((c) => c.number === value);
  const options = [
    { value: '', label: t('ui.editor.contract-pick') },
    ...items.map((c) => ({ value: c.number, label: t('ui.editor.contract-option', { number: c.number, subject: c.subject }) })),
    ...(value && !current ? [{ value, label: value }] : []),
  ];
  return (
    <div className="contract-select">
      <SelectField
        path="contractId"
        label={fieldLabel(locale, 'contractId', form.kind)}
        options={options}
        onPick={(number) => {
          form.set('contractId', number);
          onPick?.(items.find((c) => c.number === number), number);
        }}
      />
      <ErrorText error={contracts.error} />
      {contracts.data && items.length === 0 && <p className="muted">{t('ui.editor.contract-none')}</p>}
      {current && (
        <p className="muted" data-testid="contract-next">
          {current.nextPayment
            ? t('ui.editor.contract-next', { number: current.nextPayment.number, date: date(current.nextPayment.dueDate), amount: money(current.nextPayment.amount) })
            : t('ui.editor.contract-paid')}
        </p>
      )}
    </div>
  );
}
