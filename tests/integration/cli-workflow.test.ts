/**
 * The whole chain from the command line, as CI or an automating accountant runs it: the bank
 * is the sandbox in its own process over HTTP, the keys are on SoftHSM2 tokens, each person has
 * their own profile (a real SQLite file), and every step is a bankclient process.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BankClient } from '../../src/cli/conformance/bank-client.ts';
import { encodeCp1251, readOneCStatement } from '../../src/main/formats/index.ts';
import { SoftHsm } from '../helpers/softhsm.ts';
import { bankclient, type CliResult } from '../helpers/cli.ts';
import { kill, spawnSandbox, type SandboxProcess } from '../helpers/sandbox-process.ts';

let hsm: SoftHsm;
let sandbox: SandboxProcess;
let bank: BankClient;
let companyId: string;
const outputs: CliResult[] = [];
const file = (name: string): string => join(hsm.dir, name);
const PINS = { Director: '10101010', Chief: '30303030' } as const;
type Who = keyof typeof PINS;

function cli(who: Who, args: string[], env: Record<string, string> = {}): CliResult {
  const r = bankclient([...args, '--data-dir', file(`profile-${who}`), '--bank', sandbox.url], { ...hsm.env, BANKCLIENT_PIN: PINS[who], ...env });
  outputs.push(r);
  return r;
}

const subject = (cn: string) => `CN=${cn},O=ООО «Ромашка»,C=RU,1.2.643.100.4=7707083893`;
const secretOf = (who: Who): string => /secret=([A-Z2-7]+)/.exec(readFileSync(file(`${who}.totp`), 'utf8'))![1]!;
const loginAs = (who: Who): CliResult => cli(who, ['login', '--token', who, '--key', `${who}-key`, '--json'], { BANKCLIENT_TOTP: bank.totp(secretOf(who)) });

/** A 1C file as an accounting system writes it: cp1251, CRLF, one of each kind of case. */
function oneCFile(today: string): Uint8Array {
  const d = today.split('-').reverse().join('.');
  const payer = ['ПлательщикСчет=40702810300000004583', 'Плательщик=ИНН 7707083893 ООО «Ромашка»', 'ПлательщикИНН=7707083893', 'ПлательщикКПП=770701001', 'Плательщик1=ООО «Ромашка»', 'ПлательщикРасчСчет=40702810300000004583', 'ПлательщикБанк1=АО «Песочница Банк»', 'ПлательщикБИК=044525225', 'ПлательщикКорсчет=30101810400000000225'];
  const payee = (inn: string) => ['ПолучательСчет=40602810700000000025', `ПолучательИНН=${inn}`, 'Получатель1=ООО «Лютик»', 'ПолучательРасчСчет=40602810700000000025', 'ПолучательБанк1=Банк 2', 'ПолучательБИК=049805746'];
  const order = (number: string, amount: string, inn: string, purpose: string, kind = 'Платежное поручение') => [
    `СекцияДокумент=${kind}`, `Номер=${number}`, `Дата=${d}`, `Сумма=${amount}`, ...payer, ...payee(inn), 'ВидОплаты=01', 'Код=0', 'Очередность=5', `НазначениеПлатежа=${purpose}`, 'КонецДокумента',
  ];
  const lines = [
    '1CClientBankExchange', 'ВерсияФормата=1.03', 'Кодировка=Windows', 'Отправитель=Бухгалтерия предприятия', 'Получатель=Банк-Клиент', `ДатаСоздания=${d}`, 'ВремяСоздания=10:00:00',
    `ДатаНачала=${d}`, `ДатаКонца=${d}`, 'РасчСчет=40702810300000004583', 'Документ=Платежное поручение',
    ...order('501', '25000.00', '500100732259', 'Оплата по счёту № 15, без НДС'),
    ...order('502', '1200000.00', '500100732259', 'Оплата по договору поставки № 7, без НДС'),
    ...order('503', '100.00', '7701325469', 'Оплата с неверным ИНН получателя'),
    ...order('504', '300.00', '500100732259', 'Требование', 'Платежное требование'),
    'КонецФайла',
  ];
  return encodeCp1251(`${lines.join('\r\n')}\r\n`);
}

beforeAll(async () => {
  hsm = new SoftHsm('cli-workflow');
  hsm.initTestToken('Director', PINS.Director);
  hsm.initTestToken('Chief', PINS.Chief);
  sandbox = await spawnSandbox(file('bank'));
  bank = new BankClient(sandbox.url, { url: sandbox.adminUrl, secret: sandbox.adminSecret });
  // the demo company the sandbox seeded, as the bank's officer knows it
  const bankDb = new Database(join(file('bank'), 'bank.sqlite'), { readonly: true });
  companyId = (bankDb.prepare("SELECT value FROM settings WHERE key = 'demo.company_id'").get() as { value: string }).value;
  bankDb.close();
}, 60_000);

afterAll(async () => {
  if (sandbox) await kill(sandbox);
  hsm?.cleanup();
});

