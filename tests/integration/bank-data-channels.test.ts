/**
 * The bank-data channels through the browser host, against the sandbox bank with a SoftHSM2
 * token: accounts and contracts as an exchange stored them, messages (opened = read at the
 * bank, attachments checked by digest, replies with uploaded attachments and their limits, the
 * messages.new event), statements read through the bank and exported to 1C and camt.053.
 */
import { describe, expect, it } from 'vitest';
import { readCamt053, readOneCStatement } from '../../src/main/formats/index.ts';
import { useAppServices } from '../helpers/app-services.ts';
import { enrolAndLogin, type Person } from '../helpers/client-flow.ts';
import { adminCall } from '../helpers/sandbox.ts';
import { XSD, xsdErrors } from '../helpers/xsd.ts';

const app = useAppServices('bank-data-channels', { tokens: [{ label: 'Accountant', pin: '24682468' }], processEnv: true });
const { rpc, ok, events } = app;
let person: Person;
/** What signs a letter: the token, key and PIN of the person logged in. */
const signer = () => ({ token: person.token, key: person.key, pin: person.pin });
const day = (offset: number): string => new Date(app.bank.clock.now().getTime() + offset * 86_400_000).toISOString().slice(0, 10);

interface Msg {
  id: string;
  direction: string;
  subject: string;
  read: boolean;
  inReplyTo: string | null;
  attachments: { id: string; name: string; size: number; sha256: string }[];
  seal: { by: string; name: string; certificateSerial: string } | null;
}

/** Uploads bytes in chunks of at most 512 KiB, as the page does. */
async function upload(name: string, mediaType: string, bytes: Buffer): Promise<string> {
  const { uploadId } = await ok<{ uploadId: string }>('messages.upload-start', { name, mediaType, size: bytes.length });
  for (let offset = 0; offset < bytes.length; offset += 512 * 1024) await ok('messages.upload-chunk', { uploadId, offset, data: bytes.subarray(offset, offset + 512 * 1024).toString('base64') });
  return uploadId;
}

