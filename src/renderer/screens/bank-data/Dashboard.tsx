import { ErrorText } from '../../components/ErrorText.tsx';
import { useCall } from '../../components/use-call.ts';
import { useI18n } from '../../i18n.tsx';
import { href } from '../../router.tsx';
import { grams, isMetal } from './format.ts';
import { useAfterSync } from './use-synced.ts';

/** The default screen: accounts and balances, loan and leasing contracts with their next payment. */
export function Dashboard() {
  const { t, money, date, locale } = useI18n();
  const accounts = useCall('accounts.list', {});
  const contracts = useCall('contracts.list', {});
  const messages = useCall('messages.list', {});
  useAfterSync(accounts.reload);
  useAfterSync(contracts.reload);
  useAfterSync(messages.reload);

  const cash = accounts.data?.accounts.filter((a) => !isMetal(a.currency)) ?? [];
  const metal = accounts.data?.accounts.filter((a) => isMetal(a.currency)) ?? [];
  const list = contracts.data?.contracts ?? [];
  const empty = accounts.data && contracts.data && accounts.data.accounts.length === 0 && list.length === 0;
  const updatedAt = accounts.data?.updatedAt ?? contracts.data?.updatedAt;

  return (
    <section aria-labelledby="dashboard-title" className="bank-data">
      <h1 id="dashboard-title">{t('ui.bank-data.dashboard.title')}</h1>
      {(accounts.loading || contracts.loading) && !accounts.data && <p className="muted">{t('ui.common.loading')}</p>}
      <ErrorText error={accounts.error ?? contracts.error} />
      {empty && <p className="panel">{t('ui.bank-data.dashboard.empty')}</p>}
      {updatedAt && <p className="muted">{t('ui.bank-data.dashboard.as-of', { when: date(updatedAt, true) })}</p>}
      {messages.data && messages.data.unread > 0 && (
        <p>
          <a href={href('messages')}>{t('ui.bank-data.dashboard.unread', { count: messages.data.unread })}</a>
        </p>
      )}

      {accounts.data && accounts.data.accounts.length > 0 && (
        <div className="panel">
          <h2 id="accounts-title">{t('ui.bank-data.accounts.title')}</h2>
          {cash.length === 0 ? (
            <p className="muted">{t('ui.bank-data.accounts.none')}</p>
          ) : (
            <table aria-labelledby="accounts-title">
              <thead>
                <tr>
                  <th scope="col">{t('ui.bank-data.accounts.number')}</th>
                  <th scope="col">{t('ui.bank-data.accounts.currency')}</th>
                  <th scope="col">{t('ui.bank-data.accounts.bank')}</th>
                  <th scope="col">{t('ui.bank-data.accounts.opened')}</th>
                  <th scope="col" className="num">
                    {t('ui.bank-data.accounts.balance')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {cash.map((a) => (
                  <tr key={a.id}>
                    <th scope="row" className="user-text mono">
                      {a.number}
                    </th>
                    <td>{a.currency}</td>
                    <td className="user-text">{a.bank.name}</td>
                    <td>{date(a.openedOn)}</td>
                    <td className="num">{money(a.balance)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {metal.length > 0 && (
            <>
              <h3 id="metal-title">{t('ui.bank-data.accounts.metal-title')}</h3>
              <table aria-labelledby="metal-title">
                <thead>
                  <tr>
                    <th scope="col">{t('ui.bank-data.accounts.number')}</th>
                    <th scope="col">{t('ui.bank-data.accounts.metal')}</th>
                    <th scope="col">{t('ui.bank-data.accounts.opened')}</th>
                    <th scope="col" className="num">
                      {t('ui.bank-data.accounts.balance')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {metal.map((a) => (
                    <tr key={a.id}>
                      <th scope="row" className="user-text mono">
                        {a.number}
                      </th>
                      <td>
                        {t('ui.bank-data.accounts.metal-name', { code: a.currency })} ({a.currency})
                      </td>
                      <td>{date(a.openedOn)}</td>
                      <td className="num">{t('ui.bank-data.accounts.grams', { amount: grams(a.balance, locale) })}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </div>
      )}

      {contracts.data && (accounts.data?.accounts.length ?? 0) + list.length > 0 && (
        <div className="panel">
          <h2 id="contracts-title">{t('ui.bank-data.contracts.title')}</h2>
          {list.length === 0 ? (
            <p className="muted">{t('ui.bank-data.contracts.none')}</p>
          ) : (
            <table aria-labelledby="contracts-title">
              <thead>
                <tr>
                  <th scope="col">{t('ui.bank-data.contracts.number')}</th>
                  <th scope="col">{t('ui.bank-data.contracts.kind')}</th>
                  <th scope="col">{t('ui.bank-data.contracts.subject')}</th>
                  <th scope="col" className="num">
                    {t('ui.bank-data.contracts.outstanding')}
                  </th>
                  <th scope="col">{t('ui.bank-data.contracts.next')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('ui.bank-data.contract.pay')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">
                      <a href={href('contract', c.id)} aria-label={t('ui.bank-data.contracts.open', { number: c.number })}>
                        <span className="user-text">{c.number}</span>
                      </a>
                    </th>
                    <td>{t(c.kind === 'leasing' ? 'ui.bank-data.kind.leasing' : 'ui.bank-data.kind.car-loan')}</td>
                    <td className="user-text">{c.subject}</td>
                    <td className="num">{money(c.outstanding)}</td>
                    <td>{c.nextPayment ? t('ui.bank-data.contracts.next-value', { amount: money(c.nextPayment.amount), date: date(c.nextPayment.dueDate) }) : t('ui.bank-data.contracts.no-next')}</td>
                    <td>
                      {c.nextPayment && (
                        <a className="button-link" href={payHref(c.kind, c.id)} aria-label={`${t(c.kind === 'leasing' ? 'ui.bank-data.contract.pay-leasing' : 'ui.bank-data.contract.pay-loan')} ${c.number}`}>
                          {t(c.kind === 'leasing' ? 'ui.bank-data.contract.pay-leasing' : 'ui.bank-data.contract.pay-loan')}
                        </a>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}

/** The editor's form for paying a contract: #/new/<kind>/<contractId>. */
export const payHref = (kind: 'car-loan' | 'leasing', id: string): string => href('new', kind === 'leasing' ? 'leasing-payment' : 'loan-repayment', id);
