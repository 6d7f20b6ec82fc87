/**
 * The amount in words, as a Russian payment order writes it (сумма прописью): roubles in words,
 * kopecks in figures — «Один миллион двести тысяч рублей 00 копеек». English for the English
 * screens: "One million two hundred thousand roubles 00 kopecks". Integer kopecks in, no floats.
 */
import type { Kopecks } from './money.ts';

type Gender = 'm' | 'f';

/** Russian plural forms: [1, 2–4, 5–20], chosen by the last two digits. */
function ruPlural(n: number, forms: readonly [string, string, string]): string {
  const tens = n % 100;
  const last = n % 10;
  if (tens >= 11 && tens <= 14) return forms[2];
  if (last === 1) return forms[0];
  if (last >= 2 && last <= 4) return forms[1];
  return forms[2];
}

const RU_UNITS: Record<Gender, readonly string[]> = {
  m: ['', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'],
  f: ['', 'одна', 'две', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'],
};
const RU_TEENS = ['десять', 'одиннадцать', 'двенадцать', 'тринадцать', 'четырнадцать', 'пятнадцать', 'шестнадцать', 'семнадцать', 'восемнадцать', 'девятнадцать'];
const RU_TENS = ['', '', 'двадцать', 'тридцать', 'сорок', 'пятьдесят', 'шестьдесят', 'семьдесят', 'восемьдесят', 'девяносто'];
const RU_HUNDREDS = ['', 'сто', 'двести', 'триста', 'четыреста', 'пятьсот', 'шестьсот', 'семьсот', 'восемьсот', 'девятьсот'];

/** 1..999 in Russian words, in the gender of the noun that follows. */
function ruTriple(n: number, gender: Gender): string[] {
  const words = [RU_HUNDREDS[Math.floor(n / 100)]!];
  const rest = n % 100;
  if (rest >= 10 && rest < 20) words.push(RU_TEENS[rest - 10]!);
  else words.push(RU_TENS[Math.floor(rest / 10)]!, RU_UNITS[gender][rest % 10]!);
  return words.filter(Boolean);
}

/** Scales of a thousand: their gender and plural forms (thousands are feminine). */
const RU_SCALES: readonly { gender: Gender; forms: readonly [string, string, string] }[] = [
  { gender: 'm', forms: ['', '', ''] },
  { gender: 'f', forms: ['тысяча', 'тысячи', 'тысяч'] },
  { gender: 'm', forms: ['миллион', 'миллиона', 'миллионов'] },
  { gender: 'm', forms: ['миллиард', 'миллиарда', 'миллиардов'] },
  { gender: 'm', forms: ['триллион', 'триллиона', 'триллионов'] },
];

function ruNumber(n: number): string {
  if (n === 0) return 'ноль';
  const words: string[] = [];
  for (let scale = RU_SCALES.length - 1; scale >= 0; scale--) {
    const unit = 1000 ** scale;
    const triple = Math.floor(n / unit) % 1000;
    if (triple === 0) continue;
    const s = RU_SCALES[scale]!;
    words.push(...ruTriple(triple, s.gender));
    if (scale > 0) words.push(ruPlural(triple, s.forms));
  }
  return words.join(' ');
}

const EN_SMALL = ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const EN_TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const EN_SCALES = ['', 'thousand', 'million', 'billion', 'trillion'];

function enTriple(n: number): string[] {
  const words: string[] = [];
  if (n >= 100) words.push(EN_SMALL[Math.floor(n / 100)]!, 'hundred');
  const rest = n % 100;
  if (rest >= 20) words.push(rest % 10 ? `${EN_TENS[Math.floor(rest / 10)]}-${EN_SMALL[rest % 10]}` : EN_TENS[Math.floor(rest / 10)]!);
  else if (rest > 0) words.push(EN_SMALL[rest]!);
  return words;
}

function enNumber(n: number): string {
  if (n === 0) return 'zero';
  const words: string[] = [];
  for (let scale = EN_SCALES.length - 1; scale >= 0; scale--) {
    const triple = Math.floor(n / 1000 ** scale) % 1000;
    if (triple === 0) continue;
    words.push(...enTriple(triple));
    if (scale > 0) words.push(EN_SCALES[scale]!);
  }
  return words.join(' ');
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** The largest amount said in words: below a quadrillion roubles (MAX_AMOUNT is far below it). */
const LIMIT: Kopecks = 1000 ** 5 * 100;

/** «Один миллион двести тысяч рублей 00 копеек» / "One million two hundred thousand roubles 00 kopecks". */
export function amountInWords(amount: Kopecks, locale: 'ru' | 'en'): string {
  if (!Number.isSafeInteger(amount) || amount < 0 || amount >= LIMIT) throw new RangeError(`amount ${amount} is not a whole, non-negative number of kopecks that can be said in words`);
  const roubles = Math.floor(amount / 100);
  const kopecks = amount % 100;
  const k = String(kopecks).padStart(2, '0');
  if (locale === 'ru') {
    return `${capitalise(ruNumber(roubles))} ${ruPlural(roubles, ['рубль', 'рубля', 'рублей'])} ${k} ${ruPlural(kopecks, ['копейка', 'копейки', 'копеек'])}`;
  }
  return `${capitalise(enNumber(roubles))} ${roubles === 1 ? 'rouble' : 'roubles'} ${k} ${kopecks === 1 ? 'kopeck' : 'kopecks'}`;
}
