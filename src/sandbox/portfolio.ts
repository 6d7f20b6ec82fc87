import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Account, Statement } from '../shared/bank-api/accounts.ts';
import type { Contract, EarlyRepaymentQuote, PaymentRequisites, Schedule } from '../shared/bank-api/contracts.ts';
import { ApiProblem } from './http.ts';
import { annuitySchedule, dailyInterest, daysBetween, scheduleForPayment, vatIncluded, vatRateOn, type PlannedItem } from './schedules.ts';
import { isValidAccountKey } from '../shared/domain/requisites.ts';
import type { BankClock } from './clock.ts';
import { sql, type Db } from './store.ts';

interface AccountRow {
  id: string;
  company_id: string;
  number: string;
  currency: string;
  balance: number;
  bank_name: string;
  bic: string;
  corr_account: string;
  opened_on: string;
}
interface ContractRow {
  id: string;
  company_id: string;
  kind: 'car-loan' | 'leasing';
  number: string;
  signed_on: string;
  subject: string;
  currency: string;
  principal: number;
  rate_bp: number;
  requisites: string;
}
interface ItemRow {
  number: number;
  due_date: string;
  principal: number;
  interest: number;
  paid_on: string | null;
}

/** The bank that holds the accounts (the sandbox bank itself). */
/** The other side of a statement entry, as the bank records it. */
export interface StatementCounterparty {
  name: string;
  inn: string;
  kpp?: string;
  account: string;
  bic: string;
  bankName?: string;
  corrAccount?: string;
}

export const HOME_BANK = { name: 'АО «Песочница Банк»', bic: '044525225', corrAccount: '30101810400000000225' };

/**
 * A company's accounts, statements and loan and leasing contracts. Every query is scoped to
 * the caller's company: another company's id answers not-found, as if it did not exist.
 */
export class Portfolio {
  constructor(
    private readonly db: Db,
    private readonly clock: BankClock,
  ) {}

  private account(companyId: string, id: string): AccountRow {
    const row = sql(this.db, 'SELECT * FROM accounts WHERE id = ? AND company_id = ?').get(id, companyId) as AccountRow | undefined;
    if (!row) throw new ApiProblem('not-found', 'no such account');
    return row;
  }

  private accountView(r: AccountRow): z.infer<typeof Account> {
    return { id: r.id, number: r.number, currency: r.currency, balance: r.balance, bank: { name: r.bank_name, bic: r.bic, corrAccount: r.corr_account }, openedOn: r.opened_on };
  }

  accounts(companyId: string): z.infer<typeof Account>[] {
    return (sql(this.db, 'SELECT * FROM accounts WHERE company_id = ? ORDER BY number').all(companyId) as AccountRow[]).map((r) => this.accountView(r));
  }

  /** The statement of an account for a period: opening balance, entries, totals, closing balance. */
  statement(companyId: string, accountId: string, from: string, to: string): z.infer<typeof Statement> {
    if (from > to) throw new ApiProblem('validation-failed', 'the period starts after it ends', [{ field: 'from', code: 'period.order', message: `${from} is after ${to}` }]);
    const acc = this.account(companyId, accountId);
    type E = {
      id: string;
      date: string;
      direction: 'debit' | 'credit';
      amount: number;
      cp_name: string;
      cp_inn: string;
      cp_kpp: string;
      cp_account: string;
      cp_bic: string;
      cp_bank_name: string;
      cp_corr_account: string;
      purpose: string;
      document_number: string;
      priority: number | null;
    };
    const signed = (e: { direction: string; amount: number }): number => (e.direction === 'credit' ? e.amount : -e.amount);
    const after = sql(this.db, 'SELECT direction, amount FROM statement_entries WHERE account_id = ? AND date > ?').all(acc.id, to) as E[];
    const closingBalance = acc.balance - after.reduce((s, e) => s + signed(e), 0);
    const entries = sql(this.db, 'SELECT * FROM statement_entries WHERE account_id = ? AND date BETWEEN ? AND ? ORDER BY date, seq').all(acc.id, from, to) as E[];
    const totalCredit = entries.filter((e) => e.direction === 'credit').reduce((s, e) => s + e.amount, 0);
    const totalDebit = entries.filter((e) => e.direction === 'debit').reduce((s, e) => s + e.amount, 0);
    return {
      account: this.accountView(acc),
      from,
      to,
      openingBalance: closingBalance - totalCredit + totalDebit,
      totalDebit,
      totalCredit,
      closingBalance,
      entries: entries.map((e) => ({
        id: e.id,
        date: e.date,
        direction: e.direction,
        amount: e.amount,
        counterparty: {
          name: e.cp_name,
          inn: e.cp_inn,
          ...(e.cp_kpp ? { kpp: e.cp_kpp } : {}),
          account: e.cp_account,
          bic: e.cp_bic,
          ...(e.cp_bank_name ? { bankName: e.cp_bank_name } : {}),
          ...(e.cp_corr_account ? { corrAccount: e.cp_corr_account } : {}),
        },
        purpose: e.purpose,
        documentNumber: e.document_number,
        ...(e.priority !== null ? { priority: e.priority } : {}),
      })),
    };
  }

