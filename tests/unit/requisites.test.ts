import { describe, expect, it } from 'vitest';
import { isValidInn, isValidOgrn, isValidSnils } from '../../src/shared/domain/requisites.ts';

describe('INN', () => {
  it('accepts the valid examples of DESIGN.md', () => {
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
