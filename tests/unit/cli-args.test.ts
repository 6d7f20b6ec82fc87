/** bankclient's command-line errors must not echo what was typed in the wrong place: it may be a PIN. */
import { describe, expect, it } from 'vitest';
import { bankclient } from '../helpers/cli.ts';

const env = { PATH: process.env.PATH };

describe('bankclient: an unexpected argument', () => {
  it('is reported by its position, not its value, in English and Russian', () => {
    const en = bankclient(['key', 'list', '--token', 'Director', '11223344'], env);
    expect(en.status).toBe(2);
    expect(en.stderr).toBe('bankclient key list: Unexpected argument at position 5. Help: bankclient --help\n');
    const ru = bankclient(['sign', '--lang', 'ru', '55667788', '--token', 'Director'], env);
    expect(ru.status).toBe(2);
    expect(ru.stderr).toBe('bankclient sign: Лишний аргумент на позиции 4. Справка: bankclient --help\n');
    for (const r of [en, ru]) expect(r.stdout + r.stderr).not.toMatch(/11223344|55667788/);
  });

  it('counts an argument after -- too', () => {
    const r = bankclient(['token', 'info', '--token', 'T', '--', '99887766'], env);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Unexpected argument at position 6');
    expect(r.stderr).not.toContain('99887766');
  });
});
