/**
 * A man in the middle between the client and the bank rewrites the bank's letters (issue 13,
 * defect 15): the text of a genuine letter changed in transit («pay to another account»; its date), a
 * letter signed by a look-alike of the bank's receipts certificate, a letter passed off as the
 * bank's under a customer's own signature, and a letter with its signature taken off. Each is
 * refused at the exchange with a notice naming the letter and what failed; nothing of it is
 * kept, a letter kept before stays as it was, and the untouched letters are kept with the bank's
 * verified seal.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../../src/main/client.ts';
import { lookAlikeSigner } from '../../src/main/tokens/look-alike.ts';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.ts';
import { getSetting } from '../../src/sandbox/store.ts';
import { DIRECTORY_SIGNATURE_HEADER } from '../../src/shared/bank-api/directory-signature.ts';
import { letterSignedBytes, type Message } from '../../src/shared/bank-api/messages.ts';
import { enrolAndLogin, type Person } from '../helpers/client-flow.ts';
import { SoftHsm, SOFTHSM_MODULE } from '../helpers/softhsm.ts';

/** An HTTP proxy that forwards to the bank and lets the test rewrite the list of letters. */
class Interceptor {
  private server?: Server;
  rewrite?: (letters: Message[]) => Promise<Message[]> | Message[];

