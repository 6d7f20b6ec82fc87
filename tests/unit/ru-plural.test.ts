/** The one Russian plural rule the words of the screens share (src/shared/i18n/plural.ts), by the last two digits. */
import { describe, expect, it } from 'vitest';
import { ruPlural } from '../../src/shared/i18n/plural.ts';
import { t } from '../../src/shared/i18n/index.ts';

const day = (n: number) => ruPlural(n, 'день', 'дня', 'дней');

describe('ruPlural', () => {
  it('chooses день / дня / дней as Russian does, teens included', () => {
    expect([0, 1, 2, 4, 5, 10, 11, 12, 14, 15, 20, 21, 22, 24, 25, 100, 101, 111, 112, 114, 121, 122, 1001, 1011].map((n) => `${n} ${day(n)}`)).toEqual([
      '0 дней', '1 день', '2 дня', '4 дня', '5 дней', '10 дней', '11 дней', '12 дней', '14 дней', '15 дней', '20 дней', '21 день', '22 дня', '24 дня', '25 дней',
      '100 дней', '101 день', '111 дней', '112 дней', '114 дней', '121 день', '122 дня', '1001 день', '1011 дней',
    ]);
  });

  it('is what the screens say: documents counted, days left on a certificate', () => {
    expect([1, 3, 11, 21].map((count) => t('ru', 'ui.documents.count', { count }))).toEqual(['1 документ', '3 документа', '11 документов', '21 документ']);
    expect([1, 12, 22].map((days) => t('ru', 'ui.certificates.state.valid', { days }))).toEqual(['Действует, осталось 1 день', 'Действует, осталось 12 дней', 'Действует, осталось 22 дня']);
  });
});
