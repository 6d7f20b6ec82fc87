/**
 * The editor's channels through the browser host (inputs parsed by the table's schemas, errors as
 * codes): validation without storing in both languages, starting contents, counterparties,
 * templates, a contract payment pre-filled from a synced schedule, the bank's payoff quote, and
 * attachments uploaded in pieces.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { vatOf } from '../../src/main/documents/editor-support.ts';
import { getSetting } from '../../src/sandbox/store.ts';
import { DOCUMENT_EXAMPLES, validateDocument } from '../../src/shared/bank-api/documents/index.ts';
import { useAppServices } from '../helpers/app-services.ts';
import { enrolAndLogin } from '../helpers/client-flow.ts';

const app = useAppServices('editor-channels', { tokens: [{ label: 'Accountant', pin: '11112222' }], actor: 'Петрова', today: 'bank' });
const { rpc, ok, today } = app;

interface Finding {
  field: string;
  code: string;
  severity: 'error' | 'warning';
  message: string;
}

beforeAll(async () => {
  await enrolAndLogin(app.bank, app.client, { token: 'Accountant', pin: '11112222', name: 'Петрова Анна Сергеевна', role: 'first-signature', companyId: app.companyId });
  await app.client.sync().syncOnce();
}, 90_000);

describe('editor.validate', () => {
  const wrong = { ...DOCUMENT_EXAMPLES['payment-order'], payee: { ...DOCUMENT_EXAMPLES['payment-order'].payee, inn: '7701325469', account: '40602810700000000026' } };

  it('finds a wrong INN check digit and a wrong account key, each under its field, worded in English', async () => {
    const r = await ok<{ ok: boolean; findings: Finding[] }>('editor.validate', { kind: 'payment-order', content: { ...wrong, date: today() }, locale: 'en' });
    expect(r.ok).toBe(false);
    expect(r.findings).toEqual(
      expect.arrayContaining([
        { field: 'payee.inn', code: 'inn.checksum', severity: 'error', message: "The payee's INN has a wrong check digit: check it against the contract or the invoice" },
        expect.objectContaining({ field: 'payee.account', code: 'account.key', severity: 'error', message: expect.stringContaining("does not match the bank's BIC") }),
      ]),
    );
    // nothing was stored
    expect(app.client.documents.list().total).toBe(0);
  });

  it('words the same findings in Russian', async () => {
    const r = await ok<{ findings: Finding[] }>('editor.validate', { kind: 'payment-order', content: { ...wrong, date: today() }, locale: 'ru' });
    expect(r.findings.find((f) => f.field === 'payee.inn')?.message).toBe('ИНН получателя указан с ошибкой: неверное контрольное число');
    expect(r.findings.find((f) => f.field === 'payee.account')?.message).toContain('не соответствует БИК банка');
  });

  it("uses the client's clock: a payment order dated long ago has expired", async () => {
    const r = await ok<{ findings: Finding[] }>('editor.validate', { kind: 'payment-order', content: { ...DOCUMENT_EXAMPLES['payment-order'], date: '2020-01-10' }, locale: 'en' });
    expect(r.findings).toContainEqual(expect.objectContaining({ field: 'date', code: 'date.expired' }));
  });

  it('reports a content without the structure of its kind as findings, not as a failure', async () => {
    const r = await ok<{ ok: boolean; findings: Finding[] }>('editor.validate', { kind: 'letter', content: { subject: 'x', body: 5, attachments: [], extra: 1 }, locale: 'en' });
    expect(r.ok).toBe(false);
    expect(r.findings.map((f) => f.field)).toEqual(expect.arrayContaining(['body', 'extra']));
  });

  it('refuses an unknown kind at the channel table', async () => {
    const r = await rpc('editor.validate', { kind: 'cheque', content: {}, locale: 'en' });
    expect(r.status).toBe(422);
  });
});

describe('new documents, counterparties, templates', () => {
  it("starts a payment order with today's date, the next number and the company's account from the last exchange", async () => {
    const r = await ok<{ content: { number: string; date: string; payer: { name: string; inn: string; account: string; bank: { bic: string } } }; context: { today: string } }>('editor.new', { kind: 'payment-order' });
    expect(r.context.today).toBe(today());
    // the company's KPP from its profile at the bank (the session), so no "a company usually has a KPP" warning
    expect(r.content).toMatchObject({ number: '1', date: today(), payer: { name: 'ООО «Ромашка»', inn: '7707083893', kpp: '770701001', bank: { bic: '044525225' } } });
    expect(r.content.payer.account).toMatch(/^40702810/);
  });

  it('finds payees paid before by name, INN or account', async () => {
    const doc = app.client.documents.create({ kind: 'payment-order', content: { ...DOCUMENT_EXAMPLES['payment-order'], date: today() } });
    const byName = await ok<{ items: { name: string; inn: string; account: string; bic: string }[] }>('editor.counterparties', { text: 'Лютик' });
    expect(byName.items).toEqual([expect.objectContaining({ name: 'ООО "Лютик"', inn: '500100732259', account: '40602810700000000025', bic: '049805746', bankName: 'Банк 2' })]);
    expect((await ok<{ items: unknown[] }>('editor.counterparties', { text: '5001007' })).items).toHaveLength(1);
    expect((await ok<{ items: unknown[] }>('editor.counterparties', { text: 'нет такого' })).items).toHaveLength(0);
    app.client.documents.remove(doc.id);
  });

  it('saves a content as typed as a template and makes a new draft from it', async () => {
    const content = { ...DOCUMENT_EXAMPLES['payment-order'], date: '2026-01-01', number: '7' };
    const saved = await ok<{ id: string }>('editor.templates.save', { name: '  Аренда  ', kind: 'payment-order', content });
    const list = await ok<{ items: { id: string; name: string; summary: string }[] }>('editor.templates.list', { kind: 'payment-order', locale: 'en' });
    expect(list.items).toEqual([expect.objectContaining({ id: saved.id, name: 'Аренда', summary: expect.stringContaining('Лютик') })]);
    expect((await ok<{ items: unknown[] }>('editor.templates.list', { kind: 'letter', locale: 'en' })).items).toEqual([]);
    const again = await rpc<{ code: string }>('editor.templates.save', { name: 'Аренда', kind: 'payment-order', content });
    expect(again).toMatchObject({ status: 400, body: { code: 'template.exists' } });
    const bad = await rpc<{ code: string }>('editor.templates.save', { name: 'Broken', kind: 'payment-order', content: { ...content, amount: '1.5' } });
    expect(bad).toMatchObject({ status: 400, body: { code: 'document.invalid' } });

    const made = await ok<{ id: string }>('editor.templates.apply', { id: saved.id });
    const doc = app.client.documents.get(made.id);
    expect(doc.body.content).toMatchObject({ amount: content.amount, date: today(), payee: content.payee });
    expect((doc.body.content as { number: string }).number).not.toBe('7');
    await ok('editor.templates.delete', { id: saved.id });
    expect((await ok<{ items: unknown[] }>('editor.templates.list', { locale: 'en' })).items).toEqual([]);
  });
});

describe('contracts from the last exchange', () => {
  it('lists the synced contracts with their next unpaid instalment and the company accounts', async () => {
    const { items } = await ok<{ items: { number: string; kind: string; nextPayment: { number: number } | null; requisites: { account: string } }[] }>('editor.contracts', {});
    expect(items.map((c) => c.number).sort()).toEqual(['КА-2025/118', 'КА-2026/042', 'ЛД-2025/007']);
    const leasing = (await ok<{ items: { number: string }[] }>('editor.contracts', { kind: 'leasing' })).items;
    expect(leasing.map((c) => c.number)).toEqual(['ЛД-2025/007']);
    const accounts = (await ok<{ items: { number: string; bic: string }[] }>('editor.accounts', {})).items;
    expect(accounts.map((a) => a.number).sort()).toEqual(['40702810300000004583', '40702810500000000031']);
  });

  it("pre-fills a leasing payment from the schedule's next unpaid instalment: a valid document", async () => {
    const contract = (await ok<{ items: { id: string; number: string }[] }>('editor.contracts', { kind: 'leasing' })).items[0]!;
    const bankSide = app.bank.portfolio.schedule(getSetting(app.bank.db, 'demo.company_id')!, contract.id).items.find((i) => !i.paid)!;
    const { content } = await ok<{ content: Record<string, unknown> & { amount: number; purpose: string } }>('editor.contract-prefill', { kind: 'leasing-payment', contractId: contract.id });
    expect(content).toMatchObject({
      contractId: 'ЛД-2025/007',
      instalment: { number: bankSide.number, dueDate: bankSide.dueDate },
      amount: bankSide.total,
      // the rouble account with the most money (the demo's main account)
      payer: { account: '40702810300000004583', bic: '044525225' },
      date: today(),
    });
    expect(content.purpose).toContain('№ ЛД-2025/007');
    // the contract's VAT rate and the schedule's VAT of this instalment, as the contract page shows them (not a fixed 20 %)
    const rateBp = app.bank.portfolio.contracts(getSetting(app.bank.db, 'demo.company_id')!).find((c) => c.id === contract.id)!.vatRateBp!;
    expect(content.purpose).toContain(`в т.ч. НДС ${rateBp / 100}% ${Math.floor(bankSide.vat! / 100)}.${String(bankSide.vat! % 100).padStart(2, '0')} руб.`);
    expect(bankSide.vat).toBe(vatOf(bankSide.total, rateBp / 100));
    const r = validateDocument({ kind: 'leasing-payment', version: 1, content } as never, { today: today() });
    expect(r.errors).toEqual([]);
    // the same by the contract's number, and a loan repayment from a chosen account
    const loan = await ok<{ content: { contractId: string; payer: { account: string }; purpose: string } }>('editor.contract-prefill', { kind: 'loan-repayment', contractId: 'КА-2025/118', account: '40702810500000000031' });
    expect(loan.content).toMatchObject({ contractId: 'КА-2025/118', payer: { account: '40702810500000000031' } });
    expect(loan.content.purpose).toContain('НДС не облагается');
  });

  it('pre-fills a later unpaid instalment named by its row of the schedule, and refuses a paid one', async () => {
    const contract = (await ok<{ items: { id: string; number: string }[] }>('editor.contracts', { kind: 'leasing' })).items[0]!;
    const items = app.bank.portfolio.schedule(getSetting(app.bank.db, 'demo.company_id')!, contract.id).items;
    const later = items.filter((i) => !i.paid)[1]!;
    const { content } = await ok<{ content: { instalment: { number: number; dueDate: string }; amount: number; purpose: string } }>('editor.contract-prefill', {
      kind: 'leasing-payment',
      contractId: contract.id,
      instalment: later.number,
    });
    expect(content).toMatchObject({ instalment: { number: later.number, dueDate: later.dueDate }, amount: later.total });
    expect(content.purpose).toContain(`платёж № ${later.number}`);
    const paid = items.find((i) => i.paid);
    if (paid) expect(await rpc('editor.contract-prefill', { kind: 'leasing-payment', contractId: contract.id, instalment: paid.number })).toMatchObject({ status: 400, body: { code: 'editor.instalment-unknown' } });
    expect(await rpc('editor.contract-prefill', { kind: 'leasing-payment', contractId: contract.id, instalment: 9999 })).toMatchObject({ status: 400, body: { code: 'editor.instalment-unknown' } });
  });

  it('refuses a contract of the other kind or one it does not know, in words', async () => {
    expect(await rpc('editor.contract-prefill', { kind: 'leasing-payment', contractId: 'КА-2025/118' })).toMatchObject({ status: 400, body: { code: 'editor.contract-kind' } });
    expect(await rpc('editor.contract-prefill', { kind: 'leasing-payment', contractId: 'ЛД-1999/1' })).toMatchObject({ status: 400, body: { code: 'editor.contract-unknown', params: { contract: 'ЛД-1999/1' } } });
  });

  it("asks the bank for the payoff quote: the bank's figures for the date", async () => {
    const date = today();
    const q = await ok<{ number: string; principal: number; accruedInterest: number; payoff: number; date: string }>('editor.payoff-quote', { contractId: 'КА-2026/042', date });
    const contractId = (await ok<{ items: { id: string; number: string }[] }>('editor.contracts', {})).items.find((c) => c.number === 'КА-2026/042')!.id;
    const bankSide = app.bank.portfolio.quote(getSetting(app.bank.db, 'demo.company_id')!, contractId, date);
    expect(q).toMatchObject({ number: 'КА-2026/042', date, principal: bankSide.principal, accruedInterest: bankSide.accruedInterest, payoff: bankSide.payoff });
    expect(q.payoff).toBe(q.principal + q.accruedInterest);
    // a date already passed: the bank's refusal comes back as a worded error
    const past = await rpc<{ code: string }>('editor.payoff-quote', { contractId: 'КА-2026/042', date: '2020-01-01' });
    expect(past).toMatchObject({ status: 400, body: { code: 'bank.problem' } });
  });
});

describe('attachments', () => {
  it('takes a file in pieces and gives back its reference; the bytes are kept in the profile by digest', async () => {
    const bytes = Buffer.alloc(1_200_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7) % 251;
    const { uploadId } = await ok<{ uploadId: string }>('editor.attachment.start', { name: 'акт осмотра.pdf', mediaType: 'application/pdf', size: bytes.length });
    const piece = 512 * 1024;
    for (let offset = 0; offset < bytes.length; offset += piece) {
      const r = await ok<{ received: number }>('editor.attachment.chunk', { uploadId, offset, data: bytes.subarray(offset, offset + piece).toString('base64') });
      expect(r.received).toBe(Math.min(offset + piece, bytes.length));
    }
    const ref = await ok<{ sha256: string; size: number; name: string; mediaType: string }>('editor.attachment.finish', { uploadId });
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(ref).toEqual({ name: 'акт осмотра.pdf', mediaType: 'application/pdf', size: bytes.length, sha256 });
    const kept = join(app.client.dataDir, 'attachments', sha256);
    expect(existsSync(kept) && readFileSync(kept).equals(bytes)).toBe(true);
  });

  it('refuses a file over the size limit, of a type the bank does not take, or empty, before any byte is sent', async () => {
    expect(await rpc('editor.attachment.start', { name: 'big.pdf', mediaType: 'application/pdf', size: 10 * 1024 * 1024 + 1 })).toMatchObject({ status: 400, body: { code: 'editor.attachment-too-large', params: { max: 10 } } });
    expect(await rpc('editor.attachment.start', { name: 'run.exe', mediaType: 'application/x-msdownload', size: 10 })).toMatchObject({ status: 400, body: { code: 'editor.attachment-type' } });
    expect(await rpc('editor.attachment.start', { name: 'empty.txt', mediaType: 'text/plain', size: 0 })).toMatchObject({ status: 400, body: { code: 'editor.attachment-empty' } });
  });

  it('refuses bytes beyond the size announced and a piece out of order', async () => {
    const { uploadId } = await ok<{ uploadId: string }>('editor.attachment.start', { name: 'a.txt', mediaType: '', size: 3 });
    expect(await rpc('editor.attachment.chunk', { uploadId, offset: 0, data: Buffer.from('abcd').toString('base64') })).toMatchObject({ status: 400, body: { code: 'editor.attachment-size-mismatch' } });
    const second = await ok<{ uploadId: string }>('editor.attachment.start', { name: 'b.txt', mediaType: 'text/plain', size: 3 });
    expect(await rpc('editor.attachment.chunk', { uploadId: second.uploadId, offset: 2, data: 'YQ==' })).toMatchObject({ status: 400, body: { code: 'editor.attachment-lost' } });
  });
});
