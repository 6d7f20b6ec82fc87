/**
 * bankclient's output files: written atomically, never over an input, and a write error named
 * in the user's language. The refusals come before any token is opened or PIN asked for, so
 * they are checked here with a module path that does not exist and no PIN.
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bankclient } from '../helpers/cli.ts';
import { checkOutput, writeFileAtomic } from '../../src/cli/files.ts';
import { CliError } from '../../src/cli/errors.ts';

let dir: string;
const file = (name: string): string => join(dir, name);
/** No PIN, no token: a command that got as far as the token would fail differently. */
const NO_TOKEN = ['--token', 'Director', '--module', '/nonexistent/libtoken.so'];
const env = { PATH: process.env.PATH };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bankclient-files-'));
  writeFileSync(file('order.txt'), 'Платёжное поручение № 42\n');
  writeFileSync(file('order.p7s'), 'existing signature');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bankclient refuses an --out that is one of its inputs, before the token', () => {
  it.each([
    ['the same path', () => file('order.txt')],
    ['another spelling of it', () => join(dir, 'sub', '..', 'order.txt')],
    ['a path relative to the working directory', () => relative(process.cwd(), file('order.txt'))],
  ])('--out = --in as %s', (_, out) => {
    const r = bankclient(['sign', ...NO_TOKEN, '--key', 'k', '--in', file('order.txt'), '--out', out()], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`bankclient sign: The output file ${out()} (--out) is the same file as ${file('order.txt')} (--in); it would be overwritten. Choose another --out.\n`);
    expect(readFileSync(file('order.txt'), 'utf8')).toBe('Платёжное поручение № 42\n');
  });

  it('--out = --add-to, through a symbolic link, in Russian and as JSON', () => {
    symlinkSync(file('order.p7s'), file('link.p7s'));
    const ru = bankclient(['sign', ...NO_TOKEN, '--key', 'k', '--in', file('order.txt'), '--add-to', file('order.p7s'), '--out', file('link.p7s'), '--lang', 'ru'], env);
    expect(ru.status).toBe(1);
    expect(ru.stderr).toContain(`Выходной файл ${file('link.p7s')} (--out) — тот же файл, что и ${file('order.p7s')} (--add-to); он был бы перезаписан.`);
    const json = bankclient(['sign', ...NO_TOKEN, '--key', 'k', '--in', file('order.txt'), '--add-to', file('order.p7s'), '--out', file('order.p7s'), '--json'], env);
    expect(json.status).toBe(1);
    expect(json.json()).toMatchObject({ error: { code: 'file.output-is-input' } });
    expect(readFileSync(file('order.p7s'), 'utf8')).toBe('existing signature');
  });
});

describe('bankclient names an --out it cannot write, before the token', () => {
  it('sign: a folder that does not exist, in English and Russian', () => {
    const out = file('missing/order.p7s');
    const en = bankclient(['sign', ...NO_TOKEN, '--key', 'k', '--in', file('order.txt'), '--out', out], env);
    expect(en.status).toBe(1);
    expect(en.stderr).toBe(`bankclient sign: Cannot write ${out}: ENOENT (the folder does not exist)\n`);
    const ru = bankclient(['sign', ...NO_TOKEN, '--key', 'k', '--in', file('order.txt'), '--out', out], { ...env, LANG: 'ru_RU.UTF-8' });
    expect(ru.stderr).toBe(`bankclient sign: Не удалось записать ${out}: ENOENT (папка не существует)\n`);
  });

  it('csr create: a folder given as --out, and a file used as a folder', () => {
    const asDir = bankclient(['csr', 'create', ...NO_TOKEN, '--key', 'k', '--subject', 'CN=X', '--out', dir, '--json'], env);
    expect(asDir.status).toBe(1);
    expect(asDir.json()).toMatchObject({ error: { code: 'file.unwritable', message: `Cannot write ${dir}: EISDIR (it is a folder)` } });
    const out = file('order.txt/x.csr');
    const notDir = bankclient(['csr', 'create', ...NO_TOKEN, '--key', 'k', '--subject', 'CN=X', '--out', out, '--lang', 'ru'], env);
    expect(notDir.status).toBe(1);
    expect(notDir.stderr).toContain(`Не удалось записать ${out}: ENOTDIR`);
  });
});

describe('writeFileAtomic', () => {
  it('replaces the file in one step and leaves no temporary file', () => {
    const target = file('atomic/out.p7s');
    mkdirSync(file('atomic'));
    writeFileAtomic(target, 'first');
    writeFileAtomic(target, Buffer.from('second'));
    expect(readFileSync(target, 'utf8')).toBe('second');
    expect(readdirSync(file('atomic'))).toEqual(['out.p7s']);
  });

  it("keeps an existing file's permissions", () => {
    const target = file('atomic/private.pem');
    writeFileSync(target, 'old');
    chmodSync(target, 0o600);
    writeFileAtomic(target, 'new');
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(readFileSync(target, 'utf8')).toBe('new');
  });

  it('reports a failure with the path and the reason code, in both languages, and leaves the old file', () => {
    const target = file('atomic/out.p7s');
    let error: unknown;
    try {
      writeFileAtomic(file('atomic/none/out.p7s'), 'x');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toBe(`Cannot write ${file('atomic/none/out.p7s')}: ENOENT (the folder does not exist)`);
    expect((error as CliError).localized('ru')).toBe(`Не удалось записать ${file('atomic/none/out.p7s')}: ENOENT (папка не существует)`);
    expect(readFileSync(target, 'utf8')).toBe('second');
    expect(() => writeFileAtomic(file('atomic'), 'x')).toThrow(/Cannot write .*atomic: E(ISDIR|EXIST|NOTEMPTY)/);
    expect(readdirSync(file('atomic')).sort()).toEqual(['out.p7s', 'private.pem']);
  });

  it('checkOutput accepts a new file in an existing folder', () => {
    expect(() => checkOutput(file('new.p7s'), { in: file('order.txt'), 'add-to': undefined })).not.toThrow();
  });
});
