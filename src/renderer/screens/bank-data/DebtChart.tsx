import { useId } from 'react';
import { useI18n } from '../../i18n.tsx';

export interface DebtPoint {
  number: number;
  dueDate: string;
  /** The debt left after this payment, in kopecks. */
  remaining: number;
  paid: boolean;
}

const W = 720;
const H = 300;
const M = { left: 78, right: 24, top: 20, bottom: 58 };
const PLOT_W = W - M.left - M.right;
const PLOT_H = H - M.top - M.bottom;
const Y_TICKS = 4;
const X_TICKS = 6;

const dayOf = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

/**
 * The remaining debt after each payment of a schedule (for leasing: the leasing payments with VAT
 * left to pay, since leasing is not a debt), drawn as SVG by hand: one point per row
 * (filled when paid), both axes with their ticks and titles. Its text alternative is the title
 * and summary read by screen readers; the schedule table next to it has every value.
 */
export function DebtChart({ points, start, leasing = false }: { points: DebtPoint[]; start: number; leasing?: boolean }) {
  const { t, money, date, locale } = useI18n();
  const id = useId();
  if (points.length === 0) return null;
  const tag = locale === 'ru' ? 'ru-RU' : 'en-GB';
  const first = dayOf(points[0]!.dueDate);
  const last = dayOf(points[points.length - 1]!.dueDate);
  const max = Math.max(start, ...points.map((p) => p.remaining), 1);
  const x = (iso: string): number => M.left + (last === first ? PLOT_W / 2 : ((dayOf(iso) - first) / (last - first)) * PLOT_W);
  const y = (kopecks: number): number => M.top + PLOT_H - (kopecks / max) * PLOT_H;
  const thousands = new Intl.NumberFormat(tag, { maximumFractionDigits: max < 1_000_00 * 10 ? 1 : 0 });
  const monthYear = new Intl.DateTimeFormat(tag, { month: '2-digit', year: 'numeric', timeZone: 'UTC' });
  const xTickRows = [...new Set(Array.from({ length: Math.min(X_TICKS, points.length) }, (_, i) => Math.round((i * (points.length - 1)) / Math.max(1, Math.min(X_TICKS, points.length) - 1))))];
  const line = points.map((p) => `${x(p.dueDate).toFixed(1)},${y(p.remaining).toFixed(1)}`).join(' ');
  const paid = points.filter((p) => p.paid).length;
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;

  return (
    <figure className="debt-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${titleId} ${descId}`} data-testid="debt-chart" preserveAspectRatio="xMidYMid meet">
        <title id={titleId}>{t(leasing ? 'ui.overview.leasing.chart-title' : 'ui.bank-data.chart.title')}</title>
        <desc id={descId}>
          {t(leasing ? 'ui.overview.leasing.chart-summary' : 'ui.bank-data.chart.summary', {
            start: money(start),
            end: money(points[points.length - 1]!.remaining),
            count: points.length,
            from: date(points[0]!.dueDate),
            to: date(points[points.length - 1]!.dueDate),
            paid,
          })}
        </desc>
        <g className="grid" aria-hidden="true">
          {Array.from({ length: Y_TICKS + 1 }, (_, i) => {
            const v = (max * i) / Y_TICKS;
            return (
              <g key={i}>
                <line x1={M.left} x2={W - M.right} y1={y(v)} y2={y(v)} className={i === 0 ? 'axis' : 'gridline'} />
                <text x={M.left - 8} y={y(v)} className="tick" textAnchor="end" dominantBaseline="middle">
                  {thousands.format(v / 100 / 1000)}
                </text>
              </g>
            );
          })}
          <line x1={M.left} x2={M.left} y1={M.top} y2={M.top + PLOT_H} className="axis" />
          {xTickRows.map((i) => {
            const p = points[i]!;
            return (
              <g key={i}>
                <line x1={x(p.dueDate)} x2={x(p.dueDate)} y1={M.top + PLOT_H} y2={M.top + PLOT_H + 5} className="axis" />
                <text x={x(p.dueDate)} y={M.top + PLOT_H + 18} className="tick" textAnchor="middle">
                  {monthYear.format(new Date(`${p.dueDate}T00:00:00Z`))}
                </text>
              </g>
            );
          })}
          <text x={M.left + PLOT_W / 2} y={H - 8} className="axis-title" textAnchor="middle">
            {t('ui.bank-data.chart.x-axis')}
          </text>
          <text x={16} y={M.top + PLOT_H / 2} className="axis-title" textAnchor="middle" transform={`rotate(-90 16 ${M.top + PLOT_H / 2})`}>
            {t(leasing ? 'ui.overview.leasing.chart-y-axis' : 'ui.bank-data.chart.y-axis')}
          </text>
        </g>
        <polyline points={line} className="debt-line" aria-hidden="true" />
        <g aria-hidden="true">
          {points.map((p) => (
            <circle key={p.number} cx={x(p.dueDate)} cy={y(p.remaining)} r={points.length > 60 ? 2.5 : 4} className={p.paid ? 'point paid' : 'point due'} data-number={p.number}>
              <title>{t('ui.bank-data.chart.point', { date: date(p.dueDate), amount: money(p.remaining) })}</title>
            </circle>
          ))}
        </g>
      </svg>
      <figcaption className="chart-legend">
        <span className="legend paid" aria-hidden="true" /> {t('ui.bank-data.chart.legend-paid')} <span className="legend due" aria-hidden="true" /> {t('ui.bank-data.chart.legend-due')}
      </figcaption>
    </figure>
  );
}
