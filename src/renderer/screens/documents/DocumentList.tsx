/**
 * The documents list: filters, and a virtualised grid of fixed-height rows (only the rows in
 * view and a few around them are in the DOM), loaded page by page as the user scrolls.
 * Keyboard: arrows, Page Up/Down, Home/End move through the rows, Enter opens one.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import { parseRubles } from '../../../shared/domain/money.ts';
import type { MessageKey } from '../../../shared/i18n/index.ts';
import { bank } from '../../bank.ts';
import { ErrorText } from '../../components/ErrorText.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useI18n } from '../../i18n.tsx';
import { href, navigate } from '../../router.tsx';
import { KINDS, STATUSES } from './kinds.ts';
import { PrintPdf } from './PrintPdf.tsx';
import { usePages, type DocumentRow, type ListFilter } from './use-pages.ts';
import { formatInteger } from '../../../shared/domain/format.ts';

/** Row height in rem (the CSS uses the same): converted to pixels at runtime, so zoom and font size are respected. */
const ROW_REM = 3;
const OVERSCAN = 8;

interface FilterForm {
  kind: string;
  status: string;
  from: string;
  to: string;
  minAmount: string;
  maxAmount: string;
  counterparty: string;
  text: string;
}
const EMPTY: FilterForm = { kind: '', status: '', from: '', to: '', minAmount: '', maxAmount: '', counterparty: '', text: '' };

function remToPx(rem: number): number {
  return rem * (parseFloat(getComputedStyle(document.documentElement).fontSize) || 16);
}

export function DocumentList() {
  const { t, locale } = useI18n();
  const [form, setForm] = useState<FilterForm>(EMPTY);
  const set = (field: keyof FilterForm) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [field]: e.target.value }));

  const min = form.minAmount.trim() ? parseRubles(form.minAmount) : undefined;
  const max = form.maxAmount.trim() ? parseRubles(form.maxAmount) : undefined;
  const minBad = form.minAmount.trim() !== '' && min === undefined;
  const maxBad = form.maxAmount.trim() !== '' && max === undefined;
  const datesReversed = form.from !== '' && form.to !== '' && form.from > form.to;
  const amountsReversed = min !== undefined && max !== undefined && min > max;

  // what the list is asked for: only the fields that are filled in and make sense
  const filter = useMemo<ListFilter>(() => {
    // the summaries in the page's language
    const f: ListFilter = { locale };
    if (form.kind) f.kind = form.kind as ListFilter['kind'];
    if (form.status) f.status = [form.status as NonNullable<ListFilter['status']>[number]];
    if (!datesReversed) {
      if (/^\d{4}-\d{2}-\d{2}$/.test(form.from)) f.from = form.from;
      if (/^\d{4}-\d{2}-\d{2}$/.test(form.to)) f.to = form.to;
    }
    if (!amountsReversed) {
      if (min !== undefined) f.minAmount = min;
      if (max !== undefined) f.maxAmount = max;
    }
    if (form.counterparty.trim()) f.counterparty = form.counterparty.trim().slice(0, 200);
    if (form.text.trim()) f.text = form.text.trim().slice(0, 200);
    return f;
  }, [form, min, max, datesReversed, amountsReversed, locale]);

  return (
    <section className="documents">
      <div className="documents-head">
        <h1>{t('ui.documents.title')}</h1>
        <NewDocumentMenu />
      </div>
      <form className="panel documents-filters" role="search" aria-label={t('ui.documents.filters')} onSubmit={(e) => e.preventDefault()}>
        <label className="field">
          <span>{t('ui.documents.filter.kind')}</span>
          <select value={form.kind} onChange={set('kind')}>
            <option value="">{t('ui.documents.filter.any')}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`ui.kind.${k}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('ui.documents.filter.status')}</span>
          <select value={form.status} onChange={set('status')}>
            <option value="">{t('ui.documents.filter.any')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`ui.status.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('ui.documents.filter.from')}</span>
          <input type="date" value={form.from} onChange={set('from')} />
        </label>
        <label className="field">
          <span>{t('ui.documents.filter.to')}</span>
          <input type="date" value={form.to} onChange={set('to')} aria-invalid={datesReversed || undefined} aria-describedby={datesReversed ? 'documents-dates-error' : undefined} />
          {datesReversed && (
            <span className="error" id="documents-dates-error">
              {t('ui.documents.filter.dates-reversed')}
            </span>
          )}
        </label>
        <AmountField label={t('ui.documents.filter.min-amount')} id="documents-min" value={form.minAmount} onChange={set('minAmount')} error={minBad ? t('ui.documents.filter.amount-invalid') : undefined} />
        <AmountField
          label={t('ui.documents.filter.max-amount')}
          id="documents-max"
          value={form.maxAmount}
          onChange={set('maxAmount')}
          error={maxBad ? t('ui.documents.filter.amount-invalid') : amountsReversed ? t('ui.documents.filter.amounts-reversed') : undefined}
        />
        <label className="field">
          <span>{t('ui.documents.filter.counterparty')}</span>
          <input type="text" value={form.counterparty} onChange={set('counterparty')} maxLength={200} autoComplete="off" />
        </label>
        <label className="field documents-search">
          <span>{t('ui.documents.filter.search')}</span>
          <input type="search" value={form.text} onChange={set('text')} maxLength={200} placeholder={t('ui.documents.filter.search-hint')} autoComplete="off" />
        </label>
        <div className="field documents-clear">
          <button type="button" className="secondary" onClick={() => setForm(EMPTY)} disabled={JSON.stringify(form) === JSON.stringify(EMPTY)}>
            {t('ui.documents.filter.clear')}
          </button>
        </div>
      </form>
      <DocumentGrid filter={filter} />
    </section>
  );
}

