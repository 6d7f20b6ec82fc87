/**
 * The sandbox bank's early-repayment quote for a partial repayment (the new payment or term and
 * the new schedule) and its leasing schedules with VAT, over real HTTP with a SoftHSM login; every
 * answer checked against the contract's zod schema.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService } from '../../src/main/tokens/token-service.ts';
import { Contract, EarlyRepaymentQuote, Schedule } from '../../src/shared/bank-api/contracts.ts';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.ts';
import { getSetting } from '../../src/sandbox/store.ts';
import { http } from '../helpers/http.ts';
import { enrol, login } from '../helpers/sandbox.ts';
import { SoftHsm, SOFTHSM_MODULE } from '../helpers/softhsm.ts';

let hsm: SoftHsm;
let bank: RunningSandbox;
let session: string;

const get = (path: string) => http<unknown>('GET', bank.url + path, undefined, { authorization: `Bearer ${session}` });
const post = (path: string, body: unknown) => http<Record<string, unknown>>('POST', bank.url + path, body, { authorization: `Bearer ${session}` });
const inDays = (n: number): string => new Date(bank.clock.now().getTime() + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  hsm = new SoftHsm('partial-quote');
  hsm.initTestToken('Accountant', '12341234', '43214321');
  const tokens = new TokenService(SOFTHSM_MODULE);
  bank = await startSandbox({ dataDir: join(hsm.dir, 'bank') });
  const demo = getSetting(bank.db, 'demo.company_id')!;
  const who = await enrol(bank, tokens, hsm.dir, {
    token: 'Accountant', pin: '12341234', key: 'acc', companyId: demo, name: 'Петрова Анна Сергеевна', role: 'prepares',
    subject: 'CN=Петрова Анна Сергеевна,O=ООО «Ромашка»,C=RU,1.2.643.100.4=7707083893',
  });
  session = await login(bank, tokens, who);
});
afterAll(async () => {
  await bank?.close();
  hsm?.cleanup();
});

describe('partial early repayment quote', () => {
  it('lowers the payment over the same term, or keeps it and shortens the term; the new schedule repays exactly what is left', async () => {
    const contracts = (await get('/v1/contracts')).body as unknown[];
    const loan = contracts.map((c) => Contract.parse(c)).find((c) => c.kind === 'car-loan')!;
    const schedule = Schedule.parse((await get(`/v1/contracts/${loan.id}/schedule`)).body);
    const date = inDays(3);
    const coming = schedule.items.filter((i) => !i.paid && i.dueDate > date);
    const amount = 300_000_00;

    const lower = EarlyRepaymentQuote.parse((await post(`/v1/contracts/${loan.id}/early-repayment-quote`, { date, amount, recalculation: 'reduce-payment' })).body);
    const p = lower.partial!;
    expect(p.principalAfter).toBe(lower.principal - (amount - lower.accruedInterest));
    expect(p.paymentsLeft).toBe(coming.length);
    expect(p.schedule.map((i) => i.number)).toEqual(coming.map((i) => i.number));
    expect(p.schedule.map((i) => i.dueDate)).toEqual(coming.map((i) => i.dueDate));
    expect(p.schedule.reduce((s, i) => s + i.principal, 0)).toBe(p.principalAfter);
    expect(p.newPayment).toBeLessThan(loan.nextPayment!.amount);
    expect(p.lastDueDate).toBe(coming.at(-1)!.dueDate);

    const shorter = EarlyRepaymentQuote.parse((await post(`/v1/contracts/${loan.id}/early-repayment-quote`, { date, amount, recalculation: 'reduce-term' })).body).partial!;
    expect(shorter.newPayment).toBe(coming[0]!.total);
    expect(shorter.paymentsLeft).toBeLessThan(coming.length);
    expect(shorter.schedule.reduce((s, i) => s + i.principal, 0)).toBe(shorter.principalAfter);
    expect(shorter.lastDueDate! < coming.at(-1)!.dueDate).toBe(true);

    // the full quote stays as it was: no `partial` without an amount
    expect(EarlyRepaymentQuote.parse((await post(`/v1/contracts/${loan.id}/early-repayment-quote`, { date })).body).partial).toBeUndefined();
  });

  it('refuses a partial amount that repays everything, one that covers only the interest, and an amount without its recalculation', async () => {
    const loan = ((await get('/v1/contracts')).body as unknown[]).map((c) => Contract.parse(c)).find((c) => c.kind === 'car-loan')!;
    const date = inDays(3);
    const full = EarlyRepaymentQuote.parse((await post(`/v1/contracts/${loan.id}/early-repayment-quote`, { date })).body);
    const everything = await post(`/v1/contracts/${loan.id}/early-repayment-quote`, { date, amount: full.payoff, recalculation: 'reduce-term' });
    expect(everything.status).toBe(422);
    expect(everything.body.errors).toEqual([expect.objectContaining({ field: 'amount', code: 'amount.partial' })]);
    const tiny = await post(`/v1/contracts/${loan.id}/early-repayment-quote`, { date, amount: 1, recalculation: 'reduce-payment' });
    expect(tiny.status).toBe(422);
    const half = await post(`/v1/contracts/${loan.id}/early-repayment-quote`, { date, amount: 100_00 });
    expect(half.body.code).toBe('malformed-request');
  });

  it('gives leasing schedules the VAT inside each payment at the rate of its date, and the contract its VAT rate', async () => {
    const leasing = ((await get('/v1/contracts')).body as unknown[]).map((c) => Contract.parse(c)).find((c) => c.kind === 'leasing')!;
    expect(leasing.vatRateBp).toBe(bank.clock.now().toISOString() >= '2026-01-01' ? 2200 : 2000);
    const items = Schedule.parse((await get(`/v1/contracts/${leasing.id}/schedule`)).body).items;
    for (const i of items) {
      const bp = i.dueDate >= '2026-01-01' ? 2200 : 2000;
      expect(i.vat).toBe(Math.round((i.total * bp) / (10_000 + bp)));
    }
    const loan = ((await get('/v1/contracts')).body as unknown[]).map((c) => Contract.parse(c)).find((c) => c.kind === 'car-loan')!;
    expect(loan.vatRateBp).toBeUndefined();
    expect(Schedule.parse((await get(`/v1/contracts/${loan.id}/schedule`)).body).items.every((i) => i.vat === undefined)).toBe(true);
  });
});
