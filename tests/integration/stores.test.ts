/**
 * The stores that own their tables, on real SQLite profiles: the bank data store's one order per
 * list (and that the app's channels, the editor and the CLI all show it), its lookups and
 * upserts; the signers store behind signerFor; one way to keep a template.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Account } from '../../src/shared/bank-api/accounts.ts';
import type { Contract } from '../../src/shared/bank-api/contracts.ts';
import type { Message } from '../../src/shared/bank-api/messages.ts';
import { DOCUMENT_EXAMPLES, EXAMPLES_VALID_ON } from '../../src/shared/bank-api/documents/index.ts';
import { backgroundSync } from '../../src/main/app-services/background-sync.ts';
import { bankDataHandlers } from '../../src/main/app-services/bank-data.ts';
import { listSigners, rememberSigner, signerFor } from '../../src/main/bank/signers.ts';
import { Client } from '../../src/main/client.ts';
import { DocumentService } from '../../src/main/documents/document-service.ts';
import { contractsOf, findContract } from '../../src/main/documents/editor-support.ts';
import { Templates } from '../../src/main/documents/templates.ts';
import { BankDataStore } from '../../src/main/store/bank-data.ts';
import { openDatabase, type Db } from '../../src/main/store/database.ts';
import { run } from '../../src/cli/main.ts';

const dirs: string[] = [];
const closers: (() => void)[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'bc-bank-data-'));
  dirs.push(d);
  return d;
}
function open(): { db: Db; store: BankDataStore; dir: string } {
  const dir = tempDir();
  const db = openDatabase(dir);
  closers.push(() => db.open && db.close());
  return { db, store: new BankDataStore(db), dir };
}
afterEach(() => {
  for (const close of closers.splice(0)) close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const requisites = { payeeName: 'ООО «Лизинг»', inn: '7701234567', kpp: '770101001', account: '40702810900000000001', bic: '044525225', bankName: 'ПАО Сбербанк', corrAccount: '30101810400000000225', purpose: '' };
const contract = (id: string, kind: Contract['kind'], number: string): Contract => ({
  id,
  kind,
  number,
  signedOn: '2025-01-10',
  subject: `Договор ${number}`,
  currency: 'RUB',
  principal: 100_000_00,
  rateBp: 1250,
  outstanding: 50_000_00,
  nextPayment: { number: 3, dueDate: '2026-03-01', amount: 5_000_00 },
  requisites,
});
const account = (id: string, number: string, balance: number): Account => ({
  id,
  number,
  currency: 'RUB',
  balance,
  bank: { name: 'ПАО Сбербанк', bic: '044525225', corrAccount: '30101810400000000225' },
  openedOn: '2024-05-01',
});
const message = (id: string, sentAt: string, extra: Partial<Message> = {}): Message => ({ id, direction: 'from-bank', subject: `Тема ${id}`, body: 'Текст', sentAt, read: false, inReplyTo: null, attachments: [], signature: null, ...extra } as Message);

// stored in an order that is none of the expected ones, and numbered so that by number alone
// leasing and loans interleave: a missing or different ORDER BY shows
const CONTRACTS = [contract('c1', 'leasing', '2025/001'), contract('c2', 'car-loan', '2025/004'), contract('c3', 'leasing', '2025/003'), contract('c4', 'car-loan', '2025/002')];
const BY_KIND_THEN_NUMBER = ['c4', 'c2', 'c1', 'c3'];
const MESSAGES = [
  message('m-old', '2026-01-05T09:00:00Z'),
  message('m-tie-a', '2026-02-01T10:00:00Z'),
  message('m-new', '2026-03-01T08:00:00Z'),
  message('m-tie-b', '2026-02-01T10:00:00Z', { direction: 'to-bank', read: true }),
];
// a tie in time: the one stored later is the newer (a reply sent in the same second as the bank's
// message comes above it), as the bank lists them; not by id
const NEWEST_FIRST = ['m-new', 'm-tie-b', 'm-tie-a', 'm-old'];

function fill(store: BankDataStore, at = '2026-03-02T12:00:00.000Z'): void {
  store.putBankView({ accounts: [account('a2', '40702810900000000002', 10), account('a1', '40702810900000000001', 20)], contracts: CONTRACTS, schedules: [] }, at);
  for (const m of MESSAGES) store.putMessage(m);
}

describe('bank data store', () => {
  it('lists contracts by kind (loans, then leasing), then by number; a kind alone in the same order', () => {
    const { store } = open();
    fill(store);
    expect(store.contracts().items.map((c) => c.id)).toEqual(BY_KIND_THEN_NUMBER);
    expect(store.contracts('leasing').items.map((c) => c.id)).toEqual(['c1', 'c3']);
    expect(store.contracts().updatedAt).toBe('2026-03-02T12:00:00.000Z');
  });

  it('lists messages newest first; in a tie in time the one stored later first, also after the bank changes one', () => {
    const { store } = open();
    fill(store);
    expect(store.messages().map((m) => m.id)).toEqual(NEWEST_FIRST);
    // the bank marks the first of the tie read: its JSON changes, its place does not
    store.putMessage({ ...MESSAGES[1]!, read: true });
    expect(store.messages().map((m) => m.id)).toEqual(NEWEST_FIRST);
    expect(store.message('m-tie-a')?.read).toBe(true);
    expect(store.fromBank()).toEqual(expect.arrayContaining([{ id: 'm-tie-a', read: true }, { id: 'm-old', read: false }]));
    expect(store.fromBank().map((m) => m.id)).not.toContain('m-tie-b');
  });

  it('keeps the order of messages a profile stored before the tie rule changed (migration 6), and new ones come above them', () => {
    const dir = tempDir();
    // schema 5: an exchange stored the bank's list as it came (newest first; a tie in the bank's order)
    const old = openDatabase(dir, { upTo: 5 });
    const insert = old.prepare('INSERT INTO messages (id, direction, subject, body, sent_at, read, in_reply_to, json) VALUES (?, ?, ?, ?, ?, 0, NULL, ?)');
    const bankOrder = [message('m-new', '2026-03-01T08:00:00Z'), message('m-tie-later', '2026-02-01T10:00:00Z'), message('m-tie-earlier', '2026-02-01T10:00:00Z'), message('m-old', '2026-01-05T09:00:00Z')];
    for (const m of bankOrder) insert.run(m.id, m.direction, m.subject, m.body, m.sentAt, JSON.stringify(m));
    old.close();
    const db = openDatabase(dir);
    closers.push(() => db.open && db.close());
    const store = new BankDataStore(db);
    expect(store.messages().map((m) => m.id)).toEqual(bankOrder.map((m) => m.id));
    // a reply sent in the same second as the bank's message lists above it, the old ones untouched
    store.putMessage(message('m-reply', '2026-02-01T10:00:00Z', { direction: 'to-bank', inReplyTo: 'm-tie-later' }));
    expect(store.messages().map((m) => m.id)).toEqual(['m-new', 'm-reply', 'm-tie-later', 'm-tie-earlier', 'm-old']);
  });

  it('lists accounts by number with the time of the latest exchange, and finds one by id or number', () => {
    const { store } = open();
    fill(store, '2026-03-01T00:00:00.000Z');
    store.putBankView({ accounts: [account('a2', '40702810900000000002', 99)], contracts: [], schedules: [] }, '2026-03-05T00:00:00.000Z');
    const { items, updatedAt } = store.accounts();
    expect(items.map((a) => [a.id, a.balance])).toEqual([
      ['a1', 20],
      ['a2', 99],
    ]);
    expect(updatedAt).toBe('2026-03-05T00:00:00.000Z');
    expect(store.account('40702810900000000001')?.id).toBe('a1');
    expect(store.account('a2')?.number).toBe('40702810900000000002');
    expect(store.account('nope')).toBeUndefined();
  });

  it("finds a contract by id before a contract whose number is that id", () => {
    const { store } = open();
    store.putBankView({ accounts: [], contracts: [contract('X-1', 'car-loan', 'КА-1'), contract('c9', 'leasing', 'X-1')], schedules: [] }, '2026-03-01T00:00:00.000Z');
    expect(store.contract('X-1')?.number).toBe('КА-1');
    expect(store.contract('X-1')?.id).toBe('X-1');
    expect(store.contract('КА-1')?.id).toBe('X-1');
  });

  it('keeps schedules by contract, and the editor takes the next unpaid instalment from them', () => {
    const { store } = open();
    const items = [
      { number: 1, dueDate: '2026-01-01', principal: 4_000_00, interest: 1_000_00, total: 5_000_00, paid: true },
      { number: 2, dueDate: '2026-02-01', principal: 4_100_00, interest: 900_00, total: 5_000_00, paid: false },
    ];
    store.putBankView({ accounts: [], contracts: [contract('c1', 'car-loan', 'КА-1')], schedules: [{ contractId: 'c1', items }] }, '2026-03-01T00:00:00.000Z');
    expect(store.schedule('c1')?.items).toEqual(items);
    expect(store.schedule('c2')).toBeUndefined();
    expect(findContract(store, 'КА-1').nextPayment).toEqual({ number: 2, dueDate: '2026-02-01', amount: 5_000_00 });
  });

  it("keeps an attachment's fetched bytes when the bank lists its message again", () => {
    const { store } = open();
    const sha256 = 'a'.repeat(64);
    const m = message('m1', '2026-03-01T00:00:00Z', { attachments: [{ id: 'f1', name: 'акт.pdf', mediaType: 'application/pdf', size: 3, sha256 }] });
    store.putMessage(m);
    expect(store.attachment('m1', 'f1')).toEqual({ name: 'акт.pdf', mediaType: 'application/pdf', size: 3, sha256, content: null });
    store.keepAttachmentContent('m1', 'f1', Buffer.from('pdf'));
    store.putMessage({ ...m, read: true });
    expect(store.attachment('m1', 'f1')?.content?.toString()).toBe('pdf');
    // the bytes of what we sent are kept from the upload, by digest
    store.putMessage(message('m2', '2026-03-01T00:00:01Z', { direction: 'to-bank', attachments: [{ id: 'f2', name: 'a.txt', mediaType: 'text/plain', size: 2, sha256 }] }), new Map([[sha256, Buffer.from('hi')]]));
    expect(store.attachment('m2', 'f2')?.content?.toString()).toBe('hi');
    expect(store.attachment('m2', 'nope')).toBeUndefined();
  });

  it('keeps a statement per account and period, a later fetch replacing it', () => {
    const { db, store } = open();
    const st = { account: account('a1', '40702810900000000001', 1), from: '2026-01-01', to: '2026-01-31', openingBalance: 0, totalDebit: 0, totalCredit: 1, closingBalance: 1, entries: [] };
    store.putStatement('a1', '2026-01-01', '2026-01-31', st, '2026-02-01T00:00:00.000Z');
    store.putStatement('a1', '2026-01-01', '2026-01-31', { ...st, closingBalance: 2 }, '2026-02-02T00:00:00.000Z');
    const rows = db.prepare('SELECT json, fetched_at FROM statements').all() as { json: string; fetched_at: string }[];
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]!.json).closingBalance).toBe(2);
    expect(rows[0]!.fetched_at).toBe('2026-02-02T00:00:00.000Z');
  });
});

describe('the app, the editor and the CLI list the bank data alike', () => {
  it('contracts and messages come in the same order from the channels, the editor and bankclient --json', async () => {
    const dir = tempDir();
    const client = new Client({ dataDir: dir, env: {} });
    closers.push(() => client.close());
    fill(client.bankData);
    const app = bankDataHandlers({ client, emit: () => {}, background: backgroundSync({ client, emit: () => {} }) });
    const appContracts = (await app['contracts.list']({})).contracts.map((c) => c.id);
    const appMessages = (await app['messages.list']({})).messages.map((m) => m.id);
    expect(appContracts).toEqual(BY_KIND_THEN_NUMBER);
    expect(appMessages).toEqual(NEWEST_FIRST);
    expect(contractsOf(client.bankData).map((c) => c.id)).toEqual(BY_KIND_THEN_NUMBER);

    const cli = async (command: string): Promise<{ id: string }[]> => {
      let out = '';
      const status = await run([command, '--json', '--data-dir', dir], { out: (t) => (out += t), err: () => {}, env: {} });
      expect(status).toBe(0);
      return JSON.parse(out) as { id: string }[];
    };
    expect((await cli('contracts')).map((c) => c.id)).toEqual(appContracts);
    expect((await cli('messages')).map((m) => m.id)).toEqual(appMessages);
  });

  it('bankclient messages says whose verified signature each letter carries', async () => {
    const dir = tempDir();
    const client = new Client({ dataDir: dir, env: {} });
    closers.push(() => client.close());
    client.bankData.putMessage({ ...message('m-bank', '2026-03-01T10:00:00.000Z'), seal: { by: 'bank', name: '', certificateSerial: '0a1b', signedAt: '2026-03-01T10:00:00.000Z' } });
    client.bankData.putMessage({ ...message('m-ours', '2026-03-02T10:00:00.000Z', { direction: 'to-bank' }), seal: { by: 'person', name: 'Петрова Анна Сергеевна', certificateSerial: '2c3d', signedAt: '2026-03-02T10:00:00.000Z' } });
    let out = '';
    expect(await run(['messages', '--lang', 'ru', '--data-dir', dir], { out: (t) => (out += t), err: () => {}, env: {} })).toBe(0);
    expect(out).toContain('Тема m-ours — подписано: Петрова Анна Сергеевна, сертификат № 2c3d (подпись проверена)');
    expect(out).toContain('Тема m-bank — подпись банка проверена, сертификат № 0a1b');
  });
});

describe('signers store', () => {
  const signer = { certificateSerial: '0a', token: 'Token', key: 'key-1', name: 'Петрова Анна', role: 'first', limit: null, company: 'ООО «Ромашка»', companyId: 'co-1' };

  it('signs as the latest signer of a key; one recorded without its company waits for the next login', async () => {
    const { db } = open();
    expect(() => signerFor(db, 'Token', 'key-1')).toThrow(expect.objectContaining({ code: 'signing.role-unknown' }));
    rememberSigner(db, { ...signer, companyId: null });
    expect(() => signerFor(db, 'Token', 'key-1')).toThrow(expect.objectContaining({ code: 'signing.role-unknown' }));
    rememberSigner(db, signer);
    expect(signerFor(db, 'Token', 'key-1')).toEqual(signer);
    await new Promise((r) => setTimeout(r, 5)); // a later login has a later time
    // a renewal: a new certificate for the same key, with a new limit
    rememberSigner(db, { ...signer, certificateSerial: '0b', limit: 1_000_00 });
    expect(signerFor(db, 'Token', 'key-1')).toMatchObject({ certificateSerial: '0b', limit: 1_000_00 });
    expect(listSigners(db).map((s) => s.certificateSerial)).toEqual(['0b', '0a']);
  });
});

describe('templates', () => {
  it('a template kept from a document and one kept from typed content share one list and one set of names', () => {
    const { db } = open();
    const docs = new DocumentService(db, { actor: 'test', today: () => EXAMPLES_VALID_ON });
    const templates = new Templates(docs);
    const d = docs.create({ kind: 'payment-order', content: DOCUMENT_EXAMPLES['payment-order'] });
    templates.save(' Аренда ', d.id);
    expect(() => templates.saveContent('Аренда', 'payment-order', DOCUMENT_EXAMPLES['payment-order'])).toThrow(expect.objectContaining({ code: 'template.exists' }));
    expect(() => templates.saveContent('  ', 'payment-order', DOCUMENT_EXAMPLES['payment-order'])).toThrow(expect.objectContaining({ code: 'template.name-required' }));
    const typed = templates.saveContent('Letter', 'letter', { subject: 'Тема', body: 'Текст', attachments: [] });
    expect(templates.list().map((t) => [t.name, t.kind])).toEqual([
      ['Letter', 'letter'],
      ['Аренда', 'payment-order'],
    ]);
    expect(templates.find(typed.id).content).toEqual({ subject: 'Тема', body: 'Текст', attachments: [] });
    templates.remove('Аренда');
    expect(templates.list().map((t) => t.name)).toEqual(['Letter']);
  });
});
