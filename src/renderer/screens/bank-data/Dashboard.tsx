import type { ChannelOutput } from '../../../shared/ipc/channels.ts';
import { ErrorText } from '../../components/ErrorText.tsx';
import { TableHead } from '../../components/TableHead.tsx';
import { useCall } from '../../components/use-call.ts';
import { useI18n } from '../../i18n.tsx';
import { href } from '../../router.tsx';
import { grams, isMetal } from './format.ts';
import { useAfterSync } from './use-synced.ts';

type Account = ChannelOutput<'accounts.list'>['accounts'][number];

/** The default screen: accounts and balances, loan and leasing contracts with their next payment. */
export function Dashboard() {
  const { t, money, date } = useI18n();
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
  const totals = totalBalances(cash);
  const updatedAt = accounts.data?.updatedAt ?? contracts.data?.updatedAt;

  return (
    <section aria-labelledby="dashboard-title" className="bank-data">
      <h1 id="dashboard-title">{t('ui.bank-data.dashboard.title')}</h1>
      {(accounts.loading || contracts.loading) && !accounts.data && <p className="muted">{t('ui.common.loading')}</p>}
      <ErrorText error={accounts.error ?? contracts.error} />
      {empty && <p className="panel">{t('ui.bank-data.dashboard.empty')}</p>}
      {updatedAt && <p className="muted">{t('ui.bank-data.dashboard.as-of', { when: date(updatedAt, true) })}</p>}
      <p className="no-print">
        <a className="button-link" href={href('new', 'payment-order')}>
          {t('ui.overview.new-payment')}
        </a>
      </p>
      {totals.length > 0 && (
        <div className="panel" role="region" aria-labelledby="total-title">
          <h2 id="total-title">{t('ui.overview.total-title')}</h2>
          <ul className="totals" data-testid="total-balance">
            {totals.map((x) => (
              <li key={x.currency}>
                {t('ui.overview.total-line', { currency: x.currency, amount: money(x.balance, x.currency), count: x.count })}
              </li>
            ))}
          </ul>
        </div>
      )}
      {messages.data && messages.data.unread > 0 && (
        <p>
          <a href={href('messages')}>{t('ui.bank-data.dashboard.unread', { count: messages.data.unread })}</a>
        </p>
      )}

      {accounts.data && accounts.data.accounts.length > 0 && (
        <div className="panel">
          <h2 id="accounts-title">{t('ui.bank-data.accounts.title')}</h2>
          {cash.length === 0 ? <p className="muted">{t('ui.bank-data.accounts.none')}</p> : <AccountTable accounts={cash} labelledBy="accounts-title" />}
          {metal.length > 0 && (
            <>
              <h3 id="metal-title">{t('ui.bank-data.accounts.metal-title')}</h3>
              <AccountTable accounts={metal} labelledBy="metal-title" metal />
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
              <TableHead
                columns={[
                  t('ui.bank-data.contracts.number'),
                  t('ui.bank-data.contracts.kind'),
                  t('ui.bank-data.contracts.subject'),
                  { label: t('ui.overview.contracts.left'), num: true },
                  t('ui.bank-data.contracts.next'),
                  { label: t('ui.bank-data.contract.pay'), hidden: true },
                ]}
              />
              <tbody>
                {list.map((c) => {
                  const pay = t(c.kind === 'leasing' ? 'ui.bank-data.contract.pay-leasing' : 'ui.bank-data.contract.pay-loan');
                  return (
                    <tr key={c.id}>
                      <th scope="row">
                        <a href={href('contract', c.id)} aria-label={t('ui.bank-data.contracts.open', { number: c.number })}>
                          <span className="user-text">{c.number}</span>
                        </a>
                      </th>
                      <td>{t(c.kind === 'leasing' ? 'ui.bank-data.kind.leasing' : 'ui.bank-data.kind.car-loan')}</td>
                      <td className="user-text">{c.subject}</td>
                      {/* leasing is payments with VAT, not a debt: what is left to pay and the VAT in it */}
                      {c.kind === 'leasing' && c.leasing ? (
                        <td className="num" data-testid="contract-left">
                          {money(c.leasing.paymentsLeft)}
                          <small className="muted cell-note">{t('ui.overview.leasing.left-note', { vat: money(c.leasing.vatLeft) })}</small>
                        </td>
                      ) : (
                        <td className="num" data-testid="contract-left">
                          {money(c.outstanding)}
                          <small className="muted cell-note">{t('ui.overview.loan.left-note')}</small>
                        </td>
                      )}
                      <td>
                        {c.nextPayment ? t('ui.bank-data.contracts.next-value', { amount: money(c.nextPayment.amount), date: date(c.nextPayment.dueDate) }) : t('ui.bank-data.contracts.no-next')}
                        {c.nextPayment && c.leasing?.nextVat !== undefined && <small className="muted cell-note">{t('ui.overview.leasing.next-vat', { vat: money(c.leasing.nextVat) })}</small>}
                      </td>
                      <td>
                        {c.nextPayment && (
                          <a className="button-link" href={payHref(c.kind, c.id)} aria-label={`${pay} ${c.number}`}>
                            {pay}
                          </a>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}

/** Accounts in money, or in metal (grams): number, currency or metal, bank (money only), opened, balance. */
function AccountTable({ accounts, labelledBy, metal = false }: { accounts: Account[]; labelledBy: string; metal?: boolean }) {
  const { t, money, date, locale } = useI18n();
  return (
    <table aria-labelledby={labelledBy}>
      <TableHead
        columns={[
          t('ui.bank-data.accounts.number'),
          ...(metal ? [t('ui.bank-data.accounts.metal')] : [t('ui.bank-data.accounts.currency'), t('ui.bank-data.accounts.bank')]),
          t('ui.bank-data.accounts.opened'),
          { label: t('ui.bank-data.accounts.balance'), num: true },
        ]}
      />
      <tbody>
        {accounts.map((a) => (
          <tr key={a.id}>
            <th scope="row" className="user-text mono">
              {a.number}
            </th>
            {metal ? (
              <td>
                {t('ui.bank-data.accounts.metal-name', { code: a.currency })} ({a.currency})
              </td>
            ) : (
              <>
                <td>{a.currency}</td>
                <td className="user-text">{a.bank.name}</td>
              </>
            )}
            <td>{date(a.openedOn)}</td>
            <td className="num">{metal ? t('ui.bank-data.accounts.grams', { amount: grams(a.balance, locale) }) : money(a.balance)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The balance of the accounts the last exchange brought, summed per currency (money accounts only), in the order the currencies first appear. */
export function totalBalances(accounts: readonly { currency: string; balance: number }[]): { currency: string; balance: number; count: number }[] {
  const by = new Map<string, { currency: string; balance: number; count: number }>();
  for (const a of accounts) {
    const x = by.get(a.currency) ?? { currency: a.currency, balance: 0, count: 0 };
    x.balance += a.balance;
    x.count += 1;
    by.set(a.currency, x);
  }
  return [...by.values()];
}

/** The editor's form for paying a contract: #/new/<kind>/<contractId>, or one instalment of its schedule: #/new/<kind>/<contractId>/<number>. */
export const payHref = (kind: 'car-loan' | 'leasing', id: string, instalment?: number): string =>
  href('new', kind === 'leasing' ? 'leasing-payment' : 'loan-repayment', id, ...(instalment === undefined ? [] : [String(instalment)]));