describe('bank-data channels', () => {
  it('before any exchange: nothing stored, and what needs the bank asks to log in', async () => {
    expect(await ok('accounts.list', {})).toEqual({ accounts: [], updatedAt: null });
    expect(await ok('contracts.list', {})).toEqual({ contracts: [], updatedAt: null });
    expect(await ok('messages.list', {})).toEqual({ messages: [], unread: 0 });
    const none = await rpc('contracts.get', { id: 'nope' });
    expect(none.body.code).toBe('ui.bank-data.error.contract-not-found');
    expect((await rpc('statements.fetch', { accountId: 'x', from: '2026-01-01', to: '2026-01-31' })).body.code).toBe('ui.bank-data.error.account-unknown');
    const bad = await rpc('statements.fetch', { accountId: 'x', from: '2026-1-1', to: '2026-01-31' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'from' })]);
  });

  it('after login and an exchange: accounts with the bank\'s balances, contracts with the next payment and their schedules', async () => {
    person = await enrolAndLogin(app.bank, app.client, { token: 'Accountant', pin: '24682468', name: 'Петрова Анна Сергеевна', role: 'prepares', companyId: app.companyId });
    await ok('sync.run', { locale: 'en' });
    const { accounts, updatedAt } = await ok<{ accounts: { id: string; number: string; balance: number }[]; updatedAt: string }>('accounts.list', {});
    const atBank = app.bank.db.prepare('SELECT number, balance FROM accounts WHERE company_id = ? ORDER BY number').all(app.companyId) as { number: string; balance: number }[];
    expect(accounts.map((a) => ({ number: a.number, balance: a.balance }))).toEqual(atBank);
    expect(atBank).toHaveLength(2);
    expect(updatedAt).toBeTruthy();

    const { contracts } = await ok<{ contracts: { id: string; number: string; kind: string; nextPayment: { amount: number } | null }[] }>('contracts.list', {});
    expect(contracts.map((c) => c.number).sort()).toEqual(['КА-2025/118', 'КА-2026/042', 'ЛД-2025/007']);
    for (const c of contracts) expect(c.nextPayment?.amount).toBeGreaterThan(0);
    const loan = contracts.find((c) => c.number === 'КА-2025/118')!;
    const view = await ok<{ number: string; schedule: { number: number; principal: number }[]; principal: number; requisites: { purpose: string } }>('contracts.get', { id: loan.id });
    expect(view.schedule).toHaveLength(36);
    expect(view.schedule.reduce((s, i) => s + i.principal, 0)).toBe(view.principal);
    expect(view.requisites.purpose).toContain('КА-2025/118');
  });

  it('a message posted by the bank arrives with the next exchange as a messages.new event, unread', async () => {
    const posted = (await adminCall(app.bank, 'POST', `/admin/companies/${app.companyId}/messages`, { subject: 'Сверка', body: 'Пришлите акт сверки.', attachments: [] })).body as { id: string };
    events.length = 0;
    await ok('sync.run', { locale: 'en' });
    await expect.poll(() => events.filter((e) => e.event === 'messages.new')).toEqual([{ event: 'messages.new', payload: { count: 1, unread: 3, ids: [posted.id] } }]);
    const { messages, unread } = await ok<{ messages: Msg[]; unread: number }>('messages.list', {});
    expect(unread).toBe(3);
    expect(messages[0]).toMatchObject({ id: posted.id, read: false, direction: 'from-bank' });
    // every letter from the bank was kept with its verified signature: the receipts certificate's serial
    for (const m of messages) expect(m.seal).toEqual({ by: 'bank', name: '', certificateSerial: app.bank.ca.receipts.cert.serialNumber.toLowerCase(), signedAt: expect.any(String) });
    // another exchange without news says nothing
    events.length = 0;
    await ok('sync.run', { locale: 'en' });
    expect(events.filter((e) => e.event === 'messages.new')).toEqual([]);
  });

  it('opening an unread message marks it read at the bank; opening it again does not ask the bank', async () => {
    const { messages } = await ok<{ messages: Msg[] }>('messages.list', {});
    const m = messages.find((x) => x.subject === 'Сверка')!;
    expect(app.bank.mailbox.get(app.companyId, m.id).read).toBe(false);
    const opened = await ok<Msg>('messages.open', { id: m.id });
    expect(opened.read).toBe(true);
    expect(app.bank.mailbox.get(app.companyId, m.id).read).toBe(true);
    expect((await ok<{ unread: number }>('messages.list', {})).unread).toBe(2);
    // marked unread at the bank: the local copy (read) is what is shown until the next exchange
    app.bank.mailbox.markRead(app.companyId, m.id, false);
    expect((await ok<Msg>('messages.open', { id: m.id })).read).toBe(true);
    expect(app.bank.mailbox.get(app.companyId, m.id).read).toBe(false);
    expect((await rpc('messages.open', { id: 'missing' })).body.code).toBe('ui.bank-data.error.message-not-found');
  });

  it('gives an attachment\'s bytes as the bank listed them, and refuses bytes that do not match the listed digest', async () => {
    const { messages } = await ok<{ messages: Msg[] }>('messages.list', {});
    const m = messages.find((x) => x.attachments.some((a) => a.name === 'tariffs.txt'))!;
    const a = m.attachments[0]!;
    const file = await ok<{ name: string; content: string; size: number }>('messages.attachment', { messageId: m.id, attachmentId: a.id });
    expect(file.name).toBe('tariffs.txt');
    expect(Buffer.from(file.content, 'base64').toString('utf8')).toBe('Тарифы с 01.12: платёж — 25 руб.');
    // a listing that says other bytes: the download is refused, nothing cached
    app.client.db.prepare('UPDATE attachments SET content = NULL, sha256 = ? WHERE id = ?').run('0'.repeat(64), a.id);
    const refused = await rpc('messages.attachment', { messageId: m.id, attachmentId: a.id });
    expect(refused.body).toMatchObject({ code: 'ui.bank-data.error.attachment-digest', params: { name: 'tariffs.txt' } });
    expect((app.client.db.prepare('SELECT content FROM attachments WHERE id = ?').get(a.id) as { content: Buffer | null }).content).toBeNull();
  });

  it('replies with attachments uploaded in chunks; the bank has the reply, linked, with the same bytes', async () => {
    const { messages } = await ok<{ messages: Msg[] }>('messages.list', {});
    const original = messages.find((x) => x.subject === 'Сверка')!;
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(700 * 1024, 7)]);
    const txt = Buffer.from('Акт сверки прилагаем.');
    const ids = [await upload('акт сверки.pdf', 'application/pdf', pdf), await upload('note.txt', 'text/plain', txt)];
    const sent = await ok<Msg>('messages.send', { subject: 'Re: Сверка', body: 'Направляем акт сверки.', inReplyTo: original.id, uploads: ids, ...signer() });
    expect(sent).toMatchObject({ direction: 'to-bank', inReplyTo: original.id, seal: { by: 'person', name: 'Петрова Анна Сергеевна' } });
    const atBank = app.bank.mailbox.get(app.companyId, sent.id);
    expect(atBank.attachments.map((a) => [a.name, a.size])).toEqual([
      ['акт сверки.pdf', pdf.length],
      ['note.txt', txt.length],
    ]);
    expect(app.bank.mailbox.attachment(app.companyId, sent.id, atBank.attachments[0]!.id).content.equals(pdf)).toBe(true);
    // it is in the history, newest first, and its attachment is served from the profile
    const after = await ok<{ messages: Msg[] }>('messages.list', {});
    expect(after.messages[0]!.id).toBe(sent.id);
    const back = await ok<{ content: string }>('messages.attachment', { messageId: sent.id, attachmentId: sent.attachments[1]!.id });
    expect(Buffer.from(back.content, 'base64').equals(txt)).toBe(true);
    // an upload is used once
    expect((await rpc('messages.send', { subject: 'x', body: 'y', uploads: [ids[0]], ...signer() })).body.code).toBe('ui.bank-data.error.upload-unknown');
  });

  it('refuses attachments the bank would not take, each with a clear reason, before sending anything', async () => {
    const before = app.bank.mailbox.list(app.companyId).length;
    const big = await rpc('messages.upload-start', { name: 'scan.pdf', mediaType: 'application/pdf', size: 5 * 1024 * 1024 + 1 });
    expect(big.body).toMatchObject({ code: 'ui.bank-data.error.too-large', params: { name: 'scan.pdf', max: 5 * 1024 * 1024 } });
    expect((await rpc('messages.upload-start', { name: 'run.exe', mediaType: 'application/x-msdownload', size: 10 })).body.code).toBe('ui.bank-data.error.media-type');
    expect((await rpc('messages.upload-start', { name: '../etc/passwd', mediaType: 'text/plain', size: 10 })).body.code).toBe('ui.bank-data.error.file-name');
    // a chunk at the wrong offset breaks the upload
    const { uploadId } = await ok<{ uploadId: string }>('messages.upload-start', { name: 'a.txt', mediaType: 'text/plain', size: 10 });
    expect((await rpc('messages.upload-chunk', { uploadId, offset: 3, data: Buffer.from('abc').toString('base64') })).body.code).toBe('ui.bank-data.error.upload-broken');
    // two files under the per-file limit but over the total
    const three = Buffer.alloc(3 * 1024 * 1024, 1);
    const ids = [await upload('one.png', 'image/png', three), await upload('two.png', 'image/png', three)];
    const total = await rpc('messages.send', { subject: 'Фото', body: 'Два снимка', uploads: ids, ...signer() });
    expect(total.body).toMatchObject({ code: 'ui.bank-data.error.total-too-large' });
    // an incomplete upload is not sent
    const half = await ok<{ uploadId: string }>('messages.upload-start', { name: 'b.txt', mediaType: 'text/plain', size: 10 });
    await ok('messages.upload-chunk', { uploadId: half.uploadId, offset: 0, data: Buffer.from('12345').toString('base64') });
    expect((await rpc('messages.send', { subject: 's', body: 'b', uploads: [half.uploadId], ...signer() })).body.code).toBe('ui.bank-data.error.upload-broken');
    expect(app.bank.mailbox.list(app.companyId)).toHaveLength(before);
  });

  it('reads a statement through the bank: entries and balances that add up', async () => {
    const { accounts } = await ok<{ accounts: { id: string; number: string }[] }>('accounts.list', {});
    const main = accounts.find((a) => a.number === '40702810300000004583')!;
    const st = await ok<{ openingBalance: number; closingBalance: number; totalCredit: number; totalDebit: number; entries: { direction: string; amount: number; purpose: string }[] }>('statements.fetch', { accountId: main.id, from: day(-90), to: day(0) });
    expect(st.entries.map((e) => e.purpose)).toEqual(['Оплата по договору поставки № 12', 'Аванс по счёту № 77', 'Оплата по счёту № 80']);
    expect(st.openingBalance + st.totalCredit - st.totalDebit).toBe(st.closingBalance);
    const short = await ok<{ entries: unknown[] }>('statements.fetch', { accountId: main.id, from: day(-10), to: day(0) });
    expect(short.entries).toHaveLength(1);
    expect((await rpc('statements.fetch', { accountId: main.id, from: day(0), to: day(-1) })).body.code).toBe('ui.bank-data.error.period');
  });

  it('exports the statement to 1C in Windows-1251 (read back by the 1C reader) and to camt.053 (valid against the ISO XSD)', async () => {
    const { accounts } = await ok<{ accounts: { id: string; number: string }[] }>('accounts.list', {});
    const main = accounts.find((a) => a.number === '40702810300000004583')!;
    const q = { accountId: main.id, from: day(-90), to: day(0) };
    const onec = await ok<{ fileName: string; content: string; entries: number }>('statements.export', { ...q, format: '1c' });
    expect(onec.fileName).toBe(`kl_to_1c_40702810300000004583_${q.from}_${q.to}.txt`);
    const bytes = Buffer.from(onec.content, 'base64');
    // Windows-1251: "Кодировка=Windows" and Cyrillic as single bytes (К = 0xCA)
    expect(bytes.includes(Buffer.from([0xca, 0xee, 0xe4, 0xe8, 0xf0, 0xee, 0xe2, 0xea, 0xe0]))).toBe(true);
    const read = readOneCStatement(bytes);
    expect(read.account.number).toBe('40702810300000004583');
    expect(read.entries.map((e) => e.purpose)).toEqual(['Оплата по договору поставки № 12', 'Аванс по счёту № 77', 'Оплата по счёту № 80']);
    expect(read.openingBalance + read.totalCredit - read.totalDebit).toBe(read.closingBalance);

    const camt = await ok<{ fileName: string; content: string; mediaType: string }>('statements.export', { ...q, format: 'camt053' });
    expect(camt.fileName).toBe(`camt053_40702810300000004583_${q.from}_${q.to}.xml`);
    expect(xsdErrors(Buffer.from(camt.content, 'base64'), XSD.camt053v08)).toEqual([]);
    const parsed = readCamt053(Buffer.from(camt.content, 'base64'));
    expect(parsed.entries).toHaveLength(3);
    expect(parsed.accountNumber).toBe('40702810300000004583');
  });
});