function AmountField({ label, id, value, onChange, error }: { label: string; id: string; value: string; onChange(e: { target: { value: string } }): void; error: string | undefined }) {
  return (
    <label className="field">
      <span>{label}</span>
      <input type="text" inputMode="decimal" value={value} onChange={onChange} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} autoComplete="off" />
      {error && (
        <span className="error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </label>
  );
}

/** Links to the editor of a new document of each kind. */
function NewDocumentMenu() {
  const { t } = useI18n();
  return (
    <details className="documents-new">
      <summary>{t('ui.documents.new')}</summary>
      <ul>
        {KINDS.map((k) => (
          <li key={k}>
            <a href={href('new', k)}>{t('ui.documents.new-kind', { kind: t(`ui.kind.${k}` as MessageKey) })}</a>
          </li>
        ))}
      </ul>
    </details>
  );
}

function DocumentGrid({ filter }: { filter: ListFilter }) {
  const { t, money, locale } = useI18n();
  const pages = usePages(filter);
  const scroller = useRef<HTMLDivElement>(null);
  const [rowPx, setRowPx] = useState(() => remToPx(ROW_REM));
  const [view, setView] = useState({ top: 0, height: 600 });
  const [active, setActive] = useState(0);
  const focusRow = useRef(false);
  const total = pages.total ?? 0;
  // documents chosen for printing, in the order they were chosen (drafts cannot be: they have no signed bytes)
  const [chosen, setChosen] = useState<string[]>([]);
  const toggle = (row: DocumentRow): void => {
    if (row.status === 'draft') return;
    setChosen((c) => (c.includes(row.id) ? c.filter((id) => id !== row.id) : [...c, row.id]));
  };

  // the row height follows the root font size (settings, zoom)
  useEffect(() => {
    const update = (): void => {
      setRowPx(remToPx(ROW_REM));
      const el = scroller.current;
      if (el) setView({ top: el.scrollTop, height: el.clientHeight });
    };
    update();
    window.addEventListener('resize', update);
    return () => window.removeEventListener('resize', update);
  }, []);

  // a new filter starts at the top
  const filterKey = JSON.stringify(filter);
  useEffect(() => {
    setActive(0);
    if (scroller.current) scroller.current.scrollTop = 0;
    setView((v) => ({ ...v, top: 0 }));
  }, [filterKey]);

  // statuses change after an exchange with the bank: load again what is shown
  useEffect(() => bank.on('sync.changed', (state) => !(state as { running?: boolean } | null)?.running && pages.refresh()), [pages.refresh]);

  const first = Math.max(0, Math.floor(view.top / rowPx) - OVERSCAN);
  const last = Math.min(total - 1, Math.ceil((view.top + view.height) / rowPx) + OVERSCAN);
  useEffect(() => {
    if (total > 0) pages.want(first, last);
  }, [first, last, total, pages.want]);

  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (el) setView({ top: el.scrollTop, height: el.clientHeight });
  }, []);

  /** Moves the active row, scrolling it into view; focus follows when it was in the grid. */
  const moveTo = (index: number): void => {
    const el = scroller.current;
    if (!el || total === 0) return;
    const i = Math.min(Math.max(index, 0), total - 1);
    const top = i * rowPx;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + rowPx > el.scrollTop + el.clientHeight) el.scrollTop = top + rowPx - el.clientHeight;
    setView({ top: el.scrollTop, height: el.clientHeight });
    focusRow.current = true;
    setActive(i);
  };

  useLayoutEffect(() => {
    if (!focusRow.current) return;
    focusRow.current = false;
    scroller.current?.querySelector<HTMLElement>(`[data-index="${active}"]`)?.focus({ preventScroll: true });
  });

  const perPage = Math.max(1, Math.floor(view.height / rowPx) - 1);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const moves: Record<string, number> = { ArrowDown: active + 1, ArrowUp: active - 1, PageDown: active + perPage, PageUp: active - perPage, Home: 0, End: total - 1 };
    if (e.key in moves) {
      e.preventDefault();
      moveTo(moves[e.key]!);
    } else if (e.key === ' ' && (e.target as HTMLElement).getAttribute('role') === 'row') {
      const row = pages.row(active);
      if (row) {
        e.preventDefault();
        toggle(row);
      }
    } else if (e.key === 'Enter') {
      const row = pages.row(active);
      if (row) {
        e.preventDefault();
        navigate('document', row.id);
      }
    }
  };

  // one tab stop in the grid: the active row, or the first one in the page when it has scrolled away
  const tabStop = active >= first && active <= last ? active : first;
  const rows: ReactElement[] = [];
  for (let i = first; i <= last; i++) rows.push(<GridRow key={i} index={i} row={pages.row(i)} top={i * rowPx} active={i === active} tabStop={i === tabStop} onFocus={() => setActive(i)} chosen={chosen} onToggle={toggle} />);

  return (
    <div className="documents-list">
      <p className="muted documents-summary" aria-live="polite">
        {pages.total === undefined
          ? t('ui.common.loading')
          : t('ui.documents.count', { count: pages.total, shown: formatInteger(pages.total, locale) })}
      </p>
      {pages.totals !== undefined && (pages.total ?? 0) > 0 && (
        <div className="muted documents-totals" role="group" aria-label={t('ui.documents.totals')} data-testid="documents-totals">
          {pages.totals.length === 0 ? (
            <p>{t('ui.documents.totals.none')}</p>
          ) : (
            <ul>
              {pages.totals.map((x) => (
                <li key={`${x.kind} ${x.currency} ${x.draft}`}>
                  {t('ui.documents.totals.line', { kind: x.kind, draft: x.draft ? 'yes' : 'no', currency: x.currency, count: formatInteger(x.count, locale), amount: money(x.amount, x.currency) })}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <ErrorText error={pages.error} />
      <div className="toolbar documents-print" role="group" aria-label={t('ui.print.select-column')}>
        <PrintPdf ids={chosen} label={t('ui.print.selected', { count: chosen.length })} className="" />
        <button type="button" className="secondary" disabled={chosen.length === 0} onClick={() => setChosen([])}>
          {t('ui.print.clear')}
        </button>
        <span className="muted">{t('ui.print.drafts')}</span>
      </div>
      <p className="visually-hidden" id="documents-grid-hint">
        {t('ui.documents.grid-hint')}
      </p>
      <div className="doc-grid" role="grid" aria-label={t('ui.documents.grid')} aria-rowcount={total + 1} aria-colcount={7} aria-describedby="documents-grid-hint" onKeyDown={onKeyDown}>
        <div role="rowgroup" className="doc-head">
          <div role="row" aria-rowindex={1} className="doc-row">
            <span role="columnheader">
              <span className="visually-hidden">{t('ui.print.select-column')}</span>
            </span>
            <span role="columnheader">{t('ui.documents.col.date')}</span>
            <span role="columnheader">{t('ui.documents.col.number')}</span>
            <span role="columnheader">{t('ui.documents.col.kind')}</span>
            <span role="columnheader">{t('ui.documents.col.counterparty')}</span>
            <span role="columnheader" className="num">
              {t('ui.documents.col.amount')}
            </span>
            <span role="columnheader">{t('ui.documents.col.status')}</span>
          </div>
        </div>
        <div role="rowgroup" className="doc-scroll" ref={scroller} onScroll={onScroll} data-testid="documents-scroll">
          <div className="doc-space" style={{ height: total * rowPx }}>
            {rows}
          </div>
        </div>
        {pages.total === 0 && <p className="muted documents-none">{t('ui.documents.none')}</p>}
      </div>
    </div>
  );
}

function GridRow({
  index,
  row,
  top,
  active,
  tabStop,
  onFocus,
  chosen,
  onToggle,
}: {
  index: number;
  row: DocumentRow | undefined;
  top: number;
  active: boolean;
  tabStop: boolean;
  onFocus(): void;
  chosen: string[];
  onToggle(row: DocumentRow): void;
}) {
  const { t, money, date } = useI18n();
  const common = { role: 'row', 'aria-rowindex': index + 2, 'data-index': index, tabIndex: tabStop ? 0 : -1, onFocus, style: { transform: `translateY(${top}px)` } } as const;
  if (!row) {
    return (
      <div {...common} className="doc-row doc-loading">
        <span role="gridcell" className="muted">
          {t('ui.documents.row-loading')}
        </span>
      </div>
    );
  }
  const missing = row.missing.length;
  return (
    <div {...common} className="doc-row" onDoubleClick={() => navigate('document', row.id)} aria-selected={active}>
      <span role="gridcell">
        <input
          type="checkbox"
          tabIndex={-1}
          checked={chosen.includes(row.id)}
          disabled={row.status === 'draft'}
          onChange={() => onToggle(row)}
          aria-label={t('ui.print.select-row', { name: row.number ?? row.summary })}
          data-testid="print-choose"
        />
      </span>
      <span role="gridcell">{row.date ? date(row.date) : date(row.key.date)}</span>
      <span role="gridcell">
        <a href={href('document', row.id)} tabIndex={-1} className="user-text">
          {row.number ?? t('ui.documents.no-number')}
        </a>
      </span>
      <span role="gridcell" className="doc-kind">
        {t(`ui.kind.${row.kind}` as MessageKey)}
      </span>
      <span role="gridcell" className="doc-party">
        <span className="user-text">{row.counterparty ?? ''}</span>
        <span className="muted doc-summary user-text">{row.summary}</span>
      </span>
      <span role="gridcell" className="num">
        {row.amount !== null ? money(row.amount, 'RUB') : ''}
      </span>
      <span role="gridcell" className="doc-status">
        <StatusBadge status={row.status} />
        {missing > 0 && <span className="doc-missing">{t('ui.documents.missing', { count: missing })}</span>}
        {row.status === 'draft' && row.errors > 0 && <span className="error doc-errors">{t('ui.documents.errors', { count: row.errors })}</span>}
        {row.rejection && (
          <span className="error doc-reason">
            {t('ui.documents.rejection')} <span className="user-text">{row.rejection.reason}</span>
          </span>
        )}
      </span>
    </div>
  );
}
