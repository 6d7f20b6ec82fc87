import { describe, expect, it } from 'vitest';
import { localeFrom, messages, t, type MessageKey } from '../../src/shared/i18n/index.ts';
import { TEXT } from '../../src/cli/text.ts';

const sample = { at: 1, reason: 'r', reasonRu: 'р', name: 'N', path: '/p', source: 's', query: 'q', present: 'p', state: 'ok', places: 'x', label: 'l', token: 't', fn: 'C_X', ckr: 'CKR_X', mechanism: 'm', value: 'v', allowed: 'a', subject: 's', ids: 'i', what: 'w', env: 'E', time: 't', from: 'f', to: 't', matches: 'm', type: 't', command: 'c', oid: '1.2.3', version: 9, latest: 2, kind: 'k', count: 2, field: 'f', en: 'e', ru: 'р', id: 'i', revision: 1, current: 2, status: 's', url: 'u', seconds: 5, operation: 'o', code: 'c', detail: 'd', problem: 'p', limit: 1, amount: 2, cursor: 3, other: 'o', line: 4, key: 'k', by: 'b', dir: 'd' };

describe('every user-facing message exists in Russian and English', () => {
  it.each(Object.keys(messages) as MessageKey[])('%s', (key) => {
    const en = t('en', key, sample);
    const ru = t('ru', key, sample);
    expect(en.length).toBeGreaterThan(1);
    expect(en).not.toMatch(/undefined/);
    expect(ru).not.toMatch(/undefined/);
    expect(ru).toMatch(/[а-яё]/i);
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
