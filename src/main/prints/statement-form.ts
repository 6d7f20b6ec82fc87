/**
 * A statement of an account (выписка по счёту) as paper: the holder and the account, the
 * period, the opening balance, the entries (date, document number, counterparty with INN, KPP,
 * account and bank, purpose, debit, credit), the turnovers and the closing balance. Long tables continue
 * on further pages under a repeated header; every page is numbered.
 */
import type { Statement } from '../../shared/bank-api/accounts.ts';
import { groupedRubles, ruDate, ruDateTime, type Sheet } from './sheet.ts';

export interface StatementPrint {
  statement: Statement;
  holder: { name: string; inn: string };
  /** When it was made (printed in the header's last line). */
  madeAt: Date;
  timeZone?: string;
}

const X = 15;
const W = 185;
const BOTTOM = 280;
/** Columns: date, number, counterparty, purpose, debit, credit (mm from X). */
const COLS = [0, 17, 29, 84, 141, 163, W] as const;

/** Draws the statement onto as many sheets as it needs; `next()` makes a page. */
export function drawStatement(next: () => Sheet, p: StatementPrint): Sheet[] {
  const st = p.statement;
  const sheets: Sheet[] = [];
  let s = next();
  sheets.push(s);
  let y = 18;
  const money = (k: number) => groupedRubles(k);
  const head = () => {
    s.hline(X, X + W, y);
    const labels = ['Дата', 'Номер', 'Контрагент (ИНН, счёт, банк)', 'Назначение платежа', 'Дебет', 'Кредит'];
    labels.forEach((l, i) => (i >= 4 ? s.text(X + COLS[i + 1]! - 1, y + 4, 7, l, { align: 'right' }) : s.text(X + COLS[i]! + 1, y + 4, 7, l)));
    y += 6;
    s.hline(X, X + W, y);
    y += 4;
  };

  s.text(X + W / 2, y, 12, 'ВЫПИСКА ПО СЧЁТУ', { align: 'center' });
  y += 6;
  s.text(X + W / 2, y, 9, `за период с ${ruDate(st.from)} по ${ruDate(st.to)}`, { align: 'center' });
  y += 8;
  const fact = (label: string, value: string) => {
    s.text(X, y, 7.5, label);
    s.text(X + 40, y, 8.5, value, { max: W - 40 });
    y += 4.4;
  };
  fact('Владелец счёта', `${p.holder.name}, ИНН ${p.holder.inn}`);
  fact('Счёт', `${st.account.number} (${st.account.currency})`);
  fact('Банк', `${st.account.bank.name}, БИК ${st.account.bank.bic}, к/с ${st.account.bank.corrAccount}`);
  const made = ruDateTime(p.madeAt, p.timeZone);
  fact('Дата формирования', `${made.date} ${made.time}`);
  y += 2;
  const balance = (label: string, value: number) => {
    s.text(X, y, 8.5, label);
    s.text(X + W, y, 8.5, money(value), { align: 'right' });
    y += 4.6;
  };
  balance(`Входящий остаток на ${ruDate(st.from)}`, st.openingBalance);
  y += 2;
  head();

  if (st.entries.length === 0) {
    s.text(X + 1, y, 8.5, 'За период операций не было.');
    y += 5;
  }
  for (const e of st.entries) {
    const cp = e.counterparty;
    // KPP and the bank's name where the statement has them (a statement fetched before it had none)
    const who = s.lines(`${cp.name}, ИНН ${cp.inn}${cp.kpp ? `, КПП ${cp.kpp}` : ''}, сч. ${cp.account}, БИК ${cp.bic}${cp.bankName ? `, ${cp.bankName}` : ''}`, 7, COLS[3] - COLS[2] - 2, 6);
    const what = s.lines(e.purpose, 7, COLS[4] - COLS[3] - 2, 6);
    const rows = Math.max(1, who.length, what.length);
    const h = rows * 3.2 + 1.6;
    if (y + h > BOTTOM) {
      s = next();
      sheets.push(s);
      y = 18;
      head();
    }
    s.text(X + 1, y, 7.5, ruDate(e.date));
    s.text(X + COLS[1] + 1, y, 7.5, e.documentNumber, { max: COLS[2] - COLS[1] - 2 });
    who.forEach((l, i) => s.text(X + COLS[2] + 1, y + i * 3.2, 7, l));
    what.forEach((l, i) => s.text(X + COLS[3] + 1, y + i * 3.2, 7, l));
    s.text(X + COLS[5] - 1, y, 7.5, e.direction === 'debit' ? money(e.amount) : '', { align: 'right', max: COLS[5] - COLS[4] - 2 });
    s.text(X + COLS[6] - 1, y, 7.5, e.direction === 'credit' ? money(e.amount) : '', { align: 'right', max: COLS[6] - COLS[5] - 2 });
    y += h;
    s.hline(X, X + W, y - 2.6, 0.2);
  }
  if (y + 20 > BOTTOM) {
    s = next();
    sheets.push(s);
    y = 18;
  }
  y += 2;
  s.text(X + 1, y, 8, 'Обороты за период');
  s.text(X + COLS[5] - 1, y, 8, money(st.totalDebit), { align: 'right' });
  s.text(X + COLS[6] - 1, y, 8, money(st.totalCredit), { align: 'right' });
  y += 6;
  balance(`Исходящий остаток на ${ruDate(st.to)}`, st.closingBalance);
  sheets.forEach((sheet, i) => sheet.text(X + W, 290, 7, `Страница ${i + 1} из ${sheets.length}`, { align: 'right' }));
  return sheets;
}
