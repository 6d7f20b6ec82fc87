import { useId, useState, type FormEvent } from 'react';
import { ErrorText } from '../../components/ErrorText.tsx';
import { TableHead } from '../../components/TableHead.tsx';
import { useAction, useCall } from '../../components/use-call.ts';
import { useI18n } from '../../i18n.tsx';
import { saveFile } from './files.ts';
import { isMetal, isoDay } from './format.ts';
import { useAfterSync } from './use-synced.ts';

interface Query {
  accountId: string;
  from: string;
  to: string;
}

/** Route statements: an account and a period, the entries with the balances, export to 1C and camt.053. */
export function Statements() {
  const { t, money, date } = useI18n();
  const id = useId();
  const accounts = useCall('accounts.list', {});
  useAfterSync(accounts.reload);
  const list = (accounts.data?.accounts ?? []).filter((a) => !isMetal(a.currency));
  const today = new Date();
  const [form, setForm] = useState<Query>({ accountId: '', from: isoDay(new Date(today.getFullYear(), today.getMonth(), 1)), to: isoDay(today) });
  const [query, setQuery] = useState<Query | null>(null);
  const [formError, setFormError] = useState<string>();
  const statement = useCall('statements.fetch', query);
  const exporter = useAction('statements.export');
  const printer = useAction('statements.print');
  const [saved, setSaved] = useState<string>();
  const accountId = form.accountId || list[0]?.id || '';

  const show = (e: FormEvent): void => {
    e.preventDefault();
    setSaved(undefined);
    if (!accountId || !form.from || !form.to) return;
    if (form.from > form.to) {
      setFormError(t('ui.bank-data.statements.period-order'));
      return;
    }
    setFormError(undefined);
    const next = { accountId, from: form.from, to: form.to };
    if (JSON.stringify(next) === JSON.stringify(query)) statement.reload();
    else setQuery(next);
  };

  const doExport = async (format: '1c' | 'camt053'): Promise<void> => {
    if (!query) return;
    setSaved(undefined);
    const file = await exporter.run({ ...query, format });
    if (!file) return;
    saveFile(file.fileName, file.mediaType, file.content);
    setSaved(t('ui.bank-data.statements.exported', { name: file.fileName, count: file.entries }));
  };

  const doPrint = async (): Promise<void> => {
    if (!query) return;
    setSaved(undefined);
    const file = await printer.run(query);
    if (!file) return;
    saveFile(file.fileName, 'application/pdf', file.pdfBase64);
    setSaved(t('ui.print.saved', { name: file.fileName, pages: file.pages }));
  };

  const s = query && statement.data && statement.data.account.id === query.accountId ? statement.data : undefined;
  return (
    <section aria-labelledby="statements-title" className="bank-data statements">
      <h1 id="statements-title">{t('ui.bank-data.statements.title')}</h1>
      <ErrorText error={accounts.error} />
      {accounts.data && list.length === 0 && <p className="panel">{t('ui.bank-data.statements.no-accounts')}</p>}
      {list.length > 0 && (
        <form className="panel toolbar" onSubmit={show} noValidate>
          <div className="field">
            {/* not wrapped: a label around a select would take the options' text into its own */}
            <label htmlFor={`${id}-account`}>{t('ui.bank-data.statements.account')}</label>
            <select id={`${id}-account`} value={accountId} onChange={(e) => setForm({ ...form, accountId: e.target.value })}>
              {list.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.number} ({a.currency})
                </option>
              ))}
            </select>
          </div>
          <label className="field">
            <span>{t('ui.bank-data.statements.from')}</span>
            <input type="date" value={form.from} required onChange={(e) => setForm({ ...form, from: e.target.value })} aria-invalid={formError ? true : undefined} aria-describedby={formError ? `${id}-period` : undefined} />
          </label>
          <label className="field">
            <span>{t('ui.bank-data.statements.to')}</span>
            <input type="date" value={form.to} required onChange={(e) => setForm({ ...form, to: e.target.value })} aria-invalid={formError ? true : undefined} aria-describedby={formError ? `${id}-period` : undefined} />
          </label>
          <div className="field">
            <button type="submit">{t('ui.bank-data.statements.show')}</button>
          </div>
          {formError && (
            <p className="error" role="alert" id={`${id}-period`}>
              {formError}
            </p>
          )}
        </form>
      )}
      {query && statement.loading && <p className="muted">{t('ui.common.loading')}</p>}
      {query && <ErrorText error={statement.error} />}
      {s && !statement.loading && (
        <div className="panel" data-testid="statement">
          <h2 id={`${id}-heading`}>{t('ui.bank-data.statements.heading', { account: s.account.number, from: date(s.from), to: date(s.to) })}</h2>
          <dl className="facts balances">
            <dt>{t('ui.bank-data.statements.opening')}</dt>
            <dd data-testid="opening">{money(s.openingBalance)}</dd>
            <dt>{t('ui.bank-data.statements.credit-total')}</dt>
            <dd>{money(s.totalCredit)}</dd>
            <dt>{t('ui.bank-data.statements.debit-total')}</dt>
            <dd>{money(s.totalDebit)}</dd>
            <dt>{t('ui.bank-data.statements.closing')}</dt>
            <dd data-testid="closing">{money(s.closingBalance)}</dd>
          </dl>
          <div className="toolbar">
            <button type="button" disabled={exporter.pending} onClick={() => void doExport('1c')}>
              {t('ui.bank-data.statements.export-1c')}
            </button>
            <button type="button" disabled={exporter.pending} onClick={() => void doExport('camt053')}>
              {t('ui.bank-data.statements.export-camt')}
            </button>
            <button type="button" className="secondary" disabled={printer.pending} onClick={() => void doPrint()}>
              {printer.pending ? t('ui.print.working') : t('ui.print.statement')}
            </button>
          </div>
          <p role="status" className="user-text">
            {saved ?? ''}
          </p>
          <ErrorText error={exporter.error} />
          <ErrorText error={printer.error} />
          <h3 id={`${id}-entries`}>{t('ui.bank-data.statements.entries')}</h3>
          {s.entries.length === 0 ? (
            <p className="muted">{t('ui.bank-data.statements.none')}</p>
          ) : (
            <div className="table-scroll">
              <table aria-labelledby={`${id}-entries`} data-testid="entries">
                <TableHead
                  columns={[
                    t('ui.bank-data.statements.date'),
                    t('ui.bank-data.statements.doc'),
                    t('ui.bank-data.statements.counterparty'),
                    t('ui.bank-data.statements.purpose'),
                    { label: t('ui.bank-data.statements.debit'), num: true },
                    { label: t('ui.bank-data.statements.credit'), num: true },
                  ]}
                />
                <tbody>
                  {s.entries.map((e) => (
                    <tr key={e.id}>
                      <td>{date(e.date)}</td>
                      <td className="user-text">{e.documentNumber}</td>
                      <td>
                        <span className="user-text" data-testid="counterparty">
                          {e.counterparty.name}
                        </span>
                        <br />
                        <span className="muted">{t('ui.bank-data.statements.inn', { inn: e.counterparty.inn })}</span>
                      </td>
                      <td className="user-text" data-testid="purpose">
                        {e.purpose}
                      </td>
                      <td className="num">{e.direction === 'debit' ? money(e.amount) : ''}</td>
                      <td className="num">{e.direction === 'credit' ? money(e.amount) : ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
