/**
 * Loan and leasing arithmetic of the sandbox bank, in integer kopecks. Interest is rounded
 * half up per period with BigInt (balances times rates overflow 2^53); only the annuity
 * payment itself needs a power, and it is a contractual constant rounded once.
 */
export interface PlannedItem {
  number: number;
  dueDate: string;
  principal: number;
  interest: number;
}

const roundDiv = (a: bigint, b: bigint): number => Number((a * 2n + b) / (b * 2n));

/** Interest on `balance` for one month at an annual rate in basis points. */
export function monthlyInterest(balance: number, rateBp: number): number {
  return roundDiv(BigInt(balance) * BigInt(rateBp), 120_000n);
}

/** Interest on `balance` for `days` days (actual/365). */
export function dailyInterest(balance: number, rateBp: number, days: number): number {
  return roundDiv(BigInt(balance) * BigInt(rateBp) * BigInt(days), 3_650_000n);
}

export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** An annuity schedule: equal totals, the last item taking whatever principal is left. */
export function annuitySchedule(principal: number, rateBp: number, months: number, firstDue: string): PlannedItem[] {
  const r = rateBp / 120_000;
  const payment = r === 0 ? Math.ceil(principal / months) : Math.round((principal * r) / (1 - (1 + r) ** -months));
  const items: PlannedItem[] = [];
  let balance = principal;
  for (let n = 1; n <= months; n++) {
    const interest = monthlyInterest(balance, rateBp);
    const part = n === months ? balance : Math.min(balance, payment - interest);
    items.push({ number: n, dueDate: addMonths(firstDue, n - 1), principal: part, interest });
    balance -= part;
  }
  return items;
}

/**
 * A schedule that keeps a monthly payment and ends when the principal does (a partial early
 * repayment that shortens the term): the last item takes what is left. Refuses a payment that
 * does not cover a month's interest.
 */
export function scheduleForPayment(principal: number, rateBp: number, payment: number, firstDue: string, firstNumber = 1): PlannedItem[] {
  const items: PlannedItem[] = [];
  let balance = principal;
  for (let n = 0; balance > 0 && n < 1200; n++) {
    const interest = monthlyInterest(balance, rateBp);
    if (payment <= interest) throw new Error('the payment does not cover the interest');
    const part = Math.min(balance, payment - interest);
    items.push({ number: firstNumber + n, dueDate: addMonths(firstDue, n), principal: part, interest });
    balance -= part;
  }
  return items;
}

/** The VAT rate (basis points) in force on a day: 20 % until 2025, 22 % from 1 January 2026. */
export function vatRateOn(date: string): number {
  return date >= '2026-01-01' ? 2200 : 2000;
}

/** The VAT inside an amount that includes it, rounded half up. */
export function vatIncluded(total: number, rateBp: number): number {
  return roundDiv(BigInt(total) * BigInt(rateBp), BigInt(10_000 + rateBp));
}