  private contractRow(companyId: string, id: string): ContractRow {
    const row = sql(this.db, 'SELECT * FROM contracts WHERE id = ? AND company_id = ?').get(id, companyId) as ContractRow | undefined;
    if (!row) throw new ApiProblem('not-found', 'no such contract');
    return row;
  }

  private items(contractId: string): ItemRow[] {
    return sql(this.db, 'SELECT * FROM schedule_items WHERE contract_id = ? ORDER BY number').all(contractId) as ItemRow[];
  }

  private contractView(r: ContractRow): z.infer<typeof Contract> {
    const items = this.items(r.id);
    const unpaid = items.filter((i) => !i.paid_on);
    const next = unpaid[0];
    return {
      id: r.id,
      kind: r.kind,
      number: r.number,
      signedOn: r.signed_on,
      subject: r.subject,
      currency: r.currency,
      principal: r.principal,
      rateBp: r.rate_bp,
      ...(r.kind === 'leasing' ? { vatRateBp: vatRateOn(this.clock.now().toISOString().slice(0, 10)) } : {}),
      outstanding: unpaid.reduce((s, i) => s + i.principal, 0),
      nextPayment: next ? { number: next.number, dueDate: next.due_date, amount: next.principal + next.interest } : null,
      requisites: JSON.parse(r.requisites) as z.infer<typeof PaymentRequisites>,
    };
  }

  contracts(companyId: string): z.infer<typeof Contract>[] {
    return (sql(this.db, 'SELECT * FROM contracts WHERE company_id = ? ORDER BY signed_on').all(companyId) as ContractRow[]).map((r) => this.contractView(r));
  }

  contract(companyId: string, id: string): z.infer<typeof Contract> {
    return this.contractView(this.contractRow(companyId, id));
  }

  schedule(companyId: string, id: string): z.infer<typeof Schedule> {
    const c = this.contractRow(companyId, id);
    return {
      contractId: c.id,
      items: this.items(c.id).map((i) => this.scheduleItem(c.kind, { number: i.number, dueDate: i.due_date, principal: i.principal, interest: i.interest }, !!i.paid_on)),
    };
  }

  /** A schedule row as the API gives it: a leasing payment names the VAT it includes (the rate of its due date). */
  private scheduleItem(kind: ContractRow['kind'], i: PlannedItem, paid: boolean): z.infer<typeof Schedule>['items'][number] {
    const total = i.principal + i.interest;
    return { number: i.number, dueDate: i.dueDate, principal: i.principal, interest: i.interest, total, paid, ...(kind === 'leasing' ? { vat: vatIncluded(total, vatRateOn(i.dueDate)) } : {}) };
  }

