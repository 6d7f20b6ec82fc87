/**
 * From the command line, with the sandbox bank in its own process over HTTP and SoftHSM2 tokens:
 *  - the profile file is 0600 (its folder 0700): the session token lies in it as is for the CLI;
 *  - sign-documents holds back a payment order that repeats one already sent (number, date,
 *    amount, payee), naming the earlier one, unless --allow-duplicates; another amount passes;
 *  - `bankclient logout` ends the session on the bank (the token copied from the profile gets
 *    401 from a raw HTTP client) and drops it from the profile; with the bank down the profile's
 *    copy still goes, and it says the bank was not told (exit 1).
 */
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src/main/store/database.ts';
import { bankclient } from '../helpers/cli.ts';
import { CliBank, oneCFile } from '../helpers/cli-bank.ts';
import { kill } from '../helpers/sandbox-process.ts';

const t = new CliBank('cli-logout-duplicates', { Director: '10101010' });
const sign = (args: string[] = []) => t.cli('Director', ['sign-documents', '--token', 'Director', '--key', 'Director-key', '--status', 'draft', ...args]);
const storedToken = (): string | undefined => {
  const row = t.clientQuery<{ value: string }>('Director', "SELECT value FROM settings WHERE key = 'bank.session'")[0];
  return row ? (JSON.parse(row.value) as { token: string }).token : undefined;
};
const me = async (token: string): Promise<number> => (await fetch(`${t.sandbox.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status;

beforeAll(async () => {
  await t.start();
  await t.enrol('Director', 'first-signature', 2_000_000_00);
}, 90_000);
afterAll(() => t.stop());

describe('bankclient profile, duplicates and logout', () => {
  it('keeps the profile (and so the session token) readable by this user only', () => {
    const dir = t.file('profile-Director');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const f of [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`]) {
      const st = statSync(join(dir, f), { throwIfNoEntry: false });
      if (st || f === DATABASE_FILE) expect(st!.mode & 0o777, f).toBe(0o600);
    }
  });

  it('holds back a payment order repeating one already sent, naming it, unless --allow-duplicates; a different amount is signed', () => {
    const today = t.bank.now().toISOString().slice(0, 10);
    writeFileSync(t.file('first.txt'), oneCFile(today, [{ number: '701', amount: '1500.00', purpose: 'Оплата по счёту № 701, без НДС' }]));
    const [first] = t.cli('Director', ['import', t.file('first.txt'), '--json']).json<{ imported: string[] }>().imported as [string];
    expect(sign(['--json']).json<{ signed: string[] }>().signed).toEqual([first]);
    expect(t.cli('Director', ['sync', '--json']).json()).toMatchObject({ pending: 0 });
    const sent = t.cli('Director', ['documents', 'show', first, '--json']).json<{ status: string }>().status;
    expect(['sent', 'delivered', 'accepted', 'executed']).toContain(sent);

    // the same order again (another purpose, so the import takes it), and one of another amount
    writeFileSync(
      t.file('second.txt'),
      oneCFile(today, [
        { number: '701', amount: '1500.00', purpose: 'Оплата по счёту № 701 (повторно), без НДС' },
        { number: '701', amount: '1500.01', purpose: 'Оплата по счёту № 701-2, без НДС' },
      ]),
    );
    const [repeat, other] = t.cli('Director', ['import', t.file('second.txt'), '--json']).json<{ imported: string[] }>().imported as [string, string];

    const held = sign(['--json']);
    expect(held.status).toBe(3); // done, with the repeat skipped
    const report = held.json<{ signed: string[]; skipped: { id: string; code: string; params: Record<string, string>; message: string }[] }>();
    expect(report.signed).toEqual([other]);
    expect(report.skipped).toEqual([expect.objectContaining({ id: repeat, code: 'ui.tokens.sign.duplicate', params: expect.objectContaining({ earlierId: first, earlierNumber: '701', earlierDate: today, earlierAmount: '1500.00', earlierStatus: sent }) })]);
    expect(report.skipped[0]!.message).toContain(first);

    // in words, in Russian; nothing left to sign but the repeat: no PIN asked, still "done with skips" (3)
    const ru = t.cli('Director', ['sign-documents', '--token', 'Director', '--key', 'Director-key', '--status', 'draft', '--lang', 'ru'], { BANKCLIENT_PIN: '' });
    expect(ru.status).toBe(3);
    expect(ru.stdout).toMatch(/повторяет № 701 от \d\d\.\d\d\.\d{4} на 1\s500,00\s₽/);
    expect(ru.stdout).toContain('--allow-duplicates');
    expect(t.cli('Director', ['documents', 'show', repeat, '--json']).json()).toMatchObject({ status: 'draft' });

    const allowed = sign(['--allow-duplicates', '--json']);
    expect(allowed.status, allowed.stdout).toBe(0);
    expect(allowed.json<{ signed: string[] }>().signed).toEqual([repeat]);
    expect(t.clientQuery('Director', "SELECT subject FROM audit WHERE action = 'sign.duplicate-confirmed'")).toEqual([{ subject: repeat }]);
  });

  it('logout ends the session on the bank: the copied token gets 401, the profile keeps no session', async () => {
    const copied = storedToken()!;
    expect(await me(copied)).toBe(200);
    const out = t.cli('Director', ['logout', '--json']);
    expect(out.status, out.stderr).toBe(0);
    expect(out.json()).toEqual({ hadSession: true, endedOnBank: true });
    expect(await me(copied)).toBe(401);
    expect(storedToken()).toBeUndefined();
    expect(t.cli('Director', ['sync', '--json']).status).toBe(1); // logged out: sync asks for a login
    const again = t.cli('Director', ['logout', '--lang', 'ru']);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/нет сеанса/);
  });

  it('logout with the bank down drops the session here all the same and says the bank was not told', async () => {
    expect((await t.login('Director')).status).toBe(0);
    expect(storedToken()).toBeDefined();
    const url = t.sandbox.url;
    await kill(t.sandbox);
    (t as { sandbox?: unknown }).sandbox = undefined; // down for good: stop() has nothing to kill
    const run = (args: string[]) => bankclient([...args, '--data-dir', t.file('profile-Director'), '--bank', url], t.env('Director'));
    const out = run(['logout', '--json']);
    expect(out.status).toBe(1);
    expect(out.json()).toMatchObject({ hadSession: true, endedOnBank: false, notEnded: { code: 'bank.unreachable', until: expect.any(String) } });
    expect(storedToken()).toBeUndefined();
    expect(out.json<{ notEnded: { message: string } }>().notEnded.message).toMatch(/bank/i);
  });
});