async function enrol(who: Who, role: string, limit?: number): Promise<void> {
  const user = await bank.adminRequest<{ enrolmentCode: string }>('POST', '/admin/users', { companyId, name: `${who} Person`, role, ...(limit ? { limit } : {}) });
  const sent = cli(who, ['enroll', '--token', who, '--key', `${who}-key`, '--subject', subject(`${who} Person`), '--code', user.body.enrolmentCode, '--act', file(`${who}-act.pdf`), '--totp-out', file(`${who}.totp`), '--json']);
  expect(sent.status, sent.stderr).toBe(0);
  const pending = sent.json<{ enrollmentId: string; status: string }>();
  expect(pending.status).toBe('pending');
  expect(readFileSync(file(`${who}-act.pdf`)).subarray(0, 5).toString()).toBe('%PDF-');
  expect(sent.stdout).not.toContain(secretOf(who)); // the secret went to the file only
  await bank.adminRequest('POST', `/admin/enrollments/${pending.enrollmentId}/decision`, { approve: true });
  const done = cli(who, ['enroll', '--resume', '--token', who, '--wait', '10', '--json']);
  expect(done.status, done.stderr).toBe(0);
  expect(done.json()).toMatchObject({ status: 'approved' });
  const login = loginAs(who);
  expect(login.status, login.stderr).toBe(0);
  expect(login.json()).toMatchObject({ user: { role } });
}

describe('bankclient workflow', () => {
  it('enrols, logs in, imports a 1C file, signs as first and second signer, syncs to executed with verified receipts, exports the statement and reads it back', async () => {
    expect(companyId).not.toBe('');
    await enrol('Director', 'first-signature', 2_000_000_00);
    await enrol('Chief', 'second-signature');

    const today = bank.now().toISOString().slice(0, 10);
    writeFileSync(file('orders.txt'), oneCFile(today));
    const imported = cli('Director', ['import', file('orders.txt'), '--json']);
    const report = imported.json<{ imported: string[]; details: { rejected: { line: number; code: string; message: string }[] } }>();
    expect(report.imported).toHaveLength(3);
    expect(report.details.rejected).toHaveLength(1);
    expect(report.details.rejected[0]!.message).toMatch(/Платежное требование|payment request|kind/i);
    expect(imported.status).toBe(1); // not everything was imported
    const again = cli('Director', ['import', file('orders.txt'), '--json']).json<{ imported: string[]; details: { rejected: { code: string }[] } }>();
    expect(again.imported).toHaveLength(0);
    expect(again.details.rejected.filter((r) => r.code === 'import.duplicate')).toHaveLength(3);

    const [small, large, invalid] = report.imported as [string, string, string];
    const signed = cli('Director', ['sign-documents', '--token', 'Director', '--key', 'Director-key', '--status', 'draft', '--json']);
    const s = signed.json<{ signed: string[]; skipped: { id: string; code: string }[] }>();
    expect(s.signed.sort()).toEqual([small, large].sort());
    expect(s.skipped).toEqual([expect.objectContaining({ id: invalid, code: 'signing.has-errors' })]);

    expect(cli('Director', ['sync', '--json']).json()).toMatchObject({ pending: 0, failed: 0 });
    expect(cli('Chief', ['sync', '--json']).status).toBe(0);
    const second = cli('Chief', ['sign-documents', '--token', 'Chief', '--key', 'Chief-key', '--awaiting', '--json']);
    expect(second.json<{ signed: string[] }>().signed).toEqual([large]);
    expect(cli('Chief', ['sync', '--json']).json()).toMatchObject({ pending: 0 });

    await bank.advanceClock(3600);
    await bank.advanceClock(3600);
    expect(loginAs('Director').status).toBe(0);
    const synced = cli('Director', ['sync', '--json']);
    expect(synced.status, synced.stdout).toBe(0);
    for (const id of [small, large]) {
      expect(cli('Director', ['documents', 'show', id, '--json']).json()).toMatchObject({ status: 'executed', missing: [] });
    }
    const db = new Database(join(file('profile-Director'), 'bankclient.sqlite'), { readonly: true });
    const receipts = db.prepare('SELECT status FROM receipts WHERE document_id = ? ORDER BY cursor').all(large) as { status: string }[];
    db.close();
    expect(receipts.map((r) => r.status)).toEqual(['signed', 'delivered', 'accepted', 'executed']);

    const from = new Date(Date.parse(today) - 7 * 86_400_000).toISOString().slice(0, 10);
    const to = bank.now().toISOString().slice(0, 10);
    const exported = cli('Director', ['statements', 'export', '--format', '1c', '--account', '40702810300000004583', '--from', from, '--to', to, '--out', file('statement.txt'), '--json']);
    expect(exported.status, exported.stderr).toBe(0);
    const bytes = readFileSync(file('statement.txt'));
    expect(bytes.includes(Buffer.from('Кодировка'))).toBe(false); // cp1251, not UTF-8
    const back = readOneCStatement(bytes);
    expect(back.account.number).toBe('40702810300000004583');
    expect(back.entries.filter((e) => e.direction === 'debit').map((e) => e.amount)).toEqual(expect.arrayContaining([25_000_00, 1_200_000_00]));
    expect(back.closingBalance).toBe(exported.json<{ closingBalance: number }>().closingBalance);

    expect(cli('Director', ['audit', 'verify', '--json']).json()).toMatchObject({ ok: true });
    expect(cli('Director', ['contracts', '--json']).json<unknown[]>().length).toBeGreaterThan(0);
    for (const o of outputs) {
      for (const pin of Object.values(PINS)) expect(o.stdout + o.stderr).not.toContain(pin);
    }
  }, 120_000);
});
