import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.ts';
import { getSetting } from '../../src/sandbox/store.ts';
import { TokenService } from '../../src/main/tokens/token-service.ts';
import { isValidAccountKey } from '../../src/shared/domain/requisites.ts';
import { SoftHsm, SOFTHSM_MODULE } from '../helpers/softhsm.ts';
import { http } from '../helpers/http.ts';
import { createHash } from 'node:crypto';
import { letterSignedBytes } from '../../src/shared/bank-api/messages.ts';
import { adminCall, enrol, login, type Signer } from '../helpers/sandbox.ts';
import { OPERATIONS } from '../../src/shared/bank-api/routes.ts';

let hsm: SoftHsm;
let bank: RunningSandbox;
let tokens: TokenService;
let session: string;
let otherSession: string;
let accountant: Signer;

const get = <T = Record<string, unknown>>(path: string, token = session) => http<T>('GET', bank.url + path, undefined, { authorization: `Bearer ${token}` });
const send = <T = Record<string, unknown>>(method: string, path: string, body: unknown, token = session) => http<T>(method, bank.url + path, body, { authorization: `Bearer ${token}` });

beforeAll(async () => {
  hsm = new SoftHsm('portfolio');
  hsm.initTestToken('Accountant', '12341234', '43214321');
  hsm.initTestToken('Stranger', '56785678', '87658765');
  tokens = new TokenService(SOFTHSM_MODULE);
  bank = await startSandbox({ dataDir: join(hsm.dir, 'bank') });
  const demo = getSetting(bank.db, 'demo.company_id')!;
  accountant = await enrol(bank, tokens, hsm.dir, {
    token: 'Accountant', pin: '12341234', key: 'acc', companyId: demo, name: 'Петрова Анна Сергеевна', role: 'prepares',
    subject: 'CN=Петрова Анна Сергеевна,O=ООО «Ромашка»,C=RU,1.2.643.100.4=7707083893',
  });
  session = await login(bank, tokens, accountant);
  const other = (await adminCall(bank, 'POST', '/admin/companies', { name: 'ООО «Лютик»', inn: '7736050003', ogrn: '1027739099629' })).body.companyId as string;
  const stranger = await enrol(bank, tokens, hsm.dir, {
    token: 'Stranger', pin: '56785678', key: 'str', companyId: other, name: 'Чужой Директор', role: 'single-signature',
    subject: 'CN=Чужой Директор,O=ООО «Лютик»,C=RU,1.2.643.100.4=7736050003',
  });
  otherSession = await login(bank, tokens, stranger);
});
afterAll(async () => {
  await bank?.close();
  hsm?.cleanup();
});

describe('accounts and statements', () => {
  it('lists the demo accounts with balances, and a statement whose totals add up', async () => {
    const accounts = (await get<{ id: string; number: string; balance: number; bank: { bic: string } }[]>('/v1/accounts')).body;
    expect(accounts).toHaveLength(2);
    for (const a of accounts) expect(isValidAccountKey(a.bank.bic, a.number)).toBe(true);
    const main = accounts.find((a) => a.number === '40702810300000004583')!;
    expect(main.balance).toBe(1_250_000_00 - 180_000_00 + 420_500_50);
    const today = bank.clock.now().toISOString().slice(0, 10);
    const from = new Date(bank.clock.now().getTime() - 45 * 86_400_000).toISOString().slice(0, 10);
    const st = (await get<{ openingBalance: number; closingBalance: number; totalDebit: number; totalCredit: number; entries: { amount: number }[] }>(`/v1/accounts/${main.id}/statement?from=${from}&to=${today}`)).body;
    expect(st.entries).toHaveLength(2);
    expect(st.openingBalance).toBe(1_250_000_00);
    expect(st.closingBalance).toBe(st.openingBalance + st.totalCredit - st.totalDebit);
    expect(st.closingBalance).toBe(main.balance);
    expect((await get(`/v1/accounts/${main.id}/statement?from=2026-02-31&to=${today}`)).body.code).toBe('malformed-request');
    const backwards = await get(`/v1/accounts/${main.id}/statement?from=${today}&to=${from}`);
    expect(backwards.status).toBe(422);
    expect(backwards.body.errors).toEqual([expect.objectContaining({ field: 'from', code: 'period.order' })]);
  });
});