  /** Payoff on a date: unpaid principal plus interest accrued since the last due date before it. */
  quote(companyId: string, id: string, date: string, partial?: { amount: number; recalculation: 'reduce-payment' | 'reduce-term' }): z.infer<typeof EarlyRepaymentQuote> {
    const c = this.contractRow(companyId, id);
    const today = this.clock.now().toISOString().slice(0, 10);
    if (date < today) throw new ApiProblem('validation-failed', 'the date is in the past', [{ field: 'date', code: 'date.past', message: `${date} is before ${today}` }]);
    const items = this.items(c.id);
    const principal = items.filter((i) => !i.paid_on).reduce((s, i) => s + i.principal, 0);
    const lastDue = [...items].reverse().find((i) => i.due_date <= date)?.due_date ?? c.signed_on;
    const accruedInterest = dailyInterest(principal, c.rate_bp, Math.max(0, daysBetween(lastDue, date)));
    const payoff = principal + accruedInterest;
    if (!partial) return { contractId: c.id, date, principal, accruedInterest, payoff };
    return { contractId: c.id, date, principal, accruedInterest, payoff, partial: this.recalculate(c, items, date, payoff, accruedInterest, principal, partial) };
  }

  /**
   * A partial repayment on a date: it pays the interest accrued first, the rest lowers the
   * principal; the payments still to come are then recalculated, either lower over the same
   * term or the same payment over a shorter term.
   */
  private recalculate(
    c: ContractRow,
    items: ItemRow[],
    date: string,
    payoff: number,
    accruedInterest: number,
    principal: number,
    partial: { amount: number; recalculation: 'reduce-payment' | 'reduce-term' },
  ): NonNullable<z.infer<typeof EarlyRepaymentQuote>['partial']> {
    const refuse = (message: string): never => {
      throw new ApiProblem('validation-failed', message, [{ field: 'amount', code: 'amount.partial', message }]);
    };
    if (partial.amount >= payoff) refuse(`${partial.amount} repays the whole contract (payoff ${payoff}): apply for a full repayment`);
    if (partial.amount <= accruedInterest) refuse(`${partial.amount} does not cover the interest accrued (${accruedInterest})`);
    const principalAfter = principal - (partial.amount - accruedInterest);
    const coming = items.filter((i) => !i.paid_on && i.due_date > date);
    const first = coming[0];
    if (!first) refuse('no payments are left after this date');
    const next = first!;
    const planned =
      partial.recalculation === 'reduce-payment'
        ? annuitySchedule(principalAfter, c.rate_bp, coming.length, next.due_date).map((i) => ({ ...i, number: i.number + next.number - 1 }))
        : scheduleForPayment(principalAfter, c.rate_bp, next.principal + next.interest, next.due_date, next.number);
    const schedule = planned.map((i) => this.scheduleItem(c.kind, i, false));
    return {
      amount: partial.amount,
      recalculation: partial.recalculation,
      principalAfter,
      newPayment: schedule[0]?.total ?? 0,
      paymentsLeft: schedule.length,
      lastDueDate: schedule.at(-1)?.dueDate ?? null,
      schedule,
    };
  }

  /** The company's account with this number, for the bank's checks and postings. */
  /** An account of this bank by its number, whoever holds it: where a payment to it is credited. */
  accountHeldHere(number: string): { id: string; companyId: string } | undefined {
    const r = sql(this.db, 'SELECT id, company_id FROM accounts WHERE number = ?').get(number) as { id: string; company_id: string } | undefined;
    return r && { id: r.id, companyId: r.company_id };
  }

  accountByNumber(companyId: string, number: string): { id: string; balance: number } | undefined {
    return sql(this.db, 'SELECT id, balance FROM accounts WHERE company_id = ? AND number = ?').get(companyId, number) as { id: string; balance: number } | undefined;
  }

  /** An instalment of the company's contract (named by id or number), or undefined. */
  instalment(companyId: string, contractRef: string, number: number): { total: number; dueDate: string; paid: boolean } | undefined {
    const row = this.db
      .prepare('SELECT s.principal + s.interest AS total, s.due_date, s.paid_on FROM schedule_items s JOIN contracts c ON c.id = s.contract_id WHERE c.company_id = ? AND (c.id = ? OR c.number = ?) AND s.number = ?')
      .get(companyId, contractRef, contractRef, number) as { total: number; due_date: string; paid_on: string | null } | undefined;
    return row ? { total: row.total, dueDate: row.due_date, paid: row.paid_on !== null } : undefined;
  }

