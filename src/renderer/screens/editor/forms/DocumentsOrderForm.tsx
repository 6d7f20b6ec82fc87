/** Ordering documents from the bank: copies of payment documents, a statement, certificates; and how to get them. */
import { useState } from 'react';
import { DOCUMENT_ORDER_TYPES } from '../../../../shared/domain/applications.ts';
import type { MessageKey } from '../../../../shared/i18n/index.ts';
import { fieldLabel } from '../../../../shared/i18n/validation.ts';
import { useCall } from '../../../components/use-call.ts';
import { useI18n } from '../../../i18n.tsx';
import { getPath, setPath, type Content } from '../content.ts';
import { AreaField, DateField, FindingList, IntField, RadioField, SelectField, TextField, useFindings, useForm } from '../fields.tsx';
import { ContractSelect } from './ContractSelect.tsx';

type OrderField = 'account' | 'period' | 'asOf' | 'contractId' | 'documentNumbers';
/** What each kind of order asks for (the same table as the validator's). */
const FIELDS: Record<(typeof DOCUMENT_ORDER_TYPES)[number], OrderField[]> = {
  'payment-copies': ['account', 'period', 'documentNumbers'],
  statement: ['account', 'period'],
  'turnover-certificate': ['account', 'period'],
  'balance-certificate': ['account', 'asOf'],
  'accounts-certificate': ['asOf'],
  'loan-debt-certificate': ['contractId', 'asOf'],
};

function DocumentNumbers() {
  const { t, locale } = useI18n();
  const form = useForm();
  const list = getPath(form.content, 'documentNumbers');
  const [text, setText] = useState(Array.isArray(list) ? list.join(', ') : '');
  const findings = useFindings(['documentNumbers', 'documentNumbers.*']);
  const invalid = findings.some((f) => f.severity === 'error');
  return (
    <div className="field wide" data-path="documentNumbers">
      <label htmlFor="order-numbers">{t('ui.editor.optional', { label: fieldLabel(locale, 'documentNumbers', 'payment-documents-order') })}</label>
      <input
        id="order-numbers"
        value={text}
        aria-invalid={invalid || undefined}
        aria-describedby={['order-numbers-hint', ...findings.map((_, i) => `order-numbers-f${i}`)].join(' ')}
        onChange={(e) => {
          setText(e.target.value);
          const numbers = e.target.value.split(/[\s,;]+/).filter(Boolean);
          form.set('documentNumbers', numbers.length ? numbers : undefined);
        }}
      />
      <p id="order-numbers-hint" className="muted hint">
        {t('ui.editor.numbers-hint')}
      </p>
      <FindingList findings={findings} idBase="order-numbers" />
    </div>
  );
}

export function DocumentsOrderForm() {
  const { t, locale } = useI18n();
  const form = useForm();
  const today = form.today;
  const label = (path: string): string => fieldLabel(locale, path, 'payment-documents-order');
  const accounts = useCall('editor.accounts', {});
  const type = String(getPath(form.content, 'type')) as (typeof DOCUMENT_ORDER_TYPES)[number];
  const wanted = FIELDS[type] ?? [];
  const method = String(getPath(form.content, 'delivery.method') ?? 'electronic');

  function setType(next: string) {
    const fields = FIELDS[next as keyof typeof FIELDS] ?? [];
    let c: Content = setPath(form.content, 'type', next);
    const firstAccount = accounts.data?.items[0]?.number ?? '';
    if (!fields.includes('account')) c = setPath(c, 'account', undefined);
    else if (getPath(c, 'account') === undefined) c = setPath(c, 'account', firstAccount);
    if (!fields.includes('period')) c = setPath(c, 'period', undefined);
    else if (getPath(c, 'period') === undefined) c = setPath(c, 'period', { from: today, to: today });
    if (!fields.includes('asOf')) c = setPath(c, 'asOf', undefined);
    else if (getPath(c, 'asOf') === undefined) c = setPath(c, 'asOf', today);
    if (!fields.includes('contractId')) c = setPath(c, 'contractId', undefined);
    else if (getPath(c, 'contractId') === undefined) c = setPath(c, 'contractId', '');
    if (!fields.includes('documentNumbers')) c = setPath(c, 'documentNumbers', undefined);
    form.replace(c);
  }

  function setMethod(next: string) {
    const copies = Number(getPath(form.content, 'delivery.copies') ?? 1) || 1;
    const address = String(getPath(form.content, 'delivery.address') ?? '');
    form.set('delivery', next === 'electronic' ? { method: next } : next === 'branch' ? { method: next, copies } : { method: next, copies, address });
  }

  const accountItems = accounts.data?.items ?? [];
  const account = String(getPath(form.content, 'account') ?? '');
  return (
    <>
      <fieldset className="panel">
        <legend>{label('type')}</legend>
        <SelectField path="type" label={label('type')} options={DOCUMENT_ORDER_TYPES.map((v) => ({ value: v, label: t(`ui.editor.order.${v}` as MessageKey) }))} onPick={setType} />
        <div className="grid">
          {wanted.includes('account') &&
            (accountItems.length > 0 ? (
              <SelectField
                path="account"
                label={label('account')}
                options={[...accountItems.map((a) => ({ value: a.number, label: `${a.number} (${a.currency})` })), ...(account && !accountItems.some((a) => a.number === account) ? [{ value: account, label: account }] : [])]}
              />
            ) : (
              <TextField path="account" label={label('account')} inputMode="numeric" />
            ))}
          {wanted.includes('period') && (
            <>
              <DateField path="period.from" label={label('period.from')} />
              <DateField path="period.to" label={label('period.to')} />
            </>
          )}
          {wanted.includes('asOf') && <DateField path="asOf" label={label('asOf')} />}
        </div>
        {wanted.includes('contractId') && <ContractSelect kind="car-loan" />}
        {wanted.includes('documentNumbers') && <DocumentNumbers />}
      </fieldset>
      <fieldset className="panel">
        <legend>{label('delivery')}</legend>
        <RadioField
          path="delivery.method"
          label={label('delivery.method')}
          options={(['electronic', 'branch', 'courier'] as const).map((v) => ({ value: v, label: t(`ui.editor.delivery.${v}` as MessageKey) }))}
          onPick={setMethod}
        />
        <div className="grid">
          {method !== 'electronic' && <IntField path="delivery.copies" label={label('delivery.copies')} />}
          {method === 'courier' && <TextField path="delivery.address" label={label('delivery.address')} wide />}
        </div>
        <AreaField path="comment" label={t('ui.editor.optional', { label: label('comment') })} rows={2} />
      </fieldset>
    </>
  );
}
