/** The payment order (form 0401060): every field, the payee picked from the directory, VAT in the purpose, the budget fields. */
import { useEffect, useRef, useState } from 'react';
import { placeOf } from '../../../../shared/domain/bic-directory.ts';
import { bank } from '../../../bank.ts';
import { useI18n } from '../../../i18n.tsx';
import { fieldLabel } from '../../../../shared/i18n/validation.ts';
import { useCall } from '../../../components/use-call.ts';
import { getPath, setPath, withVat } from '../content.ts';
import { CounterpartyPicker } from '../CounterpartyPicker.tsx';
import { AreaField, DateField, FindingList, MoneyField, SelectField, TextField, useFindings, useForm } from '../fields.tsx';

/**
 * The payer is the company: its account is chosen from its own accounts (as the last exchange
 * brought them), which fills the bank; its name, INN and KPP come from its profile at the bank
 * (the session) and are not typed. Without accounts yet (no exchange), the fields are typed.
 */
function Payer() {
  const { t, money } = useI18n();
  const form = useForm();
  const accounts = useCall('editor.accounts', {});
  const items = accounts.data?.items ?? [];
  if (items.length === 0) return <Party role="payer" />;
  const account = String(getPath(form.content, 'payer.account') ?? '');
  const filled = (path: string): boolean => String(getPath(form.content, path) ?? '') !== '';
  return (
    <fieldset className="panel">
      <legend>{t('ui.editor.payer')}</legend>
      <div className="grid">
        <SelectField
          path="payer.account"
          also={['payer.bank.bic', 'payer.bank.name', 'payer.bank.corrAccount']}
          label={t('ui.editor.payer-account')}
          wide
          options={[
            ...(account === '' ? [{ value: '', label: t('ui.editor.account-pick') }] : []),
            ...items.map((a) => ({ value: a.number, label: t('ui.editor.account-option', { number: a.number, currency: a.currency, balance: money(a.balance) }) })),
            ...(account && !items.some((a) => a.number === account) ? [{ value: account, label: account }] : []),
          ]}
          onPick={(number) => {
            const a = items.find((x) => x.number === number);
            let next = setPath(form.content, 'payer.account', number);
            if (a) next = setPath(next, 'payer.bank', { name: a.bankName, bic: a.bic, corrAccount: a.corrAccount });
            form.replace(next);
          }}
        />
        <TextField path="payer.name" label={t('ui.editor.party.name')} wide readOnly={filled('payer.name')} />
        <TextField path="payer.inn" label={t('ui.editor.party.inn')} inputMode="numeric" readOnly={filled('payer.inn')} />
        <TextField path="payer.kpp" label={t('ui.editor.party.kpp')} readOnly={filled('payer.kpp')} />
      </div>
      <p className="muted hint">{t('ui.editor.payer-profile')}</p>
    </fieldset>
  );
}

function Party({ role }: { role: 'payer' | 'payee' }) {
  const { t } = useI18n();
  const f = (name: string): string => `${role}.${name}`;
  return (
    <fieldset className="panel">
      <legend>{t(role === 'payer' ? 'ui.editor.payer' : 'ui.editor.payee')}</legend>
      {role === 'payee' && <CounterpartyPicker />}
      <div className="grid">
        <TextField path={f('name')} label={t('ui.editor.party.name')} wide />
        <TextField path={f('inn')} label={t('ui.editor.party.inn')} inputMode="numeric" />
        <TextField path={f('kpp')} label={t('ui.editor.party.kpp')} />
        <TextField path={f('account')} label={t('ui.editor.party.account')} inputMode="numeric" />
        <BicField path={f('bank')} />
        <TextField path={f('bank.name')} label={t('ui.editor.party.bank-name')} />
        <TextField path={f('bank.corrAccount')} label={t('ui.editor.party.corr')} inputMode="numeric" />
      </div>
    </fieldset>
  );
}

/**
 * The BIC of a party's bank: typed to 9 digits, it is looked up in the profile's BIC directory;
 * a bank found fills the name (with its settlement, as field 13 of the form writes it) and the
 * correspondent account, and the page's validation hears what the directory says (unknown,
 * closed, restricted). A stored document's BIC is looked up without overwriting its fields.
 */
