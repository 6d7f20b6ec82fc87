import { describe, expect, it } from 'vitest';
import { isValidAccountKey, isValidBic, isValidInn, isValidKpp, isValidOgrn, isValidSnils, isValidUin, uinCheckDigit } from '../../src/shared/domain/requisites.ts';

describe('INN', () => {
  it('accepts the valid examples of docs/architecture.md', () => {
    expect(isValidInn('7707083893')).toBe(true);
    expect(isValidInn('500100732259')).toBe(true);
  });
  it('rejects a wrong check digit, wrong lengths and non-digits', () => {
    expect(isValidInn('7701325469')).toBe(false);
    expect(isValidInn('7707083894')).toBe(false);
    expect(isValidInn('500100732258')).toBe(false);
    expect(isValidInn('77070838')).toBe(false);
    expect(isValidInn('77070838 3')).toBe(false);
  });
});

describe('OGRN and SNILS', () => {
  it('checks OGRN and OGRNIP', () => {
    expect(isValidOgrn('1027700132195')).toBe(true); // Sberbank
    expect(isValidOgrn('1027700132196')).toBe(false);
    expect(isValidOgrn('304500116000157')).toBe(true);
    expect(isValidOgrn('304500116000158')).toBe(false);
  });
  it('checks SNILS with or without separators', () => {
    expect(isValidSnils('112-233-445 95')).toBe(true);
    expect(isValidSnils('11223344595')).toBe(true);
    expect(isValidSnils('11223344596')).toBe(false);
  });
});

describe('KPP, BIC, account control key, UIN', () => {
  it('checks KPP and BIC shapes', () => {
    expect(['770701001', '7707AB001', '7707ZZ999'].map(isValidKpp)).toEqual([true, true, true]);
    expect(['0', '77070100', '7707ab001', '770701001 '].map(isValidKpp)).toEqual([false, false, false, false]);
    expect(['044525225', '004525988', '010000000'].map(isValidBic)).toEqual([true, true, true]);
    expect(['04452522', '04452522a'].map(isValidBic)).toEqual([false, false]);
  });

  it.each([
    ['044525225', '30101810400000000225'],
    ['046015804', '40702810400000004583'],
    ['049805746', '40602810700000000025'],
    ['004525988', '40102810545370000003'],
  ])('accepts the valid pair %s / %s of docs/architecture.md', (bic, account) => expect(isValidAccountKey(bic, account)).toBe(true));

  it('refuses a wrong key digit, a mismatched bank, and malformed numbers; treasury 03... accounts carry no key', () => {
    expect(isValidAccountKey('046015804', '40702810400000004584')).toBe(false);
    expect(isValidAccountKey('044525225', '40702810400000004583')).toBe(false);
    expect(isValidAccountKey('046015804', '4070281040000000458')).toBe(false);
    expect(isValidAccountKey('004525988', '03100643000000017300')).toBe(true);
  });

  it('checks UIN: "0", 20 or 25 digits with the check digit, never all zeros', () => {
    const body20 = '1820101001100011001';
    const uin20 = body20 + String(uinCheckDigit(body20));
    expect(isValidUin(uin20)).toBe(true);
    expect(isValidUin(body20 + String((uinCheckDigit(body20) + 1) % 10))).toBe(false);
    const body25 = '321170724110215863781234';
    expect(isValidUin(body25 + String(uinCheckDigit(body25)))).toBe(true);
    expect(isValidUin('0')).toBe(true);
    expect(isValidUin('00000000000000000000')).toBe(false);
    expect(isValidUin('123')).toBe(false);
  });

  it('computes the UIN check digit with the second weight pass and the zero fallback', () => {
    // weights 1..10 give 10 for nine ones then a 1: (1+2+...+9)+10*1 = 55 -> 0 (mod 11); make one that gives 10
    const first = (b: string): number => [...b].reduce((a, d, i) => a + Number(d) * ((i % 10) + 1), 0) % 11;
    const second = (b: string): number => [...b].reduce((a, d, i) => a + Number(d) * (((i + 2) % 10) + 1), 0) % 11;
    let seen10 = false;
    for (let n = 0; n < 2000; n++) {
      const body = String(1000000000000000000n + BigInt(n) * 7919n).slice(0, 19);
      const expected = first(body) < 10 ? first(body) : second(body) < 10 ? second(body) : 0;
      if (first(body) === 10) seen10 = true;
      expect(uinCheckDigit(body)).toBe(expected);
    }
    expect(seen10).toBe(true);
  });
});