  constructor(private readonly target: string) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const headers: Record<string, string> = {};
        for (const h of ['authorization', 'content-type', 'accept', 'if-none-match']) if (req.headers[h]) headers[h] = String(req.headers[h]);
        const answer = await fetch(this.target + req.url, { method: req.method, headers, ...(chunks.length ? { body: Buffer.concat(chunks) } : {}) });
        let body = Buffer.from(await answer.arrayBuffer());
        if (this.rewrite && req.method === 'GET' && req.url === '/v1/messages' && answer.status === 200) {
          body = Buffer.from(JSON.stringify(await this.rewrite(JSON.parse(body.toString('utf8')) as Message[])));
        }
        const out: Record<string, string> = { 'content-type': answer.headers.get('content-type') ?? 'application/octet-stream' };
        for (const h of ['etag', DIRECTORY_SIGNATURE_HEADER]) {
          const v = answer.headers.get(h);
          if (v) out[h] = v;
        }
        res.writeHead(answer.status, out).end(body);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

let hsm: SoftHsm;
let bank: RunningSandbox;
let mitm: Interceptor;
let client: Client;
let person: Person;
let companyId: string;

const today = (): string => bank.clock.now().toISOString().slice(0, 10);
const keptBody = (id: string): string | undefined => client.bankData.message(id)?.body;
const keptIds = (): string[] => client.bankData.messages().map((m) => m.id);
/** The bank posts a letter; the client's next exchange, through the man in the middle, brings it. */
const officerLetter = (subject: string, body: string): Message => bank.mailbox.send(companyId, { subject, body, attachments: [] });

beforeAll(async () => {
  hsm = new SoftHsm('attack-letters');
  hsm.initTestToken('Accountant', '20202020');
  bank = await startSandbox({ dataDir: join(hsm.dir, 'bank') });
  companyId = getSetting(bank.db, 'demo.company_id')!;
  mitm = await new Interceptor(bank.url).start();
  client = new Client({ dataDir: join(hsm.dir, 'profile'), bankUrl: mitm.url, modulePath: SOFTHSM_MODULE, env: { ...process.env, ...hsm.env }, actor: 'test', today });
  person = await enrolAndLogin(bank, client, { token: 'Accountant', pin: '20202020', name: 'Петрова Анна Сергеевна', role: 'prepares', companyId });
}, 60_000);

afterAll(async () => {
  client?.close();
  await mitm?.stop();
  await bank?.close();
  hsm?.cleanup();
});

describe("a man in the middle rewriting the bank's letters", () => {
  it('a letter whose text was changed in transit is refused with a notice, nothing of it kept; the others are kept with the verified seal', async () => {
    const genuine = officerLetter('Смена реквизитов', 'Реквизиты банка не менялись.');
    mitm.rewrite = (letters) => letters.map((m) => (m.id === genuine.id ? { ...m, body: 'Реквизиты изменились: платите на счёт 40702810900000000666.' } : m));
    const report = await client.sync().syncOnce();
    expect(report.error?.code).toBe('sync.letter-invalid');
    const state = client.sync().state();
    expect(state.lastError?.code).toBe('sync.letter-invalid');
    expect(state.lastError?.params).toMatchObject({ id: genuine.id, subject: 'Смена реквизитов', reason: 'signature' });
    // what the user reads of it: the letter named, why, and that it was not kept
    expect(state.lastError?.message).toContain('Смена реквизитов');
    expect(keptIds()).not.toContain(genuine.id);
    // the demo's letters, untouched, are kept with the bank's seal
    const kept = client.bankData.messages();
    expect(kept.length).toBe(2);
    for (const m of kept) expect(m.seal).toMatchObject({ by: 'bank', certificateSerial: bank.ca.receipts.cert.serialNumber.toLowerCase() });

    // without the man in the middle the genuine letter arrives, verified
    mitm.rewrite = undefined;
    expect((await client.sync().syncOnce()).error).toBeUndefined();
    expect(keptBody(genuine.id)).toBe('Реквизиты банка не менялись.');
    expect(client.bankData.message(genuine.id)?.seal?.by).toBe('bank');
  });

  it('a letter whose date was changed in transit is refused, and a kept letter keeps its date', async () => {
    const genuine = officerLetter('Срок оплаты', 'Оплатите счёт до конца месяца.');
    const otherDay = new Date(Date.parse(genuine.sentAt) - 40 * 86_400_000).toISOString();
    mitm.rewrite = (letters) => letters.map((m) => (m.id === genuine.id ? { ...m, sentAt: otherDay } : m));
    const report = await client.sync().syncOnce();
    expect(report.error?.code).toBe('sync.letter-invalid');
    expect(client.sync().state().lastError?.params).toMatchObject({ id: genuine.id, subject: 'Срок оплаты', reason: 'signature' });
    expect(keptIds()).not.toContain(genuine.id);

    // unchanged it is kept with its date; a later exchange that changes the date is refused and the kept date stays
    mitm.rewrite = undefined;
    expect((await client.sync().syncOnce()).error).toBeUndefined();
    expect(client.bankData.message(genuine.id)?.sentAt).toBe(genuine.sentAt);
    mitm.rewrite = (letters) => letters.map((m) => (m.id === genuine.id ? { ...m, sentAt: otherDay } : m));
    expect((await client.sync().syncOnce()).error?.code).toBe('sync.letter-invalid');
    expect(client.bankData.message(genuine.id)?.sentAt).toBe(genuine.sentAt);

    mitm.rewrite = undefined;
  });

  it('a letter kept before is not changed by a later exchange that rewrites it', async () => {
    const kept = client.bankData.messages().find((m) => m.subject === 'Смена реквизитов')!;
    mitm.rewrite = (letters) => letters.map((m) => (m.id === kept.id ? { ...m, body: 'Платите на счёт 40702810900000000666.' } : m));
    expect((await client.sync().syncOnce()).error?.code).toBe('sync.letter-invalid');
    expect(keptBody(kept.id)).toBe('Реквизиты банка не менялись.');
  });

  it("a letter signed by a look-alike of the bank's receipts certificate is refused as not the bank's", async () => {
    const forger = await lookAlikeSigner(bank.ca.receipts.cert.toString('pem'));
    const forged: Message = {
      id: '00000000-0000-4000-8000-000000000666',
      direction: 'from-bank',
      subject: 'Срочно',
      body: 'Подтвердите платёж кодом из SMS.',
      sentAt: bank.clock.now().toISOString(),
      read: false,
      inReplyTo: null,
      attachments: [],
      signature: null,
    };
    const cms = await forger.sign(letterSignedBytes({ ...forged, companyId }));
    forged.signature = { cms: cms.toString('base64'), signer: { name: 'bank', certificateSerial: bank.ca.receipts.cert.serialNumber.toLowerCase() }, signedAt: forged.sentAt };
    mitm.rewrite = (letters) => [forged, ...letters];
    const report = await client.sync().syncOnce();
    expect(report.error?.code).toBe('sync.letter-invalid');
    expect(client.sync().state().lastError?.params).toMatchObject({ id: forged.id });
    expect(keptIds()).not.toContain(forged.id);
  });

  it("a letter passed off as the bank's under a customer's own signature, and one with its signature taken off, are refused", async () => {
    const base = { direction: 'from-bank' as const, sentAt: bank.clock.now().toISOString(), read: false, inReplyTo: null, attachments: [] };
    const bytes = (m: { id: string; subject: string; body: string }) => Buffer.from(letterSignedBytes({ ...base, ...m, companyId }));
    const byCustomer = { ...base, id: '00000000-0000-4000-8000-000000000667', subject: 'От банка', body: 'Смените PIN по ссылке.' };
    const cms = await client.tokens.sign(person.token, person.pin, person.key, bytes(byCustomer));
    mitm.rewrite = (letters) => [{ ...byCustomer, signature: { cms: cms.toString('base64'), signer: { name: 'bank', certificateSerial: '01' }, signedAt: base.sentAt } }, ...letters];
    expect((await client.sync().syncOnce()).error?.code).toBe('sync.letter-invalid');
    expect(client.sync().state().lastError?.params).toMatchObject({ id: byCustomer.id, reason: 'signer' });
    expect(keptIds()).not.toContain(byCustomer.id);

    const genuine = officerLetter('Без подписи', 'Текст.');
    mitm.rewrite = (letters) => letters.map((m) => (m.id === genuine.id ? { ...m, signature: null } : m));
    expect((await client.sync().syncOnce()).error?.code).toBe('sync.letter-invalid');
    expect(client.sync().state().lastError?.params).toMatchObject({ id: genuine.id, reason: 'unsigned' });
    expect(keptIds()).not.toContain(genuine.id);
    mitm.rewrite = undefined;
  });
});
