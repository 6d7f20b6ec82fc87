import { useState } from 'react';
import { ErrorText } from '../../components/ErrorText.tsx';
import { TableHead } from '../../components/TableHead.tsx';
import { useCall } from '../../components/use-call.ts';
import { useI18n } from '../../i18n.tsx';
import { href } from '../../router.tsx';
import { payHref } from './Dashboard.tsx';
import { DebtChart, type DebtPoint } from './DebtChart.tsx';
import { useAfterSync } from './use-synced.ts';

/** Route contract/<id>: the contract, its schedule (table and chart of the remaining debt), its requisites to copy or print, "pay". */
export function ContractView({ params }: { params: string[] }) {
  const { t, money, date, rate } = useI18n();
  const id = params[0] ?? '';
  const call = useCall('contracts.get', id ? { id } : null);
  useAfterSync(call.reload);
  const [copy, setCopy] = useState<{ ok: true } | { ok: false; reason: string } | undefined>();
  const c = call.data;

  if (!c) {
    return (
      <section className="bank-data">
        <p className="no-print">
          <a href={href('dashboard')}>{t('ui.bank-data.contract.back')}</a>
        </p>
        {call.loading && <p className="muted">{t('ui.common.loading')}</p>}
        <ErrorText error={call.error} />
      </section>
    );
  }

  const start = c.schedule.reduce((s, i) => s + i.principal, 0);
  let left = start;
  const points: DebtPoint[] = c.schedule.map((i) => {
    left -= i.principal;
    return { number: i.number, dueDate: i.dueDate, remaining: left, paid: i.paid };
  });
  // leasing is a service paid with VAT, not a loan: its schedule is payments and their VAT, no interest
  const leasing = c.kind === 'leasing';
  const paymentsTotal = c.schedule.reduce((s, i) => s + i.total, 0);
  const paymentsLeft = c.schedule.filter((i) => !i.paid).reduce((s, i) => s + i.total, 0);
  let due = paymentsTotal;
  const leftAfter = c.schedule.map((i) => (due -= i.total));
  const r = c.requisites;
  const requisites: [string, string][] = [
    [t('ui.bank-data.requisites.payee'), r.payeeName],
    [t('ui.bank-data.requisites.inn'), r.inn],
    [t('ui.bank-data.requisites.kpp'), r.kpp],
    [t('ui.bank-data.requisites.account'), r.account],
    [t('ui.bank-data.requisites.bank'), r.bankName],
    [t('ui.bank-data.requisites.bic'), r.bic],
    [t('ui.bank-data.requisites.corr'), r.corrAccount],
    [t('ui.bank-data.requisites.purpose'), r.purpose],
  ];
  const title = t(c.kind === 'leasing' ? 'ui.bank-data.contract.title-leasing' : 'ui.bank-data.contract.title-car-loan', { number: c.number });

  const copyRequisites = async (): Promise<void> => {
    const text = [title, ...requisites.map(([k, v]) => `${k}: ${v}`)].join('\n');
    try {
      await navigator.clipboard.writeText(text);
      setCopy({ ok: true });
    } catch (e) {
      setCopy({ ok: false, reason: e instanceof Error ? e.message : String(e) });
    }
  };

  return (
    <section aria-labelledby="contract-title" className="bank-data contract">
      <p className="no-print">
        <a href={href('dashboard')}>{t('ui.bank-data.contract.back')}</a>
      </p>
      <h1 id="contract-title" className="no-print">
        <span className="user-text">{title}</span>
      </h1>
      <div className="panel no-print">
        <dl className="facts">
          <dt>{t('ui.bank-data.contracts.subject')}</dt>
          <dd className="user-text">{c.subject}</dd>
          <dt>{t('ui.bank-data.contract.signed-on')}</dt>
          <dd>{date(c.signedOn)}</dd>
          <dt>{t('ui.bank-data.contract.principal')}</dt>
          <dd>
            {money(c.principal, c.currency)}
          </dd>
          {leasing ? (
            <>
              <dt>{t('ui.overview.leasing.payments-total')}</dt>
              <dd>
                {money(paymentsTotal, c.currency)}
              </dd>
              {c.vatRateBp !== undefined && (
                <>
                  <dt>{t('ui.overview.leasing.vat-rate')}</dt>
                  <dd>{rate(c.vatRateBp)}</dd>
                </>
              )}
              <dt>{t('ui.overview.leasing.left')}</dt>
              <dd>
                {money(paymentsLeft, c.currency)}
              </dd>
            </>
          ) : (
            <>
              <dt>{t('ui.bank-data.contract.rate')}</dt>
              <dd>{rate(c.rateBp)}</dd>
              <dt>{t('ui.bank-data.contracts.outstanding')}</dt>
              <dd>
                {money(c.outstanding, c.currency)}
              </dd>
            </>
          )}
          <dt>{t('ui.bank-data.contracts.next')}</dt>
          <dd>{c.nextPayment ? t('ui.bank-data.contracts.next-value', { amount: money(c.nextPayment.amount), date: date(c.nextPayment.dueDate) }) : t('ui.bank-data.contracts.no-next')}</dd>
        </dl>
        {c.nextPayment && (
          <p>
            <a className="button-link" href={payHref(c.kind, c.id)}>
              {t(c.kind === 'leasing' ? 'ui.bank-data.contract.pay-leasing' : 'ui.bank-data.contract.pay-loan')}
            </a>
          </p>
        )}
      </div>

      <div className="panel print-area" aria-labelledby="requisites-title" role="region">
        <h2 id="requisites-title">{t('ui.bank-data.requisites.title')}</h2>
        <p className="print-only user-text">{t('ui.bank-data.requisites.contract', { number: c.number, date: date(c.signedOn) })}</p>
        <dl className="facts requisites" data-testid="requisites">
          {requisites.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd className="user-text">{v}</dd>
            </div>
          ))}
        </dl>
        <div className="toolbar no-print">
          <button type="button" onClick={() => void copyRequisites()}>
            {t('ui.bank-data.requisites.copy')}
          </button>
          <button type="button" className="secondary" onClick={() => window.print()}>
            {t('ui.bank-data.requisites.print')}
          </button>
        </div>
        <p role="status" className="no-print">
          {copy?.ok === true && t('ui.bank-data.requisites.copied')}
        </p>
        {copy?.ok === false && (
          <p role="alert" className="error no-print">
            {t('ui.bank-data.requisites.copy-failed', { reason: copy.reason })}
          </p>
        )}
      </div>

      <div className="panel no-print">
        <h2 id="schedule-title">{t('ui.bank-data.schedule.title')}</h2>
        {c.schedule.length === 0 ? (
          <p className="muted">{t('ui.bank-data.schedule.empty')}</p>
        ) : (
          <>
            {leasing ? (
              <DebtChart leasing points={c.schedule.map((i, n) => ({ number: i.number, dueDate: i.dueDate, remaining: leftAfter[n]!, paid: i.paid }))} start={paymentsTotal} />
            ) : (
              <DebtChart points={points} start={start} />
            )}
            <div className="table-scroll">
              <table aria-labelledby="schedule-title" data-testid="schedule">
                <TableHead
                  columns={
                    leasing
                      ? [
                          { label: t('ui.bank-data.schedule.number'), num: true },
                          t('ui.bank-data.schedule.due'),
                          { label: t('ui.overview.leasing.payment'), num: true },
                          { label: t('ui.overview.leasing.vat'), num: true },
                          { label: t('ui.overview.leasing.left'), num: true },
                          t('ui.bank-data.schedule.state'),
                          t('ui.editor.schedule-action'),
                        ]
                      : [
                          { label: t('ui.bank-data.schedule.number'), num: true },
                          t('ui.bank-data.schedule.due'),
                          { label: t('ui.bank-data.schedule.total'), num: true },
                          { label: t('ui.bank-data.schedule.principal'), num: true },
                          { label: t('ui.bank-data.schedule.interest'), num: true },
                          { label: t('ui.bank-data.schedule.remaining'), num: true },
                          t('ui.bank-data.schedule.state'),
                          t('ui.editor.schedule-action'),
                        ]
                  }
                />
                <tbody>
                  {c.schedule.map((i, n) => (
                    <tr key={i.number} className={i.paid ? 'paid' : undefined}>
                      <td className="num">{i.number}</td>
                      <td>{date(i.dueDate)}</td>
                      <td className="num">{money(i.total)}</td>
                      {leasing ? (
                        <>
                          <td className="num">{i.vat === undefined ? '—' : money(i.vat)}</td>
                          <td className="num">{money(leftAfter[n]!)}</td>
                        </>
                      ) : (
                        <>
                          <td className="num">{money(i.principal)}</td>
                          <td className="num">{money(i.interest)}</td>
                          <td className="num">{money(points[n]!.remaining)}</td>
                        </>
                      )}
                      <td>{i.paid ? t('ui.bank-data.schedule.paid') : t('ui.bank-data.schedule.due-state')}</td>
                      <td>
                        {!i.paid && (
                          <a href={payHref(c.kind, c.id, i.number)} aria-label={t('ui.editor.pay-instalment-label', { number: i.number, date: date(i.dueDate) })}>
                            {t('ui.editor.pay-instalment')}
                          </a>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </div>
    </section>
  );
}