describe('contracts', () => {
  it('shows two car loans and a leasing contract with schedules, next payments and requisites that validate', async () => {
    const contracts = (await get<{ id: string; kind: string; outstanding: number; nextPayment: { amount: number } | null; requisites: { account: string; bic: string } }[]>('/v1/contracts')).body;
    expect(contracts.map((c) => c.kind).sort()).toEqual(['car-loan', 'car-loan', 'leasing']);
    for (const c of contracts) {
      expect(isValidAccountKey(c.requisites.bic, c.requisites.account)).toBe(true);
      const schedule = (await get<{ items: { principal: number; total: number; paid: boolean }[] }>(`/v1/contracts/${c.id}/schedule`)).body;
      expect(schedule.items.filter((i) => !i.paid).reduce((s, i) => s + i.principal, 0)).toBe(c.outstanding);
      expect(c.nextPayment?.amount).toBe(schedule.items.find((i) => !i.paid)!.total);
    }
  });

  it('quotes the early-repayment payoff as of a date: principal left plus interest accrued', async () => {
    const loan = (await get<{ id: string; outstanding: number }[]>('/v1/contracts')).body[0]!;
    const inTenDays = new Date(bank.clock.now().getTime() + 10 * 86_400_000).toISOString().slice(0, 10);
    const quote = (await send<{ principal: number; accruedInterest: number; payoff: number }>('POST', `/v1/contracts/${loan.id}/early-repayment-quote`, { date: inTenDays })).body;
    expect(quote.principal).toBe(loan.outstanding);
    expect(quote.accruedInterest).toBeGreaterThan(0);
    expect(quote.payoff).toBe(quote.principal + quote.accruedInterest);
    const past = await send('POST', `/v1/contracts/${loan.id}/early-repayment-quote`, { date: '2001-01-01' });
    expect(past.body.code).toBe('validation-failed');
  });
});

describe('messages', () => {
  it('shows the bank\'s letters unread, marks them read, and takes a reply with an attachment', async () => {
    const inbox = (await get<{ id: string; read: boolean; direction: string; attachments: { id: string; sha256: string }[] }[]>('/v1/messages')).body;
    expect(inbox.filter((m) => m.direction === 'from-bank' && !m.read)).toHaveLength(2);
    const withFile = inbox.find((m) => m.attachments.length > 0)!;
    const file = await fetch(`${bank.url}/v1/messages/${withFile.id}/attachments/${withFile.attachments[0]!.id}`, { headers: { authorization: `Bearer ${session}` } });
    expect(await file.text()).toBe('Тарифы с 01.12: платёж — 25 руб.');
    expect((await send('PATCH', `/v1/messages/${withFile.id}`, { read: true })).body.read).toBe(true);
    const pdf = Buffer.from('%PDF-1.4 test');
    // a letter to the bank is signed by a person of the company (tests/integration/signed-letters.test.ts)
    const letter = { subject: 'Re: Изменение тарифов', body: 'Спасибо, ознакомились.', inReplyTo: withFile.id };
    const companyId = getSetting(bank.db, 'demo.company_id')!;
    const bytes = letterSignedBytes({ ...letter, companyId, direction: 'to-bank', attachments: [{ name: 'акт.pdf', mediaType: 'application/pdf', sha256: createHash('sha256').update(pdf).digest('hex') }] });
    const signature = (await tokens.sign(accountant.token, accountant.pin, accountant.key, Buffer.from(bytes))).toString('base64');
    const reply = await send<{ inReplyTo: string; attachments: { size: number; sha256: string }[] }>('POST', '/v1/messages', {
      ...letter, attachments: [{ name: 'акт.pdf', mediaType: 'application/pdf', content: pdf.toString('base64') }], signature,
    });
    expect(reply.status).toBe(201);
    expect(reply.body.inReplyTo).toBe(withFile.id);
    expect(reply.body.attachments[0]).toMatchObject({ size: pdf.length });
    const exe = await send('POST', '/v1/messages', { subject: 'x', body: 'y', attachments: [{ name: 'run.exe', mediaType: 'application/x-msdownload', content: '' }], signature });
    expect(exe.status).toBe(400);
    expect(exe.body.errors).toEqual([expect.objectContaining({ field: 'attachments.0.mediaType' })]);
  });
});

describe('the contract', () => {
  it('the sandbox serves exactly the operations of the contract, no more and no fewer', () => {
    const contract = OPERATIONS.map((o) => `${o.method.toUpperCase()} ${o.path}`).sort();
    expect([...bank.routes].sort()).toEqual(contract);
  });
});

describe('company isolation', () => {
  it('gives another company nothing of this one: not its accounts, contracts, messages or attachments', async () => {
    const mine = (await get<{ id: string }[]>('/v1/accounts')).body;
    const theirs = (await get<unknown[]>('/v1/accounts', otherSession)).body;
    expect(theirs).toEqual([]);
    expect((await get(`/v1/accounts/${mine[0]!.id}/statement?from=2020-01-01&to=2030-01-01`, otherSession)).status).toBe(404);
    const contract = (await get<{ id: string }[]>('/v1/contracts')).body[0]!;
    expect((await get(`/v1/contracts/${contract.id}`, otherSession)).status).toBe(404);
    expect((await get(`/v1/contracts/${contract.id}/schedule`, otherSession)).status).toBe(404);
    expect((await send('POST', `/v1/contracts/${contract.id}/early-repayment-quote`, { date: '2030-01-01' }, otherSession)).status).toBe(404);
    const message = (await get<{ id: string; attachments: { id: string }[] }[]>('/v1/messages')).body.find((m) => m.attachments.length)!;
    expect((await get<unknown[]>('/v1/messages', otherSession)).body).toEqual([]);
    expect((await get(`/v1/messages/${message.id}`, otherSession)).status).toBe(404);
    expect((await get(`/v1/messages/${message.id}/attachments/${message.attachments[0]!.id}`, otherSession)).status).toBe(404);
    expect((await send('PATCH', `/v1/messages/${message.id}`, { read: false }, otherSession)).status).toBe(404);
  });
});
