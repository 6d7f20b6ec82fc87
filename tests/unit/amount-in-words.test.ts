/** Сумма прописью as payment orders write it: roubles in words (thousands feminine), kopecks in figures. */
import { describe, expect, it } from 'vitest';
import { amountInWords } from '../../src/shared/domain/amount-in-words.ts';
import { MAX_AMOUNT } from '../../src/shared/domain/money.ts';

describe('amountInWords', () => {
  it.each([
    [0, 'Ноль рублей 00 копеек', 'Zero roubles 00 kopecks'],
    [1, 'Ноль рублей 01 копейка', 'Zero roubles 01 kopeck'],
    [100, 'Один рубль 00 копеек', 'One rouble 00 kopecks'],
    [202, 'Два рубля 02 копейки', 'Two roubles 02 kopecks'],
    [511, 'Пять рублей 11 копеек', 'Five roubles 11 kopecks'],
    [1_100, 'Одиннадцать рублей 00 копеек', 'Eleven roubles 00 kopecks'],
    [2_100, 'Двадцать один рубль 00 копеек', 'Twenty-one roubles 00 kopecks'],
    [11_421, 'Сто четырнадцать рублей 21 копейка', 'One hundred fourteen roubles 21 kopecks'],
    [100_000, 'Одна тысяча рублей 00 копеек', 'One thousand roubles 00 kopecks'],
    [200_000, 'Две тысячи рублей 00 копеек', 'Two thousand roubles 00 kopecks'],
    [500_000, 'Пять тысяч рублей 00 копеек', 'Five thousand roubles 00 kopecks'],
    [1_100_000, 'Одиннадцать тысяч рублей 00 копеек', 'Eleven thousand roubles 00 kopecks'],
    [2_100_000, 'Двадцать одна тысяча рублей 00 копеек', 'Twenty-one thousand roubles 00 kopecks'],
    [120_000_000, 'Один миллион двести тысяч рублей 00 копеек', 'One million two hundred thousand roubles 00 kopecks'],
    [123_456_789, 'Один миллион двести тридцать четыре тысячи пятьсот шестьдесят семь рублей 89 копеек', 'One million two hundred thirty-four thousand five hundred sixty-seven roubles 89 kopecks'],
    [300_000_000_000, 'Три миллиарда рублей 00 копеек', 'Three billion roubles 00 kopecks'],
    [1_000_001_00, 'Один миллион один рубль 00 копеек', 'One million one roubles 00 kopecks'],
  ])('%i kopecks', (kopecks, ru, en) => {
    expect(amountInWords(kopecks, 'ru')).toBe(ru);
    expect(amountInWords(kopecks, 'en')).toBe(en);
  });

  it('says the largest amount a document can carry', () => {
    expect(amountInWords(MAX_AMOUNT, 'ru')).toBe('Десять триллионов рублей 00 копеек');
    expect(amountInWords(MAX_AMOUNT - 1, 'ru')).toMatch(/^Девять триллионов девятьсот девяносто девять миллиардов .* девятьсот девяносто девять рублей 99 копеек$/);
  });

  it('refuses what is not a whole, non-negative number of kopecks', () => {
    for (const bad of [-1, 1.5, Number.NaN, 2 ** 60]) expect(() => amountInWords(bad, 'ru')).toThrow(RangeError);
  });
});