function BicField({ path }: { path: string }) {
  const { t } = useI18n();
  const form = useForm();
  const bic = String(getPath(form.content, `${path}.bic`) ?? '');
  const [said, setSaid] = useState<{ text: string; error: boolean } | undefined>();
  const first = useRef(true);
  const { set, rememberBic } = form;
  useEffect(() => {
    const typed = !first.current;
    first.current = false;
    if (!/^\d{9}$/.test(bic)) {
      setSaid(undefined);
      return;
    }
    let live = true;
    bank.invoke('directory.lookup', { bic }).then(
      (r) => {
        if (!live) return;
        if (r.found) {
          const place = placeOf(r.record);
          rememberBic(bic, r.record);
          setSaid({ text: t('ui.directory.found', { name: r.record.name, place, corr: r.record.corrAccount }), error: false });
          if (typed) {
            set(`${path}.name`, place ? `${r.record.name} ${place}` : r.record.name);
            set(`${path}.corrAccount`, r.record.corrAccount);
          }
        } else if (r.directory) {
          rememberBic(bic, null);
          setSaid(undefined);
        } else setSaid({ text: t('ui.directory.no-directory'), error: false });
      },
      () => live && setSaid(undefined),
    );
    return () => {
      live = false;
    };
  }, [bic]);
  return <TextField path={`${path}.bic`} label={t('ui.editor.party.bic')} inputMode="numeric" extra={said} />;
}

/** Findings about the budget fields as a whole (needed for a treasury payee, or not expected). */
function BudgetFindings() {
  const findings = useFindings(['budget']);
  return <FindingList findings={findings} idBase="budget" />;
}

const VAT_RATES = [5, 7, 10, 20, 22];
const EMPTY_BUDGET = { payerStatus: '01', kbk: '', oktmo: '', basis: '0', period: '0', documentNumber: '0', documentDate: '0' };

export function PaymentOrderForm() {
  const { t, locale } = useI18n();
  const form = useForm();
  const [vat, setVat] = useState('keep');
  const label = (path: string): string => fieldLabel(locale, path, 'payment-order');
  const amount = Number(getPath(form.content, 'amount') ?? 0);
  const purpose = String(getPath(form.content, 'purpose') ?? '');
  const applyVat = (rate: string, k = amount) => {
    setVat(rate);
    if (rate === 'keep') return;
    form.set('purpose', withVat(purpose, k, rate === 'none' ? 'none' : Number(rate)));
  };
  const budget = getPath(form.content, 'budget');
  return (
    <>
      <fieldset className="panel">
        <legend>{t('ui.editor.payment')}</legend>
        <div className="grid">
          <TextField path="number" label={label('number')} />
          <DateField path="date" label={label('date')} />
          <MoneyField path="amount" label={label('amount')} onAmount={(k) => vat !== 'keep' && applyVat(vat, k)} />
          <SelectField path="priority" label={label('priority')} numeric options={[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: String(n) }))} />
          <TextField path="uin" label={label('uin')} inputMode="numeric" />
          <TextField path="paymentKind" label={t('ui.editor.optional', { label: label('paymentKind') })} />
          <SelectField
            path="incomeType"
            label={t('ui.editor.optional', { label: label('incomeType') })}
            options={[{ value: '', label: t('ui.editor.income-none') }, ...['1', '2', '3', '4', '5'].map((v) => ({ value: v, label: v }))]}
          />
          <TextField path="operationType" label={label('operationType')} />
        </div>
      </fieldset>
      <Payer />
      <Party role="payee" />
      <div className="panel">
        <AreaField path="purpose" label={label('purpose')} rows={3} />
        <div className="field">
          <label htmlFor="editor-vat">{t('ui.editor.vat')}</label>
          <select id="editor-vat" value={vat} onChange={(e) => applyVat(e.target.value)}>
            <option value="keep">{t('ui.editor.vat.keep')}</option>
            <option value="none">{t('ui.editor.vat.none')}</option>
            {VAT_RATES.map((r) => (
              <option key={r} value={String(r)}>
                {t('ui.editor.vat.rate', { rate: r })}
              </option>
            ))}
          </select>
        </div>
      </div>
      <fieldset className="panel">
        <legend>{t('ui.editor.budget')}</legend>
        <label className="check">
          <input type="checkbox" checked={budget !== undefined} onChange={(e) => form.set('budget', e.target.checked ? EMPTY_BUDGET : undefined)} /> {t('ui.editor.budget-toggle')}
        </label>
        <BudgetFindings />
        {budget !== undefined && (
          <div className="grid">
            <TextField path="budget.payerStatus" label={label('budget.payerStatus')} />
            <TextField path="budget.kbk" label={label('budget.kbk')} />
            <TextField path="budget.oktmo" label={label('budget.oktmo')} />
            <TextField path="budget.basis" label={label('budget.basis')} />
            <TextField path="budget.period" label={label('budget.period')} />
            <TextField path="budget.documentNumber" label={label('budget.documentNumber')} />
            <TextField path="budget.documentDate" label={label('budget.documentDate')} />
          </div>
        )}
      </fieldset>
    </>
  );
}
