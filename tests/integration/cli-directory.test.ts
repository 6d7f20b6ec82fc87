/**
 * bankclient directory load FILE / show, as a user runs them (the built program, its own
 * process, a profile folder of its own): an ED807 file from the sandbox's banks loaded, a bad
 * one refused naming its line (exit 1, the copy held unchanged), --json for programs, both
 * languages.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SANDBOX_BANKS } from '../../src/sandbox/bic-directory.ts';
import { bankclient } from '../helpers/cli.ts';
import { sandboxEd807, writeSandboxEd807 } from '../helpers/ed807.ts';

const dir = mkdtempSync(join(tmpdir(), 'bc-cli-directory-'));
const env = { BANKCLIENT_HOME: join(dir, 'profile') };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bankclient directory', () => {
  it('show before anything is loaded says how to get one (exit 1)', () => {
    const r = bankclient(['directory', 'show', '--lang', 'ru'], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Справочник БИК не загружен');
  });

  it('load FILE stores the directory; show and --json tell which copy is held', () => {
    const file = writeSandboxEd807(join(dir, 'ED807_full.xml'));
    const r = bankclient(['directory', 'load', file], env);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`BIC directory of 2025-01-09 loaded from ${file}: ${SANDBOX_BANKS.length} banks.`);
    const ru = bankclient(['directory', 'show', '--lang', 'ru'], env);
    expect(ru.stdout).toContain(`Справочник БИК на 09.01.2025: банков — ${SANDBOX_BANKS.length}, загружен вручную из файла, без подписи банка,`);
    const json = bankclient(['directory', 'show', '--json'], env).json<{ origin: string; entries: number; businessDay: string; fileName: string }>();
    expect(json).toMatchObject({ origin: 'file', entries: SANDBOX_BANKS.length, businessDay: '2025-01-09', fileName: file });
  });

  it('a bad file is refused naming its line and element, and the directory held stays', () => {
    const text = sandboxEd807().replace('BIC="046015804"', 'BIC="04601580X"');
    const file = join(dir, 'bad.xml');
    writeFileSync(file, text);
    const line = text.slice(0, text.indexOf('04601580X')).split('\n').length;
    const r = bankclient(['directory', 'load', file, '--json'], env);
    expect(r.status).toBe(1);
    expect(r.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'format.ed807.attribute-invalid', message: `Line ${line}: <BICDirectoryEntry> BIC="04601580X" is not a BIC of 9 digits.` });
    const ru = bankclient(['directory', 'load', file, '--lang', 'ru'], env);
    expect(ru.stderr).toContain(`Строка ${line}: <BICDirectoryEntry> BIC="04601580X" — не БИК из 9 цифр.`);
    expect(bankclient(['directory', 'show', '--json'], env).json()).toMatchObject({ fileName: join(dir, 'ED807_full.xml') });
  });

  it('is in the help of both languages; a missing FILE is a usage error', () => {
    expect(bankclient(['--help'], env).stdout).toContain('directory load FILE');
    expect(bankclient(['--help', '--lang', 'ru'], { ...env, LANG: 'ru_RU.UTF-8' }).stdout).toContain('directory load ФАЙЛ');
    expect(bankclient(['directory', 'load'], env).status).toBe(2);
  });
});
