import { describe, expect, it } from 'vitest';
import { localeFrom, messages, t, type MessageKey } from '../../src/shared/i18n/index.ts';
import { TEXT } from '../../src/cli/text.ts';

/** Parameters that answer any name, recording which names a text read. */
function recording(value: (name: string) => string | number): { params: Record<string, string | number>; read: Set<string> } {
  const read = new Set<string>();
  const params = new Proxy({} as Record<string, string | number>, {
    get: (_t, name) => {
      if (typeof name !== 'string') return undefined;
      read.add(name);
      return value(name);
    },
  });
  return { params, read };
}

describe('every user-facing message exists in Russian and English', () => {
  it.each(Object.keys(messages) as MessageKey[])('%s', (key) => {
    // each parameter a distinct value, numbers where a text compares or plural-forms them
    const en = recording((name) => (/^(count|total|done|n|seconds|days|size|max|limit|version|latest|revision|current|line|at|amount)$/.test(name) ? 2 : `‹${name}›`));
    const ru = recording((name) => (/^(count|total|done|n|seconds|days|size|max|limit|version|latest|revision|current|line|at|amount)$/.test(name) ? 2 : `‹${name}›`));
    const enText = t('en', key, en.params);
    const ruText = t('ru', key, ru.params);
    expect(enText.length).toBeGreaterThan(1);
    expect(enText).not.toMatch(/undefined|NaN/);
    expect(ruText).not.toMatch(/undefined|NaN/);
    // a translation uses the same parameters: none forgotten, none made up
    // (a parameter that carries the text of its own language, as reason/reasonRu or en/ru, is one parameter)
    const same = (names: Set<string>) => [...names].map((n) => n.replace(/Ru$/, '').replace(/^(en|ru)$/, 'text')).sort();
    expect(same(ru.read)).toEqual(same(en.read));
    // words outside the parameters: where the English has words, the Russian has Russian ones,
    // unless both are the same technical name (RSA-2048, Re:)
    const bare = (text: string) => text.replace(/‹[^›]*›/g, '');
    if (/[a-z]{3}/i.test(bare(enText)) && bare(enText) !== bare(ruText)) expect(bare(ruText)).toMatch(/[а-яё]/i);
  });

  it('the CLI has the same texts in both languages', () => {
    expect(Object.keys(TEXT.ru).sort()).toEqual(Object.keys(TEXT.en).sort());
    expect(TEXT.ru.usage).toMatch(/Использование/);
    expect(Object.keys(TEXT.ru.pinStates).sort()).toEqual(Object.keys(TEXT.en.pinStates).sort());
  });

  it('picks Russian from LANG-style and BCP 47 tags, English otherwise', () => {
    expect(localeFrom('ru_RU.UTF-8')).toBe('ru');
    expect(localeFrom('ru-RU')).toBe('ru');
    expect(localeFrom('ru')).toBe('ru');
    expect(localeFrom('en_US.UTF-8')).toBe('en');
    expect(localeFrom('C')).toBe('en');
    expect(localeFrom(undefined)).toBe('en');
    expect(localeFrom('rus')).toBe('en');
  });
});
