/**
 * A leasing payment or a loan repayment: picking the contract fills the next unpaid instalment
 * of its schedule (amount, due date, purpose with the contract's requisites) and the account to
 * pay from; every field stays editable.
 */
import { useState } from 'react';
import { fieldLabel } from '../../../../shared/i18n/validation.ts';
import { bank } from '../../../bank.ts';
import { ErrorText } from '../../../components/ErrorText.tsx';
import { useCall } from '../../../components/use-call.ts';
import { useI18n } from '../../../i18n.tsx';
import { getPath, setPath } from '../content.ts';
import { AreaField, DateField, IntField, MoneyField, SelectField, TextField, useForm } from '../fields.tsx';
import { ContractSelect, type ContractItem } from './ContractSelect.tsx';

export function ContractPaymentForm() {
  const { t, locale, money } = useI18n();
  const form = useForm();
  const kind = form.kind === 'leasing-payment' ? 'leasing-payment' : 'loan-repayment';
  const label = (path: string): string => fieldLabel(locale, path, kind);
  const accounts = useCall('editor.accounts', {});
  const [filled, setFilled] = useState<string | undefined>();
  const [error, setError] = useState<unknown>();
  const [picked, setContract] = useState<ContractItem | undefined>();
  // a contract filled in before the form opened (a "pay" link) shows its requisites too
  const contracts = useCall('editor.contracts', { kind: kind === 'leasing-payment' ? 'leasing' : 'car-loan' });
  const contractId = String(getPath(form.content, 'contractId') ?? '');
  const contract = picked ?? contracts.data?.items.find((c) => c.number === contractId);
  const payerAccount = String(getPath(form.content, 'payer.account') ?? '');

  async function prefill(c: ContractItem | undefined) {
    setContract(c);
    setFilled(undefined);
    setError(undefined);
    if (!c) return;
    try {
      const r = await bank.invoke('editor.contract-prefill', { kind, contractId: c.id, ...(payerAccount ? { account: payerAccount } : {}) });
      form.replace(r.content as Record<string, unknown>);
      setFilled(c.number);
    } catch (e) {
      setError(e);
    }
  }

  const accountItems = accounts.data?.items ?? [];
  return (
    <>
      <fieldset className="panel">
        <legend>{t('ui.editor.contract')}</legend>
        <ContractSelect kind={kind === 'leasing-payment' ? 'leasing' : 'car-loan'} onPick={(c) => void prefill(c)} />
        <ErrorText error={error} />
        <p role="status" className="muted">
          {filled ? t('ui.editor.prefilled', { number: filled }) : ''}
        </p>
        {contract && (
          <div className="requisites" role="group" aria-label={t('ui.editor.requisites')}>
            <h2>{t('ui.editor.requisites')}</h2>
            <dl>
              <dt>{t('ui.editor.party.name')}</dt>
              <dd className="user-text">{contract.requisites.payeeName}</dd>
              <dt>{t('ui.editor.party.inn')} / {t('ui.editor.party.kpp')}</dt>
              <dd className="user-text">
                {contract.requisites.inn} / {contract.requisites.kpp}
              </dd>
              <dt>{t('ui.editor.party.account')}</dt>
              <dd className="user-text">{contract.requisites.account}</dd>
              <dt>{t('ui.editor.party.bank-name')}</dt>
              <dd className="user-text">
                {contract.requisites.bankName}, {t('ui.editor.party.bic')} {contract.requisites.bic}, {t('ui.editor.party.corr')} {contract.requisites.corrAccount}
              </dd>
            </dl>
          </div>
        )}
      </fieldset>
      <fieldset className="panel">
        <legend>{t('ui.editor.payment')}</legend>
        <div className="grid">
          <IntField path="instalment.number" label={label('instalment.number')} />
          <DateField path="instalment.dueDate" label={label('instalment.dueDate')} />
          <MoneyField path="amount" label={label('amount')} />
          <DateField path="date" label={label('date')} />
          {accountItems.length > 0 ? (
            <SelectField
              path="payer.account"
              also={['payer.bic']}
              label={t('ui.editor.payer-account')}
              options={[
                ...accountItems.map((a) => ({ value: a.number, label: t('ui.editor.account-option', { number: a.number, currency: a.currency, balance: money(a.balance) }) })),
                ...(payerAccount && !accountItems.some((a) => a.number === payerAccount) ? [{ value: payerAccount, label: payerAccount }] : []),
              ]}
              onPick={(number) => {
                const a = accountItems.find((x) => x.number === number);
                let next = setPath(form.content, 'payer.account', number);
                if (a) next = setPath(next, 'payer.bic', a.bic);
                form.replace(next);
              }}
            />
          ) : (
            <>
              <TextField path="payer.account" label={t('ui.editor.payer-account')} inputMode="numeric" />
              <TextField path="payer.bic" label={t('ui.editor.party.bic')} inputMode="numeric" />
            </>
          )}
        </div>
        <AreaField path="purpose" label={label('purpose')} rows={3} />
      </fieldset>
    </>
  );
}