  /** The payee requisites of a contract named by its id or its number (where its instalments are paid). */
  contractRequisites(companyId: string, contractRef: string): z.infer<typeof PaymentRequisites> | undefined {
    const c = sql(this.db, 'SELECT requisites FROM contracts WHERE company_id = ? AND (id = ? OR number = ?)').get(companyId, contractRef, contractRef) as { requisites: string } | undefined;
    return c ? (JSON.parse(c.requisites) as z.infer<typeof PaymentRequisites>) : undefined;
  }

  /** Marks an instalment paid; the contract is named by its id or its number. */
  markPaid(companyId: string, contractRef: string, instalment: number, date: string): boolean {
    const c = sql(this.db, 'SELECT id FROM contracts WHERE company_id = ? AND (id = ? OR number = ?)').get(companyId, contractRef, contractRef) as { id: string } | undefined;
    if (!c) return false;
    return sql(this.db, 'UPDATE schedule_items SET paid_on = ? WHERE contract_id = ? AND number = ? AND paid_on IS NULL').run(date, c.id, instalment).changes === 1;
  }

  // --- creation (seed data and the admin API) ---

  /** A fresh settlement account number at the home bank, its control key digit set right. */
  newAccountNumber(): string {
    const tail = String(Math.floor(Math.random() * 1e11)).padStart(11, '0');
    for (let key = 0; key < 10; key++) {
      const number = `40702810${key}${tail}`;
      if (isValidAccountKey(HOME_BANK.bic, number) && !sql(this.db, 'SELECT 1 FROM accounts WHERE number = ?').get(number)) return number;
    }
    return this.newAccountNumber();
  }

  openAccount(companyId: string, number: string, balance: number, openedOn: string): string {
    const id = randomUUID();
    this.db
      .prepare('INSERT INTO accounts (id, company_id, number, currency, balance, bank_name, bic, corr_account, opened_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, companyId, number, 'RUB', balance, HOME_BANK.name, HOME_BANK.bic, HOME_BANK.corrAccount, openedOn);
    return id;
  }

  /** Records a movement on an account and moves its balance, in one transaction. */
  post(accountId: string, e: { date: string; direction: 'debit' | 'credit'; amount: number; counterparty: StatementCounterparty; purpose: string; documentNumber: string; priority?: number }): void {
    const cp = e.counterparty;
    this.db.transaction(() => {
      const seq = (sql(this.db, 'SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM statement_entries WHERE account_id = ?').get(accountId) as { n: number }).n;
      sql(
        this.db,
        `INSERT INTO statement_entries (id, account_id, date, direction, amount, cp_name, cp_inn, cp_kpp, cp_account, cp_bic, cp_bank_name, cp_corr_account, purpose, document_number, priority, seq)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(randomUUID(), accountId, e.date, e.direction, e.amount, cp.name, cp.inn, cp.kpp ?? '', cp.account, cp.bic, cp.bankName ?? '', cp.corrAccount ?? '', e.purpose, e.documentNumber, e.priority ?? null, seq);
      sql(this.db, 'UPDATE accounts SET balance = balance + ? WHERE id = ?').run(e.direction === 'credit' ? e.amount : -e.amount, accountId);
    })();
  }

  openContract(companyId: string, c: { kind: 'car-loan' | 'leasing'; number: string; signedOn: string; subject: string; principal: number; rateBp: number; months: number; requisites: z.infer<typeof PaymentRequisites> }): string {
    const id = randomUUID();
    const firstDue = new Date(Date.parse(`${c.signedOn}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO contracts (id, company_id, kind, number, signed_on, subject, currency, principal, rate_bp, requisites) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(id, companyId, c.kind, c.number, c.signedOn, c.subject, 'RUB', c.principal, c.rateBp, JSON.stringify(c.requisites));
      const insert = sql(this.db, 'INSERT INTO schedule_items (contract_id, number, due_date, principal, interest, paid_on) VALUES (?, ?, ?, ?, ?, ?)');
      const today = this.clock.now().toISOString().slice(0, 10);
      for (const item of annuitySchedule(c.principal, c.rateBp, c.months, firstDue)) {
        insert.run(id, item.number, item.dueDate, item.principal, item.interest, item.dueDate < today ? item.dueDate : null);
      }
    })();
    return id;
  }
}
