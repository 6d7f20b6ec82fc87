/** The one formatting module: money, numbers, percents, dates and moments, in Russian and English. */
import { describe, expect, it } from 'vitest';
import { formatAmount, formatBasisPoints, formatDate, formatDateTime, formatInteger, formatMoney, formatPercent, NBSP } from '../../src/shared/domain/format.ts';
import { MAX_AMOUNT } from '../../src/shared/domain/money.ts';

const NB = NBSP;

describe('money', () => {
  it('groups roubles with no-break spaces and writes kopecks after a comma in Russian, with ₽', () => {
    expect(formatMoney(120_000_000, 'ru')).toBe(`1${NB}200${NB}000,00${NB}₽`);
    expect(formatMoney(120_000_000, 'en')).toBe(`1,200,000.00${NB}₽`);
    expect(formatAmount(150_005, 'ru')).toBe(`1${NB}500,05`);
    expect(formatAmount(150_005, 'en')).toBe('1,500.05');
  });

  it('edge cases: nothing, one kopeck, 10 trillion roubles, a negative balance', () => {
    expect(formatMoney(0, 'ru')).toBe(`0,00${NB}₽`);
    expect(formatMoney(0, 'en')).toBe(`0.00${NB}₽`);
    expect(formatMoney(1, 'ru')).toBe(`0,01${NB}₽`);
    expect(formatMoney(1, 'en')).toBe(`0.01${NB}₽`);
    expect(formatMoney(MAX_AMOUNT, 'ru')).toBe(`10${NB}000${NB}000${NB}000${NB}000,00${NB}₽`);
    expect(formatMoney(MAX_AMOUNT, 'en')).toBe(`10,000,000,000,000.00${NB}₽`);
    expect(formatMoney(Number.MAX_SAFE_INTEGER, 'en')).toBe(`90,071,992,547,409.91${NB}₽`);
    expect(formatMoney(-123_456, 'ru')).toBe(`-1${NB}234,56${NB}₽`);
    expect(formatAmount(-5, 'en')).toBe('-0.05');
  });

  it('names other currencies by their sign or code', () => {
    expect(formatMoney(100, 'en', 'USD')).toBe(`1.00${NB}$`);
    expect(formatMoney(100, 'ru', 'EUR')).toBe(`1,00${NB}€`);
    expect(formatMoney(100, 'ru', 'GBP')).toBe(`1,00${NB}GBP`);
  });

  it('refuses what is not whole kopecks rather than rounding it', () => {
    expect(() => formatMoney(1.5, 'ru')).toThrow(RangeError);
    expect(() => formatAmount(Number.NaN, 'en')).toThrow(RangeError);
    expect(() => formatAmount(2 ** 53, 'en')).toThrow(RangeError);
  });
});

describe('numbers and percents', () => {
  it('groups whole numbers', () => {
    expect(formatInteger(0, 'ru')).toBe('0');
    expect(formatInteger(999, 'ru')).toBe('999');
    expect(formatInteger(1000, 'ru')).toBe(`1${NB}000`);
    expect(formatInteger(1_234_567, 'en')).toBe('1,234,567');
    expect(formatInteger(-1_234_567, 'ru')).toBe(`-1${NB}234${NB}567`);
  });

  it('writes a rate with a decimal comma and a no-break space before % in Russian (12,90 %), 12.90% in English', () => {
    expect(formatBasisPoints(1290, 'ru')).toBe(`12,90${NB}%`);
    expect(formatBasisPoints(1290, 'en')).toBe('12.90%');
    expect(formatBasisPoints(0, 'ru')).toBe(`0,00${NB}%`);
    expect(formatBasisPoints(5, 'en')).toBe('0.05%');
    expect(formatPercent(12.9, 'ru')).toBe(`12,90${NB}%`);
    expect(formatPercent(-0.5, 'en')).toBe('-0.50%');
    expect(formatPercent(100, 'ru')).toBe(`100,00${NB}%`);
    expect(() => formatPercent(Number.POSITIVE_INFINITY, 'ru')).toThrow(RangeError);
  });
});

describe('dates', () => {
  it('writes a calendar date as dd.mm.yyyy in both languages', () => {
    expect(formatDate('2027-12-05', 'ru')).toBe('05.12.2027');
    expect(formatDate('2027-12-05', 'en')).toBe('05.12.2027');
    expect(formatDate('2028-02-29', 'ru')).toBe('29.02.2028');
    expect(formatDate('0001-01-01', 'en')).toBe('01.01.0001');
  });

  it('returns what is not a real date as it is (so a message about a wrong date shows what was typed)', () => {
    for (const bad of ['2026-02-30', '2027-02-29', '2026-13-01', '26-12-05', '05.12.2026', '', 'tomorrow', '2026-12-05T25:00:00Z']) {
      expect(formatDate(bad, 'ru'), bad).toBe(bad);
      expect(formatDateTime(bad, 'en'), bad).toBe(bad);
    }
  });

  it('writes a moment in the time zone asked for, with its offset when asked', () => {
    const at = '2026-12-05T21:30:00.000Z';
    expect(formatDateTime(at, 'ru', { timeZone: 'Europe/Moscow' })).toBe('06.12.2026 00:30');
    expect(formatDateTime(at, 'ru', { timeZone: 'Europe/Moscow', offset: true })).toBe('06.12.2026 00:30 (UTC+03:00)');
    expect(formatDateTime(at, 'en', { timeZone: 'America/New_York', offset: true })).toBe('05.12.2026 16:30 (UTC-05:00)');
    expect(formatDateTime(at, 'en', { timeZone: 'Asia/Kolkata', offset: true })).toBe('06.12.2026 03:00 (UTC+05:30)');
    expect(formatDateTime('2026-12-05T21:30:00+03:00', 'ru', { timeZone: 'UTC', offset: true })).toBe('05.12.2026 18:30 (UTC+00:00)');
    expect(formatDate(at, 'ru', 'Asia/Vladivostok')).toBe('06.12.2026');
    expect(formatDateTime('2026-12-05', 'ru')).toBe('05.12.2026');
    // a time without a zone is not a moment; an unknown zone is not guessed
    expect(formatDateTime('2026-12-05T21:30:00', 'ru')).toBe('2026-12-05T21:30:00');
    expect(formatDateTime(at, 'ru', { timeZone: 'Mars/Olympus' })).toBe(at);
  });
});
