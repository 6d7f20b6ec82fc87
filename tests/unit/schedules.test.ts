import { describe, expect, it } from 'vitest';
import { addMonths, annuitySchedule, dailyInterest, daysBetween, monthlyInterest } from '../../src/sandbox/schedules.ts';

describe('loan arithmetic in kopecks', () => {
  it('builds an annuity schedule that repays the principal exactly, with equal totals but the last', () => {
    const items = annuitySchedule(1_500_000_00, 1290, 36, '2026-01-15');
    expect(items).toHaveLength(36);
    expect(items.reduce((s, i) => s + i.principal, 0)).toBe(1_500_000_00);
    const totals = new Set(items.slice(0, -1).map((i) => i.principal + i.interest));
    expect(totals.size).toBe(1);
    // 1.5 million at 12.9 % for 3 years: P*r/(1-(1+r)^-n) = 50,468.7089... roubles, computed apart
    expect([...totals][0]).toBe(5_046_871);
    expect(items.every((i) => Number.isInteger(i.principal) && Number.isInteger(i.interest))).toBe(true);
    expect(items[0]!.interest).toBe(1_612_500);
  });

  it('rounds interest half up without floating point, even for large balances', () => {
    expect(monthlyInterest(100, 1200)).toBe(1); // 1 kopeck exactly
    expect(monthlyInterest(50, 1200)).toBe(1); // 0.5 rounds up
    expect(monthlyInterest(49, 1200)).toBe(0);
    expect(monthlyInterest(9_000_000_000_000_000, 2000)).toBe(150_000_000_000_000);
    expect(dailyInterest(1_000_000_00, 1000, 365)).toBe(10_000_000);
  });

  it('moves due dates by months, keeping the day or the month\'s last day', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-01-15', 12)).toBe('2027-01-15');
    expect(daysBetween('2026-02-01', '2026-03-01')).toBe(28);
  });
});
