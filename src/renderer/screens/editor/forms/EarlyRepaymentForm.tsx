/** Early repayment, in full or in part, with the bank's payoff quote for the chosen date ("Get quote" asks the bank). */
import { useState } from 'react';
import type { ChannelOutput } from '../../../../shared/ipc/channels.ts';
import { fieldLabel } from '../../../../shared/i18n/validation.ts';
import { ErrorText } from '../../../components/ErrorText.tsx';
import { useAction } from '../../../components/use-call.ts';
import { useI18n } from '../../../i18n.tsx';
import { getPath, setPath, type Content } from '../content.ts';
import { DateField, MoneyField, RadioField, useForm } from '../fields.tsx';
import { ContractSelect } from './ContractSelect.tsx';

export function EarlyRepaymentForm() {
  const { t, locale, money, date } = useI18n();
  const form = useForm();
  const label = (path: string): string => fieldLabel(locale, path, 'early-repayment');
  const quote = useAction('editor.payoff-quote');
  const type = getPath(form.content, 'type');
  const contractId = String(getPath(form.content, 'contractId') ?? '');
  const repaymentDate = String(getPath(form.content, 'repaymentDate') ?? '');
  const [q, setQ] = useState<ChannelOutput<'editor.payoff-quote'> | undefined>();
  const amount = Number(getPath(form.content, 'amount') ?? 0);
  const recalculation = getPath(form.content, 'recalculation') === 'reduce-payment' ? 'reduce-payment' : 'reduce-term';
  // a partial repayment with its amount typed: the bank recalculates the payments still to come
  const partialAsked = type === 'partial' && Number.isSafeInteger(amount) && amount > 0;

  function setType(next: string) {
    let c: Content = setPath(form.content, 'type', next);
    if (next === 'partial') {
      c = setPath(c, 'amount', getPath(c, 'amount') ?? 0);
      c = setPath(c, 'recalculation', getPath(c, 'recalculation') ?? 'reduce-term');
    } else {
      c = setPath(setPath(c, 'amount', undefined), 'recalculation', undefined);
    }
    form.replace(c);
  }

  return (
    <fieldset className="panel">
      <legend>{t('ui.editor.contract')}</legend>
      <ContractSelect
        onPick={() => {
          quote.clear();
          setQ(undefined);
        }}
      />
      <div className="grid">
        <DateField path="repaymentDate" label={label('repaymentDate')} />
      </div>
      <RadioField
        path="type"
        label={label('type')}
        options={[
          { value: 'full', label: t('ui.editor.full') },
          { value: 'partial', label: t('ui.editor.partial') },
        ]}
        onPick={setType}
      />
      {type === 'partial' && (
        <>
          <div className="grid">
            <MoneyField path="amount" label={label('amount')} />
          </div>
          <RadioField
            path="recalculation"
            label={label('recalculation')}
            options={[
              { value: 'reduce-payment', label: t('ui.editor.reduce-payment') },
              { value: 'reduce-term', label: t('ui.editor.reduce-term') },
            ]}
          />
        </>
      )}
      <p>
        <button type="button" className="secondary" disabled={!contractId || !repaymentDate || quote.pending} onClick={async () => setQ(await quote.run(partialAsked ? { contractId, date: repaymentDate, amount, recalculation } : { contractId, date: repaymentDate }))}>
          {t('ui.editor.quote')}
        </button>
      </p>
      <ErrorText error={quote.error} />
      {q && (
        <div className="quote" role="group" aria-label={t('ui.editor.quote-title', { date: date(q.date) })}>
          <h2>{t('ui.editor.quote-title', { date: date(q.date) })}</h2>
          <dl>
            <dt>{t('ui.editor.quote-principal')}</dt>
            <dd className="num">{money(q.principal)}</dd>
            <dt>{t('ui.editor.quote-interest')}</dt>
            <dd className="num">{money(q.accruedInterest)}</dd>
            <dt>{t('ui.editor.quote-payoff')}</dt>
            <dd className="num" data-testid="quote-payoff">
              {money(q.payoff)}
            </dd>
          </dl>
          {q.partial && <PartialQuote q={q} partial={q.partial} />}
          {type === 'partial' && !q.partial && (
            <button type="button" className="secondary" onClick={() => form.set('amount', q.payoff)}>
              {t('ui.editor.quote-use')}
            </button>
          )}
        </div>
      )}
    </fieldset>
  );
}

type Quote = ChannelOutput<'editor.payoff-quote'>;

/** The bank's recalculation after a partial repayment: the new payment, how many are left, the last one's date, and the new schedule. */
function PartialQuote({ q, partial }: { q: Quote; partial: NonNullable<Quote['partial']> }) {
  const { t, money, date } = useI18n();
  const leasing = q.kind === 'leasing';
  return (
    <div data-testid="partial-quote">
      <dl>
        <dt>{t('ui.overview.quote.new-payment')}</dt>
        <dd className="num" data-testid="quote-new-payment">
          {money(partial.newPayment)}
        </dd>
        <dt>{t('ui.overview.quote.new-term')}</dt>
        <dd className="num" data-testid="quote-payments-left">
          {partial.paymentsLeft}
        </dd>
        {partial.lastDueDate && (
          <>
            <dt>{t('ui.overview.quote.new-end')}</dt>
            <dd data-testid="quote-last-due">{date(partial.lastDueDate)}</dd>
          </>
        )}
      </dl>
      <h3 id="quote-schedule-title">{t('ui.overview.quote.schedule')}</h3>
      <div className="table-scroll">
        <table aria-labelledby="quote-schedule-title">
          <thead>
            <tr>
              <th scope="col" className="num">
                {t('ui.bank-data.schedule.number')}
              </th>
              <th scope="col">{t('ui.bank-data.schedule.due')}</th>
              <th scope="col" className="num">
                {leasing ? t('ui.overview.leasing.payment') : t('ui.bank-data.schedule.total')}
              </th>
              {leasing ? (
                <th scope="col" className="num">
                  {t('ui.overview.leasing.vat')}
                </th>
              ) : (
                <>
                  <th scope="col" className="num">
                    {t('ui.bank-data.schedule.principal')}
                  </th>
                  <th scope="col" className="num">
                    {t('ui.bank-data.schedule.interest')}
                  </th>
                </>
              )}
            </tr>
          </thead>
          <tbody>
            {partial.schedule.map((i) => (
              <tr key={i.number}>
                <td className="num">{i.number}</td>
                <td>{date(i.dueDate)}</td>
                <td className="num">{money(i.total)}</td>
                {leasing ? (
                  <td className="num">{money(i.vat ?? 0)}</td>
                ) : (
                  <>
                    <td className="num">{money(i.principal)}</td>
                    <td className="num">{money(i.interest)}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
